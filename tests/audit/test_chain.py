"""The chain itself: rows linked by their hashes, refused changes, a tampered row found."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from audit.chain import GENESIS_HASH, row_hash
from audit.models import AuditEntry, AuditHead
from audit.services import AuditInput, audit_record, audit_record_many
from audit.verify import chain_verify
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def fresh_rows(count):
    """``count`` rows after whatever the setup wrote (role grants are audited too)."""
    return [audit_record(action="test.write", actor=None, note=f"n{i}") for i in range(count)]


def tamper(sql, params=()):
    """A DBA's direct write: the append-only trigger is switched off for one statement
    (inside the test's transaction, so it is back afterwards)."""
    table = "audit_auditentry"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            cursor.execute(sql, params)
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        else:
            cursor.execute(f"DROP TRIGGER {table}_no_update")
            cursor.execute(f"DROP TRIGGER {table}_no_delete")
            cursor.execute(sql, params)


def test_each_row_follows_the_one_before_and_the_head_names_the_last():
    rows = fresh_rows(3)
    assert rows[1].prev_hash == rows[0].hash and rows[2].prev_hash == rows[1].hash
    assert [r.id for r in rows] == [rows[0].id, rows[0].id + 1, rows[0].id + 2]
    head = AuditHead.objects.get()
    assert (head.last_id, head.last_hash) == (rows[2].id, rows[2].hash)
    first = AuditEntry.objects.order_by("id").first()
    assert first.id == 1 and first.prev_hash == GENESIS_HASH
    stored = AuditEntry.objects.filter(pk=rows[1].pk).values().get()
    assert row_hash(stored) == rows[1].hash
    assert chain_verify().ok


def test_bulk_writes_are_chained_like_single_ones():
    before = AuditEntry.objects.count()
    rows = audit_record_many(
        [AuditInput(action="test.bulk", after={"n": i, "when": "x"}) for i in range(1200)]
    )
    assert AuditEntry.objects.count() == before + 1200
    assert all(b.prev_hash == a.hash for a, b in zip(rows, rows[1:], strict=False))
    status = chain_verify()
    assert status.ok and status.last_id == rows[-1].id


def test_update_and_delete_are_refused_through_the_orm_and_raw_sql():
    (row,) = fresh_rows(1)
    for attempt in (
        lambda: AuditEntry.objects.filter(pk=row.pk).update(note="rewritten"),
        lambda: AuditEntry.objects.filter(pk=row.pk).delete(),
        lambda: connection.cursor().execute(
            "UPDATE audit_auditentry SET note = 'x' WHERE id = %s", [row.pk]
        ),
        lambda: connection.cursor().execute("DELETE FROM audit_auditentry WHERE id = %s", [row.pk]),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()
    row.refresh_from_db()
    assert row.note == "n0"


def test_a_row_changed_in_the_database_makes_verify_fail_naming_it():
    rows = fresh_rows(5)
    call_command("verify_audit")
    tamper("UPDATE audit_auditentry SET note = 'rewritten' WHERE id = %s", [rows[2].pk])
    with pytest.raises(CommandError, match=f"broken at row {rows[2].pk}: .*changed"):
        call_command("verify_audit")


def test_a_row_deleted_in_the_database_makes_verify_fail_naming_it():
    rows = fresh_rows(5)
    tamper("DELETE FROM audit_auditentry WHERE id = %s", [rows[1].pk])
    with pytest.raises(CommandError, match=f"broken at row {rows[1].pk}: .*missing"):
        call_command("verify_audit")


def test_a_rewritten_row_with_a_recomputed_hash_breaks_the_next_link():
    rows = fresh_rows(3)
    forged = AuditEntry.objects.filter(pk=rows[1].pk).values().get()
    forged["note"] = "forged"
    forged["hash"] = row_hash(forged)
    tamper(
        "UPDATE audit_auditentry SET note = %s, hash = %s WHERE id = %s",
        [forged["note"], forged["hash"], rows[1].pk],
    )
    with pytest.raises(CommandError, match=f"broken at row {rows[2].pk}: .*does not follow"):
        call_command("verify_audit")


def test_the_exported_head_catches_a_cut_off_end(tmp_path, capsys):
    rows = fresh_rows(3)
    out = tmp_path / "head.json"
    call_command("audit_head", "--out", str(out))
    head = json.loads(out.read_text())
    assert head["id"] == rows[-1].id and head["hash"] == rows[-1].hash and head["at"]
    call_command("verify_audit", "--head", str(out))
    # The last row removed and the head table moved back: only the exported head knows.
    tamper("DELETE FROM audit_auditentry WHERE id = %s", [rows[-1].pk])
    AuditHead.objects.update(last_id=rows[-2].id, last_hash=rows[-2].hash)
    call_command("verify_audit")
    with pytest.raises(CommandError, match=f"broken at row {rows[-1].pk}: .*exported head"):
        call_command("verify_audit", "--head", str(out))


def test_a_letter_history_line_cannot_be_changed_or_deleted(world):
    from tests.factories import letter_values, scan
    from workflows import services
    from workflows.models import LetterEvent

    letter = services.letter_register(actor=world.clerk, values=letter_values(), uploads=[scan()])
    event = LetterEvent.objects.get(letter=letter)
    for attempt in (
        lambda: LetterEvent.objects.filter(pk=event.pk).update(note="rewritten"),
        lambda: LetterEvent.objects.filter(pk=event.pk).delete(),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()


def test_the_actor_is_named_even_after_the_account_is_renamed():
    user = make_user("petugas")
    row = audit_record(action="test.write", actor=user)
    user.username = "renamed"
    user.save()
    row.refresh_from_db()
    assert row.actor_label == "petugas" and row.actor_id == user.pk
    assert chain_verify().ok
