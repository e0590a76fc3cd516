"""Follow-up letters from the sender: timers and clashes follow a postponed event."""

from datetime import datetime, timedelta

from django.utils import timezone

from calendar_sync.models import AgendaItem
from calendar_sync.services import agenda_item_create
from tests.factories import WITA
from tests.workflows.walk import do_task, register, review_forward, sender_update
from workflows.models import LetterProcess


def _postpone(world, letter, start: str, end: str) -> None:
    response = sender_update(
        world.clerk,
        letter,
        {
            "kind": "postpone",
            "note": "Surat susulan 440/1300/Dinkes/2026.",
            "local_start": start,
            "local_end": end,
            "event_time_zone": "Asia/Makassar",
            "venue": "Aula Dinas Kesehatan",
        },
    )
    assert response.status_code == 302


def test_postponing_a_pending_disposition_moves_its_escalation(world):
    soon = (timezone.now() + timedelta(hours=30)).astimezone(WITA)
    letter = register(
        world.clerk,
        local_start=f"{soon:%Y-%m-%dT%H:%M}",
        local_end=f"{soon + timedelta(hours=2):%Y-%m-%dT%H:%M}",
    )
    review_forward(world.reviewer, letter, world.mayor)
    process = LetterProcess.objects.get(letter=letter)
    timer = process.task_set.get(flow_task__endswith="dispose__timeout")
    # The event is under 48 h away: escalation is due at once.
    assert timer.scheduled - timer.created < timedelta(minutes=1)

    _postpone(world, letter, f"{soon + timedelta(days=30):%Y-%m-%dT%H:%M}", "")

    timer.refresh_from_db()
    # Now the ordinary 24-hour reminder period applies.
    assert timer.scheduled == timer.created + timedelta(hours=24)
    assert timer.status == "SCHEDULED"


def test_postponing_onto_a_busy_time_is_recorded_with_the_clash(world):
    letter = register(world.clerk)
    review_forward(world.reviewer, letter, world.mayor)
    do_task(world.mayor_user, letter, "dispose", {"outcome": "attend"})
    do_task(world.scheduler, letter, "schedule", {"visibility": "internal"})
    agenda_item_create(
        official=world.mayor,
        title="Rapat Paripurna DPRD",
        start=datetime(2026, 12, 9, 9, 0, tzinfo=WITA),
        end=datetime(2026, 12, 9, 12, 0, tzinfo=WITA),
        time_zone="Asia/Makassar",
        venue="Gedung DPRD",
    )

    _postpone(world, letter, "2026-12-09T10:00", "2026-12-09T11:00")

    item = AgendaItem.objects.get(source=f"letter:{letter.pk}")
    assert item.start == datetime(2026, 12, 9, 10, 0, tzinfo=WITA)
    assert item.status == AgendaItem.Status.TENTATIVE
    note = letter.events.get(action="postpone").note
    assert "Bentrok" in note
    assert "Wali Kota Palu: Rapat Paripurna DPRD" in note


def test_the_clash_note_never_names_a_confidential_item(world):
    """The history is read by whoever may read the letter (a department officer too): a
    confidential clashing item is "Sibuk" there."""
    letter = register(world.clerk)
    review_forward(world.reviewer, letter, world.mayor)
    do_task(world.mayor_user, letter, "dispose", {"outcome": "attend"})
    do_task(world.scheduler, letter, "schedule", {"visibility": "internal"})
    agenda_item_create(
        official=world.mayor,
        title="Pertemuan tertutup dengan KPK",
        start=datetime(2026, 12, 9, 9, 0, tzinfo=WITA),
        end=datetime(2026, 12, 9, 12, 0, tzinfo=WITA),
        time_zone="Asia/Makassar",
        venue="Rumah Jabatan",
        visibility=AgendaItem.Visibility.CONFIDENTIAL,
    )

    _postpone(world, letter, "2026-12-09T10:00", "2026-12-09T11:00")

    note = letter.events.get(action="postpone").note
    assert "Wali Kota Palu: Sibuk" in note
    assert "KPK" not in note
