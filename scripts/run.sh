#!/usr/bin/env bash
# `make run`: set up (idempotent), load the demo data into an empty database, then start the web
# server (gunicorn + whitenoise) on 127.0.0.1:${PORT:-8000} and one task worker together.
# Ctrl-C (or SIGTERM) stops both.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

export DJANGO_SETTINGS_MODULE="config.settings.local"
PORT="${PORT:-8000}"
HOST="127.0.0.1"

"$ROOT/scripts/setup.sh"

has_users="$("$PY" manage.py shell --verbosity 0 -c 'from django.contrib.auth import get_user_model; print(int(get_user_model().objects.exists()))' | tail -1)"
if [ "$has_users" != "1" ]; then
    if "$PY" manage.py help seed_demo >/dev/null 2>&1; then
        say "empty database: loading the demo data (seed_demo --size small --seed 1)"
        "$PY" manage.py seed_demo --size small --seed 1
    else
        warn "the database has no users and this checkout has no seed_demo command: starting without demo data"
    fi
fi

WEB_PID=""
WORKER_PID=""
stop_all() {
    trap - INT TERM EXIT
    echo
    say "stopping the web server and the task worker"
    # each child was started in its own process group (set -m): stop the whole group
    for pid in $WEB_PID $WORKER_PID; do
        kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    done
    for _ in $(seq 1 50); do
        alive=""
        for pid in $WEB_PID $WORKER_PID; do
            kill -0 "$pid" 2>/dev/null && alive=1
        done
        [ -z "$alive" ] && break
        sleep 0.2
    done
    for pid in $WEB_PID $WORKER_PID; do
        kill -KILL -- "-$pid" 2>/dev/null || true
    done
}
trap stop_all INT TERM EXIT

set -m
"$VENV/bin/gunicorn" config.wsgi:application \
    --bind "$HOST:$PORT" --worker-class gthread --workers 1 --threads 4 --timeout 120 \
    --access-logfile - --error-logfile - --log-level warning &
WEB_PID=$!
"$PY" manage.py run_worker --verbosity 1 &
WORKER_PID=$!
set +m

# wait until the port answers (or the server died)
for _ in $(seq 1 100); do
    if "$PY" -c "import socket,sys; s=socket.socket(); s.settimeout(0.2); sys.exit(s.connect_ex(('$HOST', $PORT)))" 2>/dev/null; then
        break
    fi
    kill -0 "$WEB_PID" 2>/dev/null || die "the web server did not start (is port $PORT already in use? try PORT=8001 make run)"
    sleep 0.2
done

echo
say "IP Collab 知识产权协同保护平台 is running: http://$HOST:$PORT/"
if ! "$PY" manage.py demo_logins 2>/dev/null; then
    warn "demo logins unavailable (manage.py demo_logins failed); see README.md"
fi
say "press Ctrl-C to stop the web server and the task worker"

# stop everything as soon as either process ends
wait -n "$WEB_PID" "$WORKER_PID" || true
