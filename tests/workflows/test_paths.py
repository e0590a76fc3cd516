"""One walkthrough per path of the process, over HTTP, as the role that does each step."""

from datetime import datetime

from django.urls import reverse

from calendar_sync.models import AgendaItem
from tests.factories import WITA, letter_form_data
from tests.workflows.walk import (
    client_for,
    do_task,
    open_task,
    register,
    review_forward,
    sender_update,
    task_statuses,
)
from workflows.models import Disposition, Letter, LetterEvent, LetterProcess, LetterState


def _actions(letter: Letter) -> list[str]:
    return list(letter.events.order_by("at", "pk").values_list("action", flat=True))


def _scheduled_letter(world) -> Letter:
    letter = register(world.clerk)
    review_forward(world.reviewer, letter, world.mayor)
    do_task(world.mayor_user, letter, "dispose", {"outcome": "attend"})
    do_task(world.scheduler, letter, "schedule", {"visibility": "internal"})
    letter.refresh_from_db()
    assert letter.state == LetterState.SCHEDULED
    return letter


def test_attended_letter_is_registered_reviewed_disposed_scheduled(world):
    letter = register(world.clerk)
    assert letter.state == LetterState.RECEIVED
    assert letter.agenda_number == "0001/UND/2026"
    do_task(world.reviewer, letter, "review", {"decision": "forward", "leader": world.mayor.pk})
    do_task(
        world.mayor_user,
        letter,
        "dispose",
        {"outcome": "attend", "instructions": ["sambutan"], "note": "Siapkan sambutan."},
    )
    do_task(world.scheduler, letter, "schedule", {"visibility": "public", "confirmed": "on"})
    letter.refresh_from_db()
    assert letter.state == LetterState.SCHEDULED
    item = AgendaItem.objects.get(source=f"letter:{letter.pk}")
    assert item.official == world.mayor
    assert item.status == AgendaItem.Status.CONFIRMED
    assert _actions(letter) == ["register", "forward", "dispose_attend", "schedule"]
    assert task_statuses(letter, "wait_for_event") == ["SCHEDULED"]
    page = client_for(world.auditor).get(reverse("letters:detail", args=[letter.pk]))
    assert page.status_code == 200
    assert b"0001/UND/2026" in page.content


def test_represented_letter_puts_the_event_on_each_delegates_agenda(world):
    letter = register(world.clerk)
    review_forward(world.reviewer, letter, world.mayor)
    do_task(
        world.mayor_user,
        letter,
        "dispose",
        {
            "outcome": "represent",
            "delegates": [world.sekda.pk, world.kadis.pk],
            "instructions": ["wakili", "sambutan"],
            "note": "Sekda mewakili, Kadis siapkan bahan.",
        },
    )
    letter.refresh_from_db()
    assert (letter.state, letter.outcome) == (LetterState.DISPOSED, "represent")
    do_task(world.scheduler, letter, "schedule", {"visibility": "internal"})
    letter.refresh_from_db()
    assert letter.state == LetterState.SCHEDULED
    items = AgendaItem.objects.filter(source=f"letter:{letter.pk}").order_by("official__rank")
    assert [i.official for i in items] == [world.sekda, world.kadis]
    assert {i.role_note for i in items} == {"Mewakili Wali Kota Palu"}
    assert not AgendaItem.objects.filter(official=world.mayor).exists()
    assert _actions(letter) == ["register", "forward", "dispose_represent", "schedule"]


def test_declined_letter_needs_a_reason_and_is_archived_at_once(world):
    letter = register(world.clerk)
    review_forward(world.reviewer, letter, world.mayor)
    refused = do_task(world.adc, letter, "dispose", {"outcome": "decline"}, expect_ok=False)
    assert refused.status_code == 200
    assert "Tuliskan alasan tidak hadir." in refused.content.decode()
    letter.refresh_from_db()
    assert letter.state == LetterState.REVIEWED

    do_task(
        world.adc,
        letter,
        "dispose",
        {"outcome": "decline", "note": "Bertepatan dengan kunjungan kerja ke Jakarta."},
    )
    letter.refresh_from_db()
    assert letter.state == LetterState.ARCHIVED
    assert letter.outcome == "decline"
    assert task_statuses(letter, "schedule") == []
    assert LetterProcess.objects.get(letter=letter).status == "DONE"
    assert _actions(letter) == ["register", "forward", "decline", "archive"]
    decline = letter.events.get(action="decline")
    assert decline.note == "Bertepatan dengan kunjungan kerja ke Jakarta."
    assert not AgendaItem.objects.filter(source=f"letter:{letter.pk}").exists()


