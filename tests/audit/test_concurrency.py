"""Two writers at once never fork the chain (PostgreSQL row lock on the head)."""

import threading

import pytest
from django.db import connection

from audit.models import AuditEntry
from audit.services import AuditInput, audit_record, audit_record_many
from audit.verify import chain_verify

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_two_concurrent_writers_never_fork_the_chain():
    start = AuditEntry.objects.count()
    barrier = threading.Barrier(2)
    errors = []

    def write(name):
        try:
            barrier.wait(timeout=30)
            for i in range(150):
                audit_record(action="test.concurrent", actor=None, note=f"{name}{i}")
            audit_record_many(AuditInput(action="test.bulk", note=f"{name}b{i}") for i in range(50))
        except Exception as exc:  # noqa: BLE001 - the test reports it
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in "ab"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
        assert not thread.is_alive()
    assert errors == []
    assert AuditEntry.objects.count() == start + 400
    status = chain_verify()
    assert status.ok, status.reason
    notes = set(AuditEntry.objects.filter(action="test.concurrent").values_list("note", flat=True))
    assert len(notes) == 300
