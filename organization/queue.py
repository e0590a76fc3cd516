"""The background task queue (django-tasks-db) across machines.

A worker claims a task with ``SELECT ... FOR UPDATE SKIP LOCKED`` and marks it RUNNING
in the same transaction, so two workers never claim the same task. A worker that stops
on SIGINT/SIGTERM finishes its task first (a second signal marks it FAILED); one that is
killed outright (SIGKILL, a power cut, the OOM killer) leaves its task RUNNING for ever:
django-tasks-db keeps no heartbeat. ``tasks_requeue_stale`` (in every timer round) puts
such a task back in the queue once it has run longer than ``LONTAR_TASK_LEASE_MINUTES``,
longer than any of Lontar's tasks may take (the reader's time limit is minutes). Tasks
are idempotent, so a task cut off half-way and run again has its effect once.

The timer round (``run_timers``) holds a PostgreSQL advisory lock, so with a timer loop
on several machines one round runs at a time and the others skip.
"""

from __future__ import annotations

from datetime import datetime

from django.db import connection, transaction

# pg_try_advisory_lock key of the timer round: any fixed 64-bit number, "LONTAR_T".
TIMER_ROUND_LOCK = 0x4C4F4E5441525F54


@transaction.atomic
def tasks_requeue_stale(*, started_before: datetime) -> list[str]:
    """Put RUNNING tasks started before ``started_before`` back to READY; their ids.

    The rows are locked with SKIP LOCKED: a task whose worker is just finishing it (and so
    holds its row) is left alone. The worker ids stay in ``worker_ids``, the history of
    who took the task."""
    from django_tasks_db.models import DBTaskResult

    stale = list(
        DBTaskResult.objects.running()
        .filter(started_at__lt=started_before)
        .select_for_update(skip_locked=True)
        .values_list("pk", flat=True)
    )
    if stale:
        DBTaskResult.objects.filter(pk__in=stale).update(status="READY", started_at=None)
    return [str(pk) for pk in stale]


def timer_round_lock_try() -> bool:
    """Take the timer round's lock for this database session; False if another holds
    it. On SQLite (one machine only) there is nothing to take and this is True."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [TIMER_ROUND_LOCK])
        return bool(cursor.fetchone()[0])


def timer_round_lock_release() -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s)", [TIMER_ROUND_LOCK])