def test_letter_rejected_by_the_reviewer_is_archived_at_once(world):
    letter = register(world.clerk)
    do_task(
        world.reviewer,
        letter,
        "review",
        {"decision": "reject", "note": "Undangan internal OPD, bukan untuk pimpinan."},
    )
    letter.refresh_from_db()
    assert letter.state == LetterState.ARCHIVED
    assert letter.leader is None
    assert _actions(letter) == ["register", "reject", "archive"]
    assert task_statuses(letter, "dispose") == []
    assert LetterProcess.objects.get(letter=letter).status == "DONE"


def test_returned_letter_is_corrected_by_the_clerk_and_reviewed_again(world):
    letter = register(world.clerk, letter_number="440/1172/Dinkes/2062")
    do_task(
        world.reviewer,
        letter,
        "review",
        {"decision": "return", "note": "Nomor surat salah ketik: 2062 → 2026."},
    )
    letter.refresh_from_db()
    assert letter.state == LetterState.RETURNED
    correct = open_task(letter, "correct")
    assert correct.owner == world.clerk  # back to whoever registered it

    # The reviewer cannot do the clerk's correction.
    refused = client_for(world.reviewer).get(
        reverse("letter:correct:execute", args=[correct.process_id, correct.pk])
    )
    assert refused.status_code == 403

    do_task(
        world.clerk,
        letter,
        "correct",
        {**letter_form_data(letter_number="440/1172/Dinkes/2026"), "note": "Nomor diperbaiki."},
    )
    letter.refresh_from_db()
    assert letter.state == LetterState.RECEIVED
    assert letter.letter_number == "440/1172/Dinkes/2026"
    assert letter.agenda_number == "0001/UND/2026"  # a correction keeps the agenda number

    review_forward(world.reviewer, letter, world.mayor)
    letter.refresh_from_db()
    assert letter.state == LetterState.REVIEWED
    assert _actions(letter) == ["register", "return", "correct", "forward"]
    assert task_statuses(letter, "review") == ["DONE", "DONE"]
    dispose = open_task(letter, "dispose")  # in the mayor's own inbox
    assert (dispose.status, dispose.owner) == ("ASSIGNED", world.mayor_user)


