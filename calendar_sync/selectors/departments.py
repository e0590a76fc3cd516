"""Departments' own events (Kalender Kegiatan OPD): who may enter them, what else holds
their venue and their time, and the lists and pages that show them."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import QuerySet

from calendar_sync.models import CalendarEntry, DepartmentEvent
from calendar_sync.selectors.agenda import ended_before, on_own_local_days
from calendar_sync.selectors.clashes import running_during, venue_bookings
from calendar_sync.selectors.visibility import AGENDA_EDITOR_ROLES
from organization.models import Department, Region, Role
from organization.roles import has_role, user_department_ids


def department_event_departments(*, user: Any) -> QuerySet[Department]:
    """The departments whose events ``user`` may enter and change: a department officer's
    own; every department for the protocol office and administrators."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Department.objects.none()
    if user.is_superuser or has_role(user, *AGENDA_EDITOR_ROLES):
        return Department.objects.all()
    if not has_role(user, Role.DEPARTMENT_OFFICER):
        return Department.objects.none()
    return Department.objects.filter(pk__in=user_department_ids(user))


def department_event_may_edit(*, user: Any, event: DepartmentEvent) -> bool:
    return department_event_departments(user=user).filter(pk=event.department_id).exists()


@dataclass
class EventChecks:
    """What else is going on where and when a department's event would be held.

    ``venue_taken`` (a leader's item or another event in the same room) needs a reason to
    save anyway; ``same_time`` (other events of the departments then) is for information:
    cross-unit events at one hour compete for the same people."""

    venue_taken: list[CalendarEntry] = field(default_factory=list)
    same_time: list[DepartmentEvent] = field(default_factory=list)


def department_event_checks(
    *,
    start: datetime,
    end: datetime | None,
    venue: str,
    exclude_ids: tuple[int, ...] = (),
    region: Region | None = None,
) -> EventChecks:
    region = region or Region.current()
    open_default = region.open_end_default
    until = end or start + open_default
    same_time = (
        DepartmentEvent.objects.filter(running_during(start, until, open_default))
        .exclude(status=DepartmentEvent.Status.CANCELLED)
        .exclude(pk__in=exclude_ids)
        .select_related("department")
        .order_by("start", "pk")
    )
    taken = venue_bookings(
        venue=venue, start=start, end=end, exclude_event_ids=exclude_ids, region=region
    )
    taken_ids = {e.pk for e in taken if isinstance(e, DepartmentEvent)}
    return EventChecks(
        venue_taken=taken,
        same_time=[e for e in same_time if e.pk not in taken_ids],
    )


def department_events_upcoming(
    *, since: datetime, department: Department | None = None, include_cancelled: bool = False
) -> QuerySet[DepartmentEvent]:
    """Events still running at ``since`` or later, of one department or of all."""
    events = DepartmentEvent.objects.exclude(ended_before(since)).select_related("department")
    if department is not None:
        events = events.filter(department=department)
    if not include_cancelled:
        events = events.exclude(status=DepartmentEvent.Status.CANCELLED)
    return events.order_by("start", "pk")


def department_events_for_days(
    *, first_day: date, days: int, zone: ZoneInfo, department: Department | None = None
) -> QuerySet[DepartmentEvent]:
    """Active events touching the given local days (in the viewer's ``zone``)."""
    window_start = datetime.combine(first_day, time.min, tzinfo=zone)
    window_end = window_start + timedelta(days=days)
    events = (
        DepartmentEvent.objects.filter(start__lt=window_end)
        .exclude(ended_before(window_start))
        .exclude(status=DepartmentEvent.Status.CANCELLED)
        .select_related("department")
        .order_by("start", "pk")
    )
    return events.filter(department=department) if department else events


def department_events_public_for_days(
    *,
    first_day: date,
    days: int,
    open_end_default: timedelta,
    department: Department | None = None,
) -> list[DepartmentEvent]:
    """Public, not cancelled events of the departments (or of one) on the given days, each
    on the days of its own zone's clock, as the leaders' public agenda lists its items."""
    events = DepartmentEvent.objects.filter(visibility=DepartmentEvent.Visibility.PUBLIC)
    if department is not None:
        events = events.filter(department=department)
    return on_own_local_days(
        events.exclude(status=DepartmentEvent.Status.CANCELLED)
        .select_related("department")
        .order_by("start", "department__name", "pk"),
        first_day=first_day,
        days=days,
        open_end_default=open_end_default,
    )


def departments_with_public_events() -> QuerySet[Department]:
    """The departments to offer in the public agenda's filter."""
    return Department.objects.filter(
        calendar_events__visibility=DepartmentEvent.Visibility.PUBLIC
    ).distinct()


def department_feed_items(
    *, department: Department | None, since: datetime, until: datetime, cancelled_since: datetime
) -> QuerySet[DepartmentEvent]:
    """Public events of a department's feed (``None``: every department's) starting in
    [since, until); a recent cancellation stays so that subscribed calendars remove it."""
    events = DepartmentEvent.objects.filter(visibility=DepartmentEvent.Visibility.PUBLIC)
    if department is not None:
        events = events.filter(department=department)
    return (
        events.filter(start__gte=since, start__lt=until)
        .exclude(status=DepartmentEvent.Status.CANCELLED, updated_at__lt=cancelled_since)
        .select_related("department")
        .order_by("start", "pk")
    )


def department_event_changes(*, event: DepartmentEvent) -> QuerySet[Any]:
    return event.changes.select_related("actor").order_by("at", "pk")
