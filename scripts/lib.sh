# Shared helpers of scripts/setup.sh, scripts/run.sh and scripts/test.sh (sourced, not run).
# Everything here is idempotent: a step whose inputs did not change since the last run is skipped
# (stamp files hold the hash of the inputs).

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
export PYTHONDONTWRITEBYTECODE="${PYTHONDONTWRITEBYTECODE:-}"

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
warn() { printf '\033[1;33m!!\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31mxx\033[0m %s\n' "$*" >&2; exit 1; }

sha_of() { cat "$@" 2>/dev/null | sha256sum | cut -d' ' -f1; }

_APT_UPDATED=""
# apt_install PKG...: installs Debian packages (noninteractive), running apt-get update once first.
apt_install() {
    [ "$#" -gt 0 ] || return 0
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 || die "missing Debian packages ($*) and not root: install them with apt-get"
        sudo="sudo"
    fi
    command -v apt-get >/dev/null 2>&1 || die "missing packages ($*) and no apt-get: install them by hand"
    say "installing Debian packages: $*"
    if [ -z "$_APT_UPDATED" ]; then
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        _APT_UPDATED=1
    fi
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

pick_python() {
    local candidate
    for candidate in python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

# ensure_venv: .venv in the repo root with the locked requirements (skipped when the lock is unchanged).
ensure_venv() {
    local python
    if ! python="$(pick_python)"; then
        apt_install python3 python3-venv
        python="$(pick_python)" || die "Python 3.11 or newer is required"
    fi
    if [ ! -x "$PY" ] || ! "$PY" -c 'import sys' >/dev/null 2>&1; then
        rm -rf "$VENV"
        say "creating .venv with $("$python" --version)"
        if ! "$python" -m venv "$VENV" 2>/dev/null; then
            rm -rf "$VENV"
            apt_install python3-venv
            "$python" -m venv "$VENV" || die "could not create .venv"
        fi
    fi
    local want stamp="$VENV/.ipcollab-requirements.sha256"
    want="$(sha_of requirements.lock)"
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        say "installing Python packages from requirements.lock"
        "$PY" -m pip install --quiet --disable-pip-version-check -r requirements.lock
        echo "$want" >"$stamp"
    fi
}

# ensure_node_modules: bootstrap, htmx.org and echarts from npm (skipped when package files are unchanged).
ensure_node_modules() {
    if ! command -v npm >/dev/null 2>&1; then
        apt_install nodejs npm
    fi
    local want stamp="$ROOT/node_modules/.ipcollab-npm.sha256"
    want="$(sha_of package.json package-lock.json)"
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ] || [ ! -d node_modules/bootstrap/dist ]; then
        say "installing front-end packages from npm"
        if [ -f package-lock.json ]; then
            npm ci --no-audit --no-fund --loglevel=error
        else
            npm install --no-audit --no-fund --loglevel=error
        fi
        echo "$want" >"$stamp"
    fi
}

ensure_gettext() {
    command -v msgfmt >/dev/null 2>&1 || apt_install gettext
}

# compile_messages: .po → .mo for the project's catalogues (locale/ and any app locale/ folder).
compile_messages() {
    ensure_gettext
    if [ -z "$(find locale ipcollab -name '*.po' -path '*LC_MESSAGES*' -print -quit 2>/dev/null)" ]; then
        warn "no translation catalogues (locale/*/LC_MESSAGES/*.po) yet: nothing to compile"
        return 0
    fi
    say "compiling translations"
    "$PY" manage.py compilemessages --verbosity 0 --ignore .venv --ignore node_modules --ignore var
}

# collect_static: skipped when neither the static sources nor the installed packages changed
# (compressing ECharts takes most of a minute).
collect_static() {
    local want stamp="$ROOT/var/.collectstatic.sha256"
    want="$({
        cat requirements.lock package-lock.json 2>/dev/null
        find static ipcollab -path '*/static/*' -type f -printf '%p %s %T@\n' 2>/dev/null | sort
        find node_modules/bootstrap/dist node_modules/htmx.org/dist node_modules/echarts/dist -type f -printf '%p %s %T@\n' 2>/dev/null | sort
    } | sha256sum | cut -d' ' -f1)"
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ] || [ ! -d var/staticfiles ]; then
        say "collecting static files (first time takes about a minute)"
        "$PY" manage.py collectstatic --noinput --verbosity 0
        echo "$want" >"$stamp"
    fi
}

# --- a throwaway PostgreSQL cluster: start_pg sets PG_PORT and PG_URL; stop_pg removes it -------
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
PGDATA_DIR=""
PG_PORT=""
PG_URL=""
# initdb and pg_ctl refuse to run as root: as root, run them as the postgres user
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
# Tests run without durability (fsync off); PG_DURABLE=1 keeps PostgreSQL's defaults (benchmarks).
pg_durability() {
    if [ "${PG_DURABLE:-0}" = "1" ]; then echo "-c shared_buffers=512MB -c max_wal_size=4GB"; else echo "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"; fi
}
start_pg() {
    local bin
    bin="$(pg_bin)"
    [ -n "$bin" ] && [ -x "$bin/initdb" ] || die "PostgreSQL server binaries not found (apt-get install postgresql)"
    PGDATA_DIR="$(mktemp -d /tmp/ipcollab-pg.XXXXXX)"
    chmod 755 "$PGDATA_DIR"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$PGDATA_DIR"; fi
    PG_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    as_pg "$bin/initdb" -D "$PGDATA_DIR/data" -U postgres --auth=trust --encoding=UTF8 --no-locale >"$PGDATA_DIR/initdb.log" 2>&1 ||
        { cat "$PGDATA_DIR/initdb.log"; die "initdb failed"; }
    as_pg "$bin/pg_ctl" -D "$PGDATA_DIR/data" -l "$PGDATA_DIR/server.log" -w -t 60 start \
        -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PGDATA_DIR $(pg_durability) -c max_connections=100" >/dev/null ||
        { cat "$PGDATA_DIR/server.log"; die "PostgreSQL did not start"; }
    as_pg "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres ipcollab
    PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/ipcollab"
}
stop_pg() {
    if [ -n "$PGDATA_DIR" ] && [ -d "$PGDATA_DIR" ]; then
        as_pg "$(pg_bin)/pg_ctl" -D "$PGDATA_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
        rm -rf "$PGDATA_DIR"
    fi
    PGDATA_DIR=""
}
