"""The report's figures, checked against counts made directly from the letters built here:
varied outcomes, leaders, departments and months, through the services."""

import itertools
from datetime import UTC, date, datetime, timedelta
from statistics import median
from unittest import mock

import pytest

from organization.models import Department
from reports.selectors import (
    OUTCOMES,
    Period,
    ReportAccess,
    report_access_for,
    report_build,
)
from reports.steps import percentile
from tests.factories import WITA, letter_values, scan
from workflows import services
from workflows.models import EventReport, FollowUp, Letter

ALL = ReportAccess(sees_all=True)
TODAY = date(2026, 12, 15)


def make_letter(world, *, month: int, leader=None, outcome: str = "", department=None, **extra):
    """A letter received in ``month`` of 2026, forwarded to ``leader`` and disposed with
    ``outcome`` (none: left waiting, or rejected when no leader)."""
    values = letter_values(
        received_date=date(2026, month, 10),
        letter_date=date(2026, month, 8),
        event_start=datetime(2026, month, 20, 9, tzinfo=WITA),
        event_end=datetime(2026, month, 20, 12, tzinfo=WITA),
        sender_department=department,
    )
    letter = services.letter_register(actor=world.clerk, values=values, uploads=[scan()])
    if leader is None:
        services.letter_reject(actor=world.reviewer, letter=letter, reason="Bukan untuk pimpinan.")
        return letter
    services.letter_forward(actor=world.reviewer, letter=letter, leader=leader)
    letter.refresh_from_db()
    if outcome:
        user = world.mayor_user if leader == world.mayor else world.deputy_user
        delegates = [world.kadis] if outcome == "represent" else []
        note = "Berhalangan." if outcome == "decline" else ""
        services.letter_dispose(
            actor=user,
            letter=letter,
            outcome=outcome,
            delegates=delegates,
            note=note,
            due_date=date(2026, month, 18) if delegates else None,
            **extra,
        )
    return letter


@pytest.fixture
def letters(world):
    bappeda = Department.objects.create(name="Bappeda", short_name="Bappeda")
    spec = [
        # (month, leader, outcome, department)
        (1, world.mayor, "attend", world.dinkes),
        (1, world.mayor, "attend", None),
        (1, world.deputy, "decline", bappeda),
        (2, world.mayor, "represent", world.dinkes),
        (2, world.deputy, "file", None),
        (2, None, "", world.dinkes),  # rejected
        (3, world.mayor, "", bappeda),  # waiting for the disposition
        (3, world.deputy, "represent", bappeda),
        (3, world.mayor, "decline", world.dinkes),
        (11, world.deputy, "attend", world.dinkes),
    ]
    made = [
        make_letter(world, month=m, leader=leader, outcome=o, department=d)
        for m, leader, o, d in spec
    ]
    # One letter of the year before and one of the next month never count in 2026's figures.
    old = make_letter(world, month=5, leader=world.mayor, outcome="attend")
    Letter.objects.filter(pk=old.pk).update(received_date=date(2025, 5, 10))
    return made


def direct_counts(letters, **match) -> dict[str, int]:
    """Counted from the rows themselves, not by the code under test."""
    rows = Letter.objects.filter(pk__in=[x.pk for x in letters], **match)
    return {o: rows.filter(outcome=o).count() for o in OUTCOMES}


def test_a_years_figures_per_month_match_the_letters(world, letters):
    report = report_build(access=ALL, period=Period(2026), today=TODAY)
    assert report.total.received == len(letters) == 10
    for row in report.by_month:
        expected = direct_counts(letters, received_date__month=row.key)
        assert row.outcomes == expected, row.label
    assert report.total.outcomes == direct_counts(letters)
    assert [r.received for r in report.by_month][:3] == [3, 3, 3]


