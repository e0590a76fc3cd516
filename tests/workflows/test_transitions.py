"""Every FSM transition of a letter, allowed and refused, through the services."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from calendar_sync.models import AgendaItem
from tests.factories import letter_values, scan
from tests.workflows.walk import letter_in_state
from workflows import selectors, services
from workflows.models import Letter, LetterEvent, LetterState

STATE_REFUSAL = "Tindakan ini tidak dapat dilakukan: surat berstatus"


def refused(
    letter: Letter, call: Callable[[], Any], exc: type[Exception], code: str | None = None
) -> Exception:
    """Run ``call``, expect ``exc`` (with ``code``), and check nothing was written."""
    state, events = Letter.objects.get(pk=letter.pk).state, letter.events.count()
    with pytest.raises(exc) as info:
        call()
    if code is not None:
        assert info.value.code == code, info.value
    assert Letter.objects.get(pk=letter.pk).state == state
    assert letter.events.count() == events
    return info.value


def last_event(letter: Letter) -> LetterEvent:
    return letter.events.order_by("-pk").first()


# forward


def test_forward_moves_a_received_letter_to_review_for_the_chosen_leader(world):
    letter = letter_in_state(world, "received")
    services.letter_forward(actor=world.reviewer, letter=letter, leader=world.deputy, note="Ok")
    letter = Letter.objects.get(pk=letter.pk)
    assert (letter.state, letter.leader) == (LetterState.REVIEWED, world.deputy)
    event = last_event(letter)
    assert (event.action, event.from_state, event.to_state) == ("forward", "received", "reviewed")
    assert (event.actor, event.note) == (world.reviewer, "Ok")


def test_forward_is_refused_when_the_letter_was_already_reviewed(world):
    letter = letter_in_state(world, "reviewed")
    error = refused(
        letter,
        lambda: services.letter_forward(actor=world.reviewer, letter=letter, leader=world.deputy),
        ValidationError,
        "state",
    )
    assert STATE_REFUSAL in error.messages[0]
    assert "Ditelaah" in error.messages[0]


def test_forward_is_refused_to_the_mailroom_clerk(world):
    letter = letter_in_state(world, "received")
    refused(
        letter,
        lambda: services.letter_forward(actor=world.clerk, letter=letter, leader=world.mayor),
        PermissionDenied,
    )
    assert Letter.objects.get(pk=letter.pk).leader is None


def test_forward_is_refused_to_an_official_who_is_not_a_leader(world):
    letter = letter_in_state(world, "received")
    error = refused(
        letter,
        lambda: services.letter_forward(actor=world.reviewer, letter=letter, leader=world.kadis),
        ValidationError,
    )
    assert "bukan pimpinan daerah" in error.messages[0]


# return_for_correction


def test_return_sends_a_received_letter_back_to_the_mailroom_with_the_reason(world):
    letter = letter_in_state(world, "received")
    services.letter_return(actor=world.reviewer, letter=letter, reason="Lampiran tidak terbaca.")
    assert Letter.objects.get(pk=letter.pk).state == LetterState.RETURNED
    assert last_event(letter).note == "Lampiran tidak terbaca."


def test_return_is_refused_after_the_letter_was_forwarded(world):
    letter = letter_in_state(world, "reviewed")
    refused(
        letter,
        lambda: services.letter_return(actor=world.reviewer, letter=letter, reason="Salah."),
        ValidationError,
        "state",
    )


def test_return_is_refused_to_the_scheduler(world):
    letter = letter_in_state(world, "received")
    refused(
        letter,
        lambda: services.letter_return(actor=world.scheduler, letter=letter, reason="Salah."),
        PermissionDenied,
    )


def test_return_is_refused_without_a_reason(world):
    letter = letter_in_state(world, "received")
    refused(
        letter,
        lambda: services.letter_return(actor=world.reviewer, letter=letter, reason="  "),
        ValidationError,
    )


# correct


def test_correct_saves_the_fixed_fields_and_sends_the_letter_back_to_review(world):
    letter = letter_in_state(world, "returned")
    services.letter_correct(
        actor=world.clerk,
        letter=letter,
        values={"letter_number": "440/1173/Dinkes/2026"},
        uploads=[scan("perbaikan.pdf")],
        note="Nomor diperbaiki.",
    )
    letter = Letter.objects.get(pk=letter.pk)
    assert letter.state == LetterState.RECEIVED
    assert letter.letter_number == "440/1173/Dinkes/2026"
    assert sorted(letter.documents.values_list("original_name", flat=True)) == [
        "perbaikan.pdf",
        "undangan.pdf",
    ]
    assert (last_event(letter).action, last_event(letter).from_state) == ("correct", "returned")


def test_correct_is_refused_for_a_letter_that_was_not_returned(world):
    letter = letter_in_state(world, "received")
    refused(
        letter,
        lambda: services.letter_correct(
            actor=world.clerk, letter=letter, values={"subject": "Baru"}, uploads=[]
        ),
        ValidationError,
        "state",
    )
    assert Letter.objects.get(pk=letter.pk).subject == letter_values()["subject"]


def test_correct_is_refused_to_the_reviewer(world):
    letter = letter_in_state(world, "returned")
    refused(
        letter,
        lambda: services.letter_correct(
            actor=world.reviewer, letter=letter, values={"subject": "Baru"}, uploads=[]
        ),
        PermissionDenied,
    )
    assert Letter.objects.get(pk=letter.pk).subject == letter_values()["subject"]


# reject


def test_reject_closes_a_letter_that_is_not_for_a_leader(world):
    letter = letter_in_state(world, "received")
    services.letter_reject(actor=world.reviewer, letter=letter, reason="Undangan internal OPD.")
    assert Letter.objects.get(pk=letter.pk).state == LetterState.REJECTED
    assert (last_event(letter).action, last_event(letter).note) == (
        "reject",
        "Undangan internal OPD.",
    )


def test_reject_is_refused_after_the_leader_disposed(world):
    letter = letter_in_state(world, "disposed")
    refused(
        letter,
        lambda: services.letter_reject(actor=world.reviewer, letter=letter, reason="Bukan."),
        ValidationError,
        "state",
    )


def test_reject_is_refused_to_the_leader(world):
    letter = letter_in_state(world, "received")
    refused(
        letter,
        lambda: services.letter_reject(actor=world.mayor_user, letter=letter, reason="Bukan."),
        PermissionDenied,
    )


# dispose


def test_dispose_records_the_leaders_decision_and_its_recipients(world):
    letter = letter_in_state(world, "reviewed")
    disposition = services.letter_dispose(
        actor=world.mayor_user,
        letter=letter,
        outcome="represent",
        note="Wakili.",
        delegates=[world.sekda],
        instructions=["wakili"],
    )
    letter = Letter.objects.get(pk=letter.pk)
    assert (letter.state, letter.outcome) == (LetterState.DISPOSED, "represent")
    assert [r.official for r in disposition.recipients.all()] == [world.sekda]
    assert selectors.attending_officials(letter=letter) == [world.sekda]
    assert last_event(letter).action == "dispose_represent"


def test_dispose_is_refused_before_review(world):
    letter = letter_in_state(world, "received")
    Letter.objects.filter(pk=letter.pk).update(leader=world.mayor)
    letter = Letter.objects.get(pk=letter.pk)
    refused(
        letter,
        lambda: services.letter_dispose(actor=world.mayor_user, letter=letter, outcome="attend"),
        ValidationError,
        "state",
    )
    assert not letter.dispositions.exists()


def test_dispose_is_refused_to_another_leaders_ajudan(world):
    letter = letter_in_state(world, "reviewed")
    refused(
        letter,
        lambda: services.letter_dispose(actor=world.deputy_adc, letter=letter, outcome="attend"),
        PermissionDenied,
    )
    assert not letter.dispositions.exists()


def test_dispose_as_represented_is_refused_without_a_delegate(world):
    letter = letter_in_state(world, "reviewed")
    refused(
        letter,
        lambda: services.letter_dispose(actor=world.adc, letter=letter, outcome="represent"),
        ValidationError,
        "no_delegate",
    )


# decline


def test_decline_records_the_reason_for_the_reply_to_the_sender(world):
    letter = letter_in_state(world, "reviewed")
    services.letter_dispose(
        actor=world.adc, letter=letter, outcome="decline", note="Kunjungan kerja ke Jakarta."
    )
    letter = Letter.objects.get(pk=letter.pk)
    assert (letter.state, letter.outcome) == (LetterState.DECLINED, "decline")
    event = last_event(letter)
    assert (event.action, event.on_behalf_of, event.note) == (
        "decline",
        world.mayor,
        "Kunjungan kerja ke Jakarta.",
    )


def test_decline_is_refused_without_a_reason(world):
    letter = letter_in_state(world, "reviewed")
    error = refused(
        letter,
        lambda: services.letter_dispose(actor=world.adc, letter=letter, outcome="decline"),
        ValidationError,
    )
    assert "alasan tidak hadir" in error.messages[0]


def test_decline_is_refused_once_the_letter_was_disposed(world):
    letter = letter_in_state(world, "disposed")
    refused(
        letter,
        lambda: services.letter_dispose(
            actor=world.mayor_user, letter=letter, outcome="decline", note="Batal hadir."
        ),
        ValidationError,
        "state",
    )


def test_decline_is_refused_to_the_reviewer(world):
    letter = letter_in_state(world, "reviewed")
    refused(
        letter,
        lambda: services.letter_dispose(
            actor=world.reviewer, letter=letter, outcome="decline", note="Tidak perlu."
        ),
        PermissionDenied,
    )


# schedule


def test_schedule_puts_the_event_on_the_attending_leaders_agenda(world):
    letter = letter_in_state(world, "disposed")
    items = services.letter_schedule(
        actor=world.scheduler,
        letter=letter,
        entries=[services.ScheduleInput(official=world.mayor)],
        confirmed=True,
    )
    assert Letter.objects.get(pk=letter.pk).state == LetterState.SCHEDULED
    assert [(i.official, i.role_note, i.status) for i in items] == [
        (world.mayor, "Hadir", AgendaItem.Status.CONFIRMED)
    ]
    assert items[0].start == letter.event_start


def test_schedule_is_refused_before_the_disposition(world):
    letter = letter_in_state(world, "reviewed")
    refused(
        letter,
        lambda: services.letter_schedule(actor=world.scheduler, letter=letter, entries=[]),
        ValidationError,
        "state",
    )


def test_schedule_is_refused_to_the_reviewer(world):
    letter = letter_in_state(world, "disposed")
    refused(
        letter,
        lambda: services.letter_schedule(
            actor=world.reviewer,
            letter=letter,
            entries=[services.ScheduleInput(official=world.mayor)],
        ),
        PermissionDenied,
    )
    assert not AgendaItem.objects.exists()


def test_schedule_is_refused_when_the_letter_was_filed_for_information(world):
    letter = letter_in_state(world, "reviewed")
    services.letter_dispose(actor=world.mayor_user, letter=letter, outcome="file")
    error = refused(
        letter,
        lambda: services.letter_schedule(actor=world.scheduler, letter=letter, entries=[]),
        ValidationError,
        "condition",
    )
    assert "Syarat" in error.messages[0]
    assert not AgendaItem.objects.exists()


def test_schedule_is_refused_when_an_attending_official_is_left_out(world):
    letter = letter_in_state(world, "disposed")
    refused(
        letter,
        lambda: services.letter_schedule(
            actor=world.scheduler,
            letter=letter,
            entries=[services.ScheduleInput(official=world.deputy)],
        ),
        ValidationError,
    )


# cancel


def test_cancel_by_the_sender_cancels_the_agenda_and_archives_the_letter(world):
    letter = letter_in_state(world, "scheduled")
    services.letter_cancel_by_sender(actor=world.reviewer, letter=letter, note="Surat 440/9.")
    assert Letter.objects.get(pk=letter.pk).state == LetterState.ARCHIVED
    assert AgendaItem.objects.get().status == AgendaItem.Status.CANCELLED
    cancel = letter.events.get(action="cancel")
    assert (cancel.from_state, cancel.to_state, cancel.actor) == (
        "scheduled",
        "cancelled",
        world.reviewer,
    )


def test_cancel_is_refused_for_an_archived_letter(world):
    letter = letter_in_state(world, "archived")
    refused(
        letter,
        lambda: services.letter_cancel_by_sender(actor=world.clerk, letter=letter, note="Batal."),
        ValidationError,
        "state",
    )


def test_cancel_is_refused_to_the_scheduler(world):
    letter = letter_in_state(world, "scheduled")
    refused(
        letter,
        lambda: services.letter_cancel_by_sender(
            actor=world.scheduler, letter=letter, note="Batal."
        ),
        PermissionDenied,
    )
    assert AgendaItem.objects.get().status != AgendaItem.Status.CANCELLED


# archive


@pytest.mark.parametrize("state", ["scheduled", "declined", "rejected"])
def test_archive_closes_a_finished_letter(world, state):
    letter = letter_in_state(world, state)
    services.letter_archive(letter=letter)
    assert Letter.objects.get(pk=letter.pk).state == LetterState.ARCHIVED
    event = last_event(letter)
    assert (event.action, event.from_state, event.actor) == ("archive", state, None)


@pytest.mark.parametrize("state", ["received", "returned", "reviewed", "archived"])
def test_archive_is_refused_while_the_letter_is_still_open_or_already_archived(world, state):
    letter = letter_in_state(world, state)
    refused(letter, lambda: services.letter_archive(letter=letter), ValidationError, "state")


def test_archive_is_refused_for_a_disposed_letter_without_an_outcome(world):
    letter = letter_in_state(world, "disposed")
    Letter.objects.filter(pk=letter.pk).update(outcome="")
    letter = Letter.objects.get(pk=letter.pk)
    refused(letter, lambda: services.letter_archive(letter=letter), ValidationError, "condition")


# the state field itself


def test_state_cannot_be_assigned_directly(world):
    letter = letter_in_state(world, "received")
    with pytest.raises(AttributeError):
        letter.state = LetterState.ARCHIVED
    assert Letter.objects.get(pk=letter.pk).state == LetterState.RECEIVED


def test_a_stale_copy_cannot_repeat_a_transition_another_user_already_made(world):
    letter = letter_in_state(world, "reviewed")
    stale = Letter.objects.get(pk=letter.pk)
    services.letter_dispose(actor=world.mayor_user, letter=letter, outcome="attend")
    error = refused(
        stale,
        lambda: services.letter_dispose(actor=world.adc, letter=stale, outcome="file"),
        ValidationError,
        "concurrent",
    )
    assert error.messages == [services.ALREADY_HANDLED]
    assert "baru saja diproses oleh pengguna lain" in error.messages[0]
    assert Letter.objects.get(pk=letter.pk).outcome == "attend"
    assert letter.dispositions.count() == 1


def test_registration_gives_consecutive_agenda_numbers(world):
    first = services.letter_register(actor=world.clerk, values=letter_values(), uploads=[scan()])
    second = services.letter_register(actor=world.clerk, values=letter_values(), uploads=[scan()])
    assert [first.agenda_number, second.agenda_number] == ["0001/UND/2026", "0002/UND/2026"]
    assert first.events.get().action == "register"


def test_registration_is_refused_to_anyone_but_the_mailroom(world):
    with pytest.raises(PermissionDenied):
        services.letter_register(actor=world.reviewer, values=letter_values(), uploads=[scan()])
    assert not Letter.objects.exists()
