"""Two machines' worth of Lontar against one PostgreSQL and one bucket (issue 13, item 5):
two gunicorns and two db_workers on loopback; one of each is killed (SIGKILL) mid-work.

"Exactly once" here: every task's effect is committed once and its result is SUCCESSFUL
once. A task whose worker is killed half-way has started twice (its first transaction
died with the worker); django-tasks-db leaves it RUNNING until the timer round's
``tasks_requeue_stale`` queues it again, after LONTAR_TASK_LEASE_MINUTES (0 here)."""

import urllib.request

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult

from tests.stack.conftest import (
    Machine,
    database_url,
    db_worker,
    gunicorn,
    production_env,
    wait_until,
)
from tests.stack.tasks import BLOCK_LOCK, record_execution

TASKS = 120
BLOCKING = 40  # the task that a killed worker is running


def _get(port: int, path: str = "/healthz") -> int:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
        return response.status


def _answers(port: int) -> bool:
    try:
        return _get(port) == 200
    except OSError:  # refused, reset, or no worker answering yet
        return False


def _starts() -> list[tuple[str, int]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT key, pid FROM stack_starts ORDER BY id")
        return cursor.fetchall()


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_web_servers_and_two_workers_survive_losing_one_of_each(tmp_path, s3_server, machines):
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE stack_starts (id serial PRIMARY KEY, key text, pid int)")
        cursor.execute("CREATE TABLE stack_runs (key text PRIMARY KEY, pid int)")
    s3_server.start()
    env = production_env(
        tmp_path,
        bucket=s3_server.new_bucket(),
        endpoint=s3_server.endpoint,
        database=database_url(),
    )
    webs = []
    for name in ("web-a", "web-b"):
        args, web_env, port = gunicorn(env)
        machines.append(Machine(name, args, web_env))
        webs.append((machines[-1], port))
    workers = {}
    for name in ("worker-a", "worker-b"):
        machines.append(Machine(name, db_worker(name), env))
        workers[name] = machines[-1]
    for web, port in webs:
        wait_until(lambda port=port: _answers(port), timeout=60, what=f"{web.name} to answer")
    for worker in workers.values():
        worker.wait_for_output("Starting worker", timeout=60)

    # The test holds the lock the blocking task waits for: its worker is mid-task when
    # killed, with its effect not committed.
    with psycopg.connect(database_url(), autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", [BLOCK_LOCK])
        for n in range(TASKS):
            record_execution.enqueue(f"t{n}", block=n == BLOCKING)
        blocked_pid = wait_until(
            lambda: next((pid for key, pid in _starts() if key == f"t{BLOCKING}"), None),
            timeout=60,
            what="the blocking task to start",
        )
        victim = next(w for w in workers.values() if w.pid == blocked_pid)
        survivor = next(w for w in workers.values() if w is not victim)
        victim.kill()
        dead_web, dead_port = webs[0]
        live_web, live_port = webs[1]
        dead_web.kill()

        # The other web server answers every request; the killed one none.
        assert [_get(live_port) for _ in range(20)] == [200] * 20
        assert _get(live_port, "/accounts/login/") == 200
        assert not _answers(dead_port)

        # The survivor does all the rest; the killed worker's task is left RUNNING.
        done = DBTaskResult.objects.filter(status="SUCCESSFUL")
        wait_until(lambda: done.count() == TASKS - 1, timeout=120, what="the other tasks")
        left = DBTaskResult.objects.exclude(status="SUCCESSFUL").get()
        assert left.status == "RUNNING"
        assert left.args_kwargs["args"] == [f"t{BLOCKING}"]
        assert left.worker_ids == [victim.name]
        holder.execute("SELECT pg_advisory_unlock(%s)", [BLOCK_LOCK])

    call_command("tasks_requeue_stale", lease_seconds=0)
    wait_until(lambda: done.count() == TASKS, timeout=60, what="the requeued task")
    left.refresh_from_db()
    assert left.worker_ids == [victim.name, survivor.name]

    starts = _starts()
    counts = {}
    for key, _pid in starts:
        counts[key] = counts.get(key, 0) + 1
    assert counts == {f"t{n}": 2 if n == BLOCKING else 1 for n in range(TASKS)}
    # Both workers took tasks before one died (the claims never overlapped: see counts).
    assert {pid for _key, pid in starts} == {victim.pid, survivor.pid}
    with connection.cursor() as cursor:
        cursor.execute("SELECT key, pid FROM stack_runs")
        runs = dict(cursor.fetchall())
    assert sorted(runs) == sorted(f"t{n}" for n in range(TASKS))
    assert runs[f"t{BLOCKING}"] == survivor.pid
    assert not DBTaskResult.objects.filter(status="FAILED").exists()