def test_the_figures_per_leader_and_department_match_the_letters(world, letters):
    report = report_build(access=ALL, period=Period(2026), today=TODAY)
    by_leader = {row.key: row for row in report.by_leader}
    for leader in (world.mayor, world.deputy):
        assert by_leader[leader.pk].outcomes == direct_counts(letters, leader=leader)
    assert by_leader[None].received == 1  # the rejected letter never had a leader
    by_department = {row.key: row for row in report.by_department}
    for department in Department.objects.all():
        expected = direct_counts(letters, sender_department=department)
        assert by_department[department.pk].outcomes == expected, department.name
    assert by_department[None].received == 2


def test_a_month_and_a_leaders_report_narrow_the_figures(world, letters):
    march = report_build(access=ALL, period=Period(2026, 3), today=TODAY)
    assert [row.key for row in march.by_month] == [3]
    assert march.total.outcomes == direct_counts(letters, received_date__month=3)
    mayor = report_build(access=ALL, period=Period(2026), leader_id=world.mayor.pk, today=TODAY)
    assert mayor.total.outcomes == direct_counts(letters, leader=world.mayor)
    assert mayor.scope_label == world.mayor.title


def test_a_department_officer_counts_only_their_departments_letters(world, letters):
    access = report_access_for(user=world.dept_officer)
    assert access == ReportAccess(sees_all=False, department_ids=frozenset({world.dinkes.pk}))
    report = report_build(access=access, period=Period(2026), today=TODAY)
    assert report.total.outcomes == direct_counts(letters, sender_department=world.dinkes)
    assert [row.key for row in report.by_department] == [world.dinkes.pk]


def test_a_leaders_staff_count_only_their_leaders_letters(world, letters):
    access = report_access_for(user=world.deputy_adc)
    report = report_build(access=access, period=Period(2026), today=TODAY)
    assert report.total.outcomes == direct_counts(letters, leader=world.deputy)
    assert report.total.received == 4


def test_overdue_dispositions_follow_ups_and_reports_filed_are_counted(world, letters):
    # The deputy's waiting letter of March was escalated; one of the mayor's attended ones
    # too before it was disposed.
    waiting = letters[6]
    Letter.objects.filter(pk__in=[waiting.pk, letters[0].pk]).update(
        escalated_at=datetime(2026, 3, 12, tzinfo=WITA)
    )
    # February's represented letter: the Kadis's follow-up is due 18 February and open.
    represented = letters[3]
    open_late = FollowUp.objects.get(letter=represented, official=world.kadis)
    assert open_late.due_date == date(2026, 2, 18) and open_late.is_open
    # March's represented letter: answered late (after its 18 March due date).
    answered = FollowUp.objects.get(letter=letters[7], official=world.kadis)
    FollowUp.objects.filter(pk=answered.pk).update(
        status=FollowUp.Status.DONE, answered_at=datetime(2026, 3, 25, 10, tzinfo=WITA)
    )
    # November's attended letter: the deputy files the report of the event.
    attended = letters[9]
    report_followup = FollowUp.objects.create(
        kind=FollowUp.Kind.REPORT,
        letter=attended,
        disposition=attended.dispositions.get(),
        official=world.deputy,
        due_date=date(2026, 11, 22),
        status=FollowUp.Status.DONE,
        answered_at=datetime(2026, 11, 21, 10, tzinfo=WITA),
    )
    EventReport.objects.create(
        followup=report_followup,
        letter=attended,
        official=world.deputy,
        held=True,
        filed_by=world.deputy_user,
    )
    report = report_build(access=ALL, period=Period(2026), today=TODAY)
    overdue = FollowUp.objects.filter(pk__in=[open_late.pk, answered.pk]).count()
    assert report.total.overdue_dispositions == 2
    assert report.total.overdue_followups == overdue == 2
    assert report.total.reports_filed == EventReport.objects.count() == 1
    months = {row.key: row for row in report.by_month}
    assert (months[1].overdue_dispositions, months[3].overdue_dispositions) == (1, 1)
    assert (months[2].overdue_followups, months[3].overdue_followups) == (1, 1)
    assert months[11].reports_filed == 1
    deputy = next(row for row in report.by_leader if row.key == world.deputy.pk)
    assert (deputy.overdue_dispositions, deputy.reports_filed) == (0, 1)
    # Before its due date the open follow-up is not overdue.
    early = report_build(access=ALL, period=Period(2026), today=date(2026, 2, 17))
    assert early.total.overdue_followups == 1


