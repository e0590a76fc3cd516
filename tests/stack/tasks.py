"""A test-only background task for tests/stack/: it records each start and each
effect, so a test can tell "ran twice" from "had its effect twice".

Tables (made by the test, not by a migration): ``stack_starts(key, pid)``, one row per
start, committed at once; ``stack_runs(key primary key, pid)``, the effect, written in a
transaction that a killed worker never commits."""

import os

from django.db import connection, transaction
from django_tasks import task

# The test holds this advisory lock; a blocking run waits for it inside its transaction.
BLOCK_LOCK = 0x5354414B  # "STAK"


@task()
def record_execution(key: str, block: bool = False) -> str:
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO stack_starts (key, pid) VALUES (%s, %s)", [key, os.getpid()])
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO stack_runs (key, pid) VALUES (%s, %s) ON CONFLICT (key) DO NOTHING",
            [key, os.getpid()],
        )
        if block:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [BLOCK_LOCK])
        else:
            cursor.execute("SELECT pg_sleep(0.01)")  # a little work, so both workers share
    return key
