"""The task queue and the timer round across machines (organization/queue.py): tasks of
a killed worker go back in the queue, and one timer round runs at a time."""

from datetime import timedelta
from io import StringIO

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from organization.queue import TIMER_ROUND_LOCK


def _task(*, status: str, started_minutes_ago: int | None) -> DBTaskResult:
    started = None
    if started_minutes_ago is not None:
        started = timezone.now() - timedelta(minutes=started_minutes_ago)
    return DBTaskResult.objects.create(
        status=status,
        started_at=started,
        args_kwargs={"args": [[]], "kwargs": {}},
        task_path="notifications.tasks.send_deliveries",
        backend_name="default",
        run_after=get_date_max(),
        worker_ids=["dead-worker"],
    )


@pytest.mark.django_db
def test_a_task_running_longer_than_the_lease_is_queued_again(settings):
    settings.LONTAR_TASK_LEASE_MINUTES = 30
    abandoned = _task(status="RUNNING", started_minutes_ago=45)
    working = _task(status="RUNNING", started_minutes_ago=5)
    waiting = _task(status="READY", started_minutes_ago=None)
    out = StringIO()
    call_command("tasks_requeue_stale", stdout=out)
    abandoned.refresh_from_db()
    working.refresh_from_db()
    assert (abandoned.status, abandoned.started_at) == ("READY", None)
    assert abandoned.worker_ids == ["dead-worker"]  # who took it stays recorded
    assert working.status == "RUNNING"
    assert DBTaskResult.objects.get(pk=waiting.pk).status == "READY"
    assert out.getvalue().split() == ["DIANTREKAN", "ULANG", str(abandoned.pk)]


def _url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_timer_round_is_skipped_while_another_machine_runs_one(settings):
    settings.LONTAR_TASK_LEASE_MINUTES = 30
    abandoned = _task(status="RUNNING", started_minutes_ago=45)
    with psycopg.connect(_url(), autocommit=True) as other_machine:
        other_machine.execute("SELECT pg_advisory_lock(%s)", [TIMER_ROUND_LOCK])
        out = StringIO()
        call_command("run_timers", stdout=out)
        assert "dilewati" in out.getvalue()
        assert DBTaskResult.objects.get(pk=abandoned.pk).status == "RUNNING"
        other_machine.execute("SELECT pg_advisory_unlock(%s)", [TIMER_ROUND_LOCK])
    out = StringIO()
    call_command("run_timers", stdout=out)
    assert "dilewati" not in out.getvalue()
    assert DBTaskResult.objects.get(pk=abandoned.pk).status == "READY"
    # The round let its lock go: another machine can take it now.
    with psycopg.connect(_url(), autocommit=True) as other_machine:
        taken = other_machine.execute("SELECT pg_try_advisory_lock(%s)", [TIMER_ROUND_LOCK])
        assert taken.fetchone()[0] is True