def test_step_times_are_the_median_and_p90_of_the_letters_history(world):
    # Each letter waits a known time between its forwarding and its disposition: the
    # clock is set as the steps are taken (the history itself is append-only).
    clock = [datetime(2026, 4, 1, 1, 0, tzinfo=UTC)]
    waits = []
    with mock.patch("django.utils.timezone.now", lambda: clock[0]):
        for i in range(8):
            clock[0] = datetime(2026, 4, 1 + i, 1, 0, tzinfo=UTC)
            values = letter_values(
                received_date=date(2026, 4, 1 + i),
                letter_date=date(2026, 3, 30),
                event_start=datetime(2026, 4, 25, 9, tzinfo=WITA),
                event_end=datetime(2026, 4, 25, 12, tzinfo=WITA),
            )
            letter = services.letter_register(actor=world.clerk, values=values, uploads=[scan()])
            services.letter_forward(actor=world.reviewer, letter=letter, leader=world.mayor)
            wait = timedelta(hours=2 + 3 * i)
            waits.append(wait.total_seconds() / 3600)
            clock[0] += wait
            letter.refresh_from_db()
            services.letter_dispose(actor=world.mayor_user, letter=letter, outcome="attend")
    report = report_build(access=ALL, period=Period(2026), today=TODAY)
    step = next(s for s in report.steps if s.key == "dispose")
    assert step.count == len(waits) == 8
    assert step.median_hours == pytest.approx(median(waits))
    ordered = sorted(waits)
    rank = 0.9 * (len(ordered) - 1)
    low = int(rank)
    expected_p90 = ordered[low] + (ordered[low + 1] - ordered[low]) * (rank - low)
    assert step.p90_hours == pytest.approx(expected_p90)
    review = next(s for s in report.steps if s.key == "review")
    assert review.count == 8  # every letter was reviewed
    assert review.median_hours == pytest.approx(0, abs=0.01)  # forwarded as registered


def test_percentile_interpolates_like_percentile_cont():
    assert percentile([], 0.5) is None
    assert percentile([4.0], 0.9) == 4.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert percentile([10.0, 0.0, 20.0, 30.0, 40.0], 0.9) == pytest.approx(36.0)


@pytest.mark.parametrize("role", ["clerk", "scheduler"])
def test_other_roles_have_no_report(world, role):
    assert report_access_for(user=getattr(world, role)) is None


def test_postgresqls_percentile_cont_gives_the_pythons_figures(world):
    from django.db import connection

    from reports import steps

    if connection.vendor != "postgresql":
        pytest.skip("percentile_cont is PostgreSQL's")
    # A clock that moves 37 minutes each time it is read: the steps' times all differ.
    start = datetime(2026, 1, 2, tzinfo=UTC)
    ticks = (start + timedelta(minutes=37 * n) for n in itertools.count())
    with mock.patch("django.utils.timezone.now", lambda: next(ticks)):
        for month, outcome in [(3, "attend"), (3, "decline"), (4, "represent"), (5, "attend")]:
            make_letter(world, month=month, leader=world.mayor, outcome=outcome)
        make_letter(world, month=6, leader=world.deputy, outcome="attend")
        make_letter(world, month=4)  # rejected at review
    rows = Letter.objects.filter(received_date__year=2026)
    in_db, in_python = steps._in_postgresql(rows), steps._in_python(rows)
    assert [s.count for s in in_db] == [s.count for s in in_python]
    assert [s.count for s in in_db if s.count] != []
    for a, b in zip(in_db, in_python, strict=True):
        assert a.median_hours == pytest.approx(b.median_hours)
        assert a.p90_hours == pytest.approx(b.p90_hours)