def test_letter_cancelled_by_the_sender_after_scheduling_is_archived(world):
    letter = _scheduled_letter(world)
    item = AgendaItem.objects.get(source=f"letter:{letter.pk}")
    assert item.status != AgendaItem.Status.CANCELLED

    response = sender_update(
        world.clerk,
        letter,
        {"kind": "cancel", "note": "Surat Dinkes 440/1200/Dinkes/2026: acara dibatalkan."},
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    item.refresh_from_db()
    assert letter.state == LetterState.ARCHIVED
    assert item.status == AgendaItem.Status.CANCELLED
    process = LetterProcess.objects.get(letter=letter)
    assert process.status == "CANCELED"
    assert _actions(letter)[-2:] == ["cancel", "archive"]
    cancel, archive = letter.events.order_by("-pk")[:2][::-1]
    assert (cancel.from_state, cancel.to_state) == ("scheduled", "cancelled")
    assert (archive.from_state, archive.to_state) == ("cancelled", "archived")
    assert cancel.actor == world.clerk
    assert "440/1200/Dinkes/2026" in cancel.note
    # No task stays open, not even the archive timer.
    assert not process.task_set.filter(status__in=["NEW", "ASSIGNED", "SCHEDULED"]).exists()


def test_postponement_by_the_sender_moves_the_agenda_item(world):
    letter = _scheduled_letter(world)
    response = sender_update(
        world.reviewer,
        letter,
        {
            "kind": "postpone",
            "note": "Surat Dinkes 440/1210/Dinkes/2026: acara diundur.",
            "local_start": "2026-12-09T14:00",
            "local_end": "2026-12-09T16:00",
            "event_time_zone": "Asia/Makassar",
            "venue": "Gedung Juang",
        },
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.state == LetterState.SCHEDULED
    assert letter.event_start == datetime(2026, 12, 9, 14, 0, tzinfo=WITA)
    item = AgendaItem.objects.get(source=f"letter:{letter.pk}")
    assert item.start == datetime(2026, 12, 9, 14, 0, tzinfo=WITA)
    assert item.end == datetime(2026, 12, 9, 16, 0, tzinfo=WITA)
    assert item.venue == "Gedung Juang"
    assert item.status == AgendaItem.Status.TENTATIVE
    postpone = letter.events.get(action="postpone")
    assert "02-12-2026 09.00 WITA" in postpone.note
    assert "09-12-2026 14.00 WITA" in postpone.note
    process = LetterProcess.objects.get(letter=letter)
    timer = process.task_set.get(flow_task__endswith=".wait_for_event")
    assert timer.scheduled == datetime(2026, 12, 10, 16, 0, tzinfo=WITA)  # end + 24 h


def test_dispose_by_the_ajudan_is_recorded_on_behalf_of_the_leader(world):
    by_staff = register(world.clerk)
    review_forward(world.reviewer, by_staff, world.mayor)
    do_task(world.adc, by_staff, "dispose", {"outcome": "attend"})
    event = LetterEvent.objects.get(letter=by_staff, action="dispose_attend")
    assert event.actor == world.adc
    assert event.on_behalf_of == world.mayor
    disposition = Disposition.objects.get(letter=by_staff)
    assert disposition.on_behalf is True
    assert disposition.decided_by == world.adc
    assert disposition.leader == world.mayor

    by_leader = register(world.clerk)
    review_forward(world.reviewer, by_leader, world.mayor)
    do_task(world.mayor_user, by_leader, "dispose", {"outcome": "attend"})
    event = LetterEvent.objects.get(letter=by_leader, action="dispose_attend")
    assert event.actor == world.mayor_user
    assert event.on_behalf_of is None
    assert Disposition.objects.get(letter=by_leader).on_behalf is False

    page = client_for(world.auditor).get(reverse("letters:detail", args=[by_staff.pk]))
    assert "atas nama Wali Kota Palu" in page.content.decode()


def test_scheduling_over_a_clash_needs_a_written_reason_that_is_recorded(world):
    AgendaItem.objects.create(
        official=world.mayor,
        title="Rapat paripurna DPRD",
        start=datetime(2026, 12, 2, 10, 0, tzinfo=WITA),
        end=datetime(2026, 12, 2, 11, 0, tzinfo=WITA),
        time_zone="Asia/Makassar",
        venue="Gedung DPRD",
    )
    letter = register(world.clerk)
    review_forward(world.reviewer, letter, world.mayor)
    do_task(world.mayor_user, letter, "dispose", {"outcome": "attend"})
    field = f"override_{world.mayor.pk}"
    refused = do_task(
        world.scheduler, letter, "schedule", {"visibility": "internal"}, expect_ok=False
    )
    assert refused.status_code == 200
    assert field in refused.context["form"].errors
    assert "Rapat paripurna DPRD" in refused.content.decode()
    letter.refresh_from_db()
    assert letter.state == LetterState.DISPOSED

    reason = "Wali Kota membuka acara lalu ke DPRD."
    do_task(world.scheduler, letter, "schedule", {"visibility": "internal", field: reason})
    letter.refresh_from_db()
    assert letter.state == LetterState.SCHEDULED
    item = AgendaItem.objects.get(source=f"letter:{letter.pk}")
    assert item.clash_override_reason == reason
    override = letter.events.get(action="clash_override")
    assert override.note == f"Wali Kota Palu: {reason}"


def test_letter_cancelled_while_waiting_for_the_disposition_closes_every_task(world):
    letter = register(world.clerk)
    review_forward(world.reviewer, letter, world.mayor)
    process = LetterProcess.objects.get(letter=letter)
    assert process.task_set.filter(flow_task__endswith=".dispose__timeout").get().status == (
        "SCHEDULED"
    )
    response = sender_update(world.reviewer, letter, {"kind": "cancel", "note": "Surat 440/77."})
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.state == LetterState.ARCHIVED
    process.refresh_from_db()
    assert process.status == "CANCELED"
    assert not process.task_set.filter(status__in=["NEW", "ASSIGNED", "SCHEDULED"]).exists()
    assert _actions(letter) == ["register", "forward", "cancel", "archive"]
    # The ajudan's worklist no longer offers the dispose task.
    queue = client_for(world.adc).get(reverse("letter:queue"))
    assert queue.context["work_items"] == []
