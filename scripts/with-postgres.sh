#!/usr/bin/env bash
# Runs a command with DATABASE_URL pointing at a throwaway PostgreSQL cluster, removed afterwards:
#   scripts/with-postgres.sh .venv/bin/pytest -q ipcollab/orgs
set -euo pipefail
source "$(dirname "$0")/lib.sh"
[ "$#" -gt 0 ] || die "usage: scripts/with-postgres.sh COMMAND [ARGS...]"
trap stop_pg EXIT INT TERM
start_pg
say "PostgreSQL on 127.0.0.1:$PG_PORT"
rc=0
DATABASE_URL="$PG_URL" "$@" || rc=$?
exit "$rc"
