#!/bin/sh
# Fire due workflow timers (deadlines, reminders), retry notifications, send the daily
# digests and requeue tasks of dead workers every LONTAR_TIMER_INTERVAL seconds
# (default 30) until stopped. In production use cron or a systemd timer instead.
set -u
cd "$(dirname "$0")/.."

UV=${UV:-uv}
interval=${LONTAR_TIMER_INTERVAL:-30}

sleeper=""
trap 'kill $sleeper 2>/dev/null; exit 0' INT TERM

while :; do
    # One round of every timer and sweep (organization/management/commands/run_timers.py),
    # skipped when another machine's round holds the lock.
    # shellcheck disable=SC2086
    $UV run python manage.py run_timers || echo "timer_loop: run_timers failed (exit $?)" >&2
    sleep "$interval" &
    sleeper=$!
    wait "$sleeper"
done
