#!/bin/sh
# Fire due workflow timers (deadlines, reminders) every LONTAR_TIMER_INTERVAL seconds
# (default 30) until stopped. In production use cron or a systemd timer instead.
set -u
cd "$(dirname "$0")/.."

UV=${UV:-uv}
interval=${LONTAR_TIMER_INTERVAL:-30}

sleeper=""
trap 'kill $sleeper 2>/dev/null; exit 0' INT TERM

while :; do
    # shellcheck disable=SC2086
    $UV run python manage.py workflow_timers \
        || echo "timer_loop: workflow_timers failed (exit $?)" >&2
    $UV run python manage.py calendar_sync_sweep || echo "timer_loop: calendar_sync_sweep failed (exit $?)" >&2
    $UV run python manage.py followups_sweep || echo "timer_loop: followups_sweep failed (exit $?)" >&2
    $UV run python manage.py staged_scans_sweep || echo "timer_loop: staged_scans_sweep failed (exit $?)" >&2
    sleep "$interval" &
    sleeper=$!
    wait "$sleeper"
done
