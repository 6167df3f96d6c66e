#!/usr/bin/env bash
# `make test` (and CI): installs what is missing, then lint, import layers, translations, the pytest
# suite on SQLite and on a throwaway PostgreSQL cluster, the browser tests and the API contract tests.
#   PYTEST_WORKERS=2   pytest-xdist processes for the two database runs (0 = no xdist)
#   SKIP_PG=1          skip the PostgreSQL run (local iteration only; CI never sets it)
#   PYTEST_ARGS="..."  extra arguments for every pytest run (e.g. -x)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

export DJANGO_SETTINGS_MODULE="config.settings.test"
export DJANGO_ALLOW_ASYNC_UNSAFE=true
export HYPOTHESIS_PROFILE="${HYPOTHESIS_PROFILE:-ci}"
WORKERS="${PYTEST_WORKERS:-2}"
read -r -a EXTRA <<<"${PYTEST_ARGS:-}"
START=$SECONDS

# --- system packages -------------------------------------------------------------------------
missing=()
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
[ -n "$(pg_bin)" ] && [ -x "$(pg_bin)/initdb" ] || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || missing+=(fonts-noto-cjk fontconfig)
if [ "${#missing[@]}" -gt 0 ]; then
    apt_install "${missing[@]}"
fi

# --- environment -----------------------------------------------------------------------------
mkdir -p var
ensure_venv
ensure_node_modules
compile_messages

step() { say "[$((SECONDS - START))s] $*"; }

# pytest exit code 5 means "no tests collected": fine for a selection that is still empty.
run_pytest() {
    local rc=0
    "$VENV/bin/pytest" -p no:cacheprovider "${EXTRA[@]}" "$@" || rc=$?
    if [ "$rc" -eq 5 ]; then
        warn "no tests collected for: $*"
        return 0
    fi
    return "$rc"
}
xdist() { [ "$WORKERS" -gt 0 ] && echo "-n $WORKERS" || true; }

step "ruff check"
"$VENV/bin/ruff" check .
step "import layers (lint-imports)"
"$VENV/bin/lint-imports" --no-cache

SELECTION="not e2e and not contract and not concurrency"
step "pytest on SQLite"
# shellcheck disable=SC2046
run_pytest -q $(xdist) -m "$SELECTION"
# A real server (gunicorn) on the test database under concurrent requests: its own run, no xdist.
step "concurrency over HTTP on SQLite"
run_pytest -q -m concurrency tests/concurrency

# --- PostgreSQL: a throwaway cluster on a free port, removed afterwards (scripts/lib.sh) ------
trap stop_pg EXIT INT TERM

if [ "${SKIP_PG:-0}" = "1" ]; then
    warn "SKIP_PG=1: not running the suite on PostgreSQL"
else
    step "starting a throwaway PostgreSQL cluster"
    start_pg
    step "pytest on PostgreSQL (port $PG_PORT)"
    # shellcheck disable=SC2046
    DATABASE_URL="$PG_URL" run_pytest -q $(xdist) -m "$SELECTION"
    step "concurrency over HTTP on PostgreSQL"
    DATABASE_URL="$PG_URL" run_pytest -q -m concurrency tests/concurrency
    stop_pg
fi

step "browser tests (Playwright on /usr/bin/chromium)"
run_pytest -q -m e2e tests/e2e

step "API contract tests (schemathesis)"
run_pytest -q -m contract tests/contract

step "all checks passed in $((SECONDS - START)) s"
