"""Timers: the archive after the event, the escalation of a pending disposition.

The clock is django.utils.timezone.now, replaced for the whole test (requests, services,
viewflow's timer dispatcher and auto_now fields all read it), so each step happens at a
chosen instant and a timer fires only when the clock has passed its due moment.
"""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from viewflow.workflow.timers import fire_due_timers

from tests.factories import WITA, make_world
from tests.workflows.walk import do_task, open_task, register, review_forward, task_statuses
from workflows.models import Letter, LetterProcess, LetterState

REGISTERED_AT = datetime(2026, 11, 23, 10, 0, tzinfo=WITA)
# letter_form_data(): Rabu 2 Desember 2026, 09.00-12.00 WITA.
EVENT_START = datetime(2026, 12, 2, 9, 0, tzinfo=WITA)
EVENT_END = datetime(2026, 12, 2, 12, 0, tzinfo=WITA)


class Clock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def set(self, at: datetime) -> None:
        self.at = at


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(REGISTERED_AT)
    monkeypatch.setattr(timezone, "now", clock)
    return clock


@pytest.fixture
def world(db, clock):
    return make_world()


def scheduled_letter(world, **overrides) -> Letter:
    letter = register(world.clerk, **overrides)
    review_forward(world.reviewer, letter, world.mayor)
    do_task(world.adc, letter, "dispose", {"outcome": "attend"})
    do_task(world.scheduler, letter, "schedule", {"visibility": "internal"})
    letter.refresh_from_db()
    assert letter.state == LetterState.SCHEDULED
    return letter


def test_a_scheduled_letter_is_archived_only_after_the_event_end_plus_the_waiting_time(
    world, clock
):
    world.region.archive_after_event_hours = 6
    world.region.save()
    letter = scheduled_letter(world)
    due = EVENT_END + timedelta(hours=6)
    timer = LetterProcess.objects.get(letter=letter).task_set.get(
        flow_task__endswith=".wait_for_event"
    )
    assert (timer.status, timer.scheduled) == ("SCHEDULED", due)

    for before_due in (EVENT_START, EVENT_END, due - timedelta(minutes=1)):
        clock.set(before_due)
        assert fire_due_timers() == 0
        assert Letter.objects.get(pk=letter.pk).state == LetterState.SCHEDULED

    clock.set(due)
    assert fire_due_timers() == 1
    letter = Letter.objects.get(pk=letter.pk)
    assert letter.state == LetterState.ARCHIVED
    archive = letter.events.order_by("-pk").first()
    assert (archive.action, archive.from_state, archive.actor, archive.at) == (
        "archive",
        "scheduled",
        None,
        due,
    )
    process = LetterProcess.objects.get(letter=letter)
    assert process.status == "DONE"
    assert task_statuses(letter, "wait_for_event") == ["DONE"]
    assert fire_due_timers() == 0  # a fired timer does not fire again


def test_an_open_ended_event_is_archived_after_the_default_duration_plus_the_waiting_time(
    world, clock
):
    letter = scheduled_letter(world, local_end="")
    assert letter.event_end is None
    due = EVENT_START + timedelta(minutes=world.region.open_end_default_minutes, hours=24)
    clock.set(due - timedelta(seconds=1))
    assert fire_due_timers() == 0
    clock.set(due)
    assert fire_due_timers() == 1
    assert Letter.objects.get(pk=letter.pk).state == LetterState.ARCHIVED


def test_a_pending_disposition_is_escalated_to_the_leaders_staff_and_can_still_be_given(
    world, clock, mailoutbox, django_capture_on_commit_callbacks, immediate_tasks
):
    letter = register(world.clerk)
    review_forward(world.reviewer, letter, world.mayor)
    # Reviewed at 10.00 WITA on 23 November; the event is over a week away, so the
    # reminder period (24 h) decides.
    due = REGISTERED_AT + timedelta(hours=world.region.disposition_reminder_hours)
    boundary = LetterProcess.objects.get(letter=letter).task_set.get(
        flow_task__endswith=".dispose__timeout"
    )
    assert (boundary.status, boundary.scheduled) == ("SCHEDULED", due)

    clock.set(due - timedelta(minutes=1))
    assert fire_due_timers() == 0
    assert Letter.objects.get(pk=letter.pk).escalated_at is None

    clock.set(due)
    with django_capture_on_commit_callbacks(execute=True):
        assert fire_due_timers() == 1
    letter = Letter.objects.get(pk=letter.pk)
    assert letter.state == LetterState.REVIEWED
    assert letter.escalated_at == due
    escalation = letter.events.get(action="escalate")
    assert (escalation.actor, escalation.from_state, escalation.to_state) == (
        None,
        "reviewed",
        "reviewed",
    )
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [world.adc.email]  # the mayor's ajudan, not the deputy's
    assert message.subject == "Disposisi tertunda: 0001/UND/2026 Undangan Pembukaan Pekan Imunisasi"
    assert "Wali Kota Palu" in message.body
    assert "02-12-2026 09.00 WITA" in message.body

    # The dispose task stays open and is done afterwards, as usual.
    assert open_task(letter, "dispose").status == "ASSIGNED"  # to the mayor
    assert LetterProcess.objects.get(letter=letter).status != "DONE"
    clock.set(due + timedelta(hours=2))
    do_task(world.adc, letter, "dispose", {"outcome": "attend"})
    do_task(world.scheduler, letter, "schedule", {"visibility": "internal"})
    assert Letter.objects.get(pk=letter.pk).state == LetterState.SCHEDULED
    assert fire_due_timers() == 0  # escalated once only

    clock.set(EVENT_END + timedelta(hours=world.region.archive_after_event_hours))
    assert fire_due_timers() == 1
    letter = Letter.objects.get(pk=letter.pk)
    assert letter.state == LetterState.ARCHIVED
    assert list(letter.events.values_list("action", flat=True)) == [
        "register",
        "forward",
        "escalate",
        "dispose_attend",
        "schedule",
        "report_missing",  # the mayor filed no report of the event before the archive
        "archive",
    ]
    process = LetterProcess.objects.get(letter=letter)
    assert process.status == "DONE"
    assert not process.task_set.filter(status__in=["NEW", "ASSIGNED", "SCHEDULED"]).exists()
    assert len(mailoutbox) == 1


def test_a_disposition_given_in_time_is_never_escalated(world, clock, mailoutbox):
    letter = register(world.clerk)
    review_forward(world.reviewer, letter, world.mayor)
    do_task(world.mayor_user, letter, "dispose", {"outcome": "file"})
    assert task_statuses(letter, "dispose__timeout") == ["CANCELED"]
    clock.set(REGISTERED_AT + timedelta(days=3))
    assert fire_due_timers() == 0
    letter = Letter.objects.get(pk=letter.pk)
    assert letter.escalated_at is None
    assert letter.state == LetterState.ARCHIVED  # filed: archived at once
    assert mailoutbox == []


def test_escalation_comes_earlier_when_the_event_is_close(world, clock):
    # Registered two days before the event at 09.00 WITA: 48 h before it is right now,
    # so the reminder is due at once rather than in 24 h.
    clock.set(EVENT_START - timedelta(hours=30))
    letter = register(world.clerk)
    review_forward(world.reviewer, letter, world.mayor)
    boundary = LetterProcess.objects.get(letter=letter).task_set.get(
        flow_task__endswith=".dispose__timeout"
    )
    assert boundary.scheduled == EVENT_START - timedelta(hours=30)
    assert fire_due_timers() == 1
    assert Letter.objects.get(pk=letter.pk).escalated_at == EVENT_START - timedelta(hours=30)
