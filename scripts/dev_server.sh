#!/bin/sh
# Development server for `make run`: the task worker and the timer loop in the
# background, Django's runserver in the foreground. Stopping the server (Ctrl-C) stops
# the background processes too.
set -eu
cd "$(dirname "$0")/.."

UV=${UV:-uv}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
export UV

pids=""
cleanup() {
    trap - EXIT INT TERM
    if [ -n "$pids" ]; then
        echo "Stopping background worker and timer loop"
        # shellcheck disable=SC2086
        kill $pids 2>/dev/null || true
        wait 2>/dev/null || true
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# shellcheck disable=SC2086
$UV run python manage.py db_worker &
pids="$pids $!"
scripts/timer_loop.sh &
pids="$pids $!"

echo "Lontar: http://$HOST:$PORT/  (Ctrl-C to stop)"
# shellcheck disable=SC2086
$UV run python manage.py runserver "$HOST:$PORT"
