"""The agenda pages' reads: items touching given days, and an item's history."""

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet

from calendar_sync.models import AgendaItem, AgendaItemChange
from calendar_sync.selectors.visibility import public_items
from organization.models import Official, Region


def ended_before(moment: datetime, open_end_default: timedelta | None = None) -> Q:
    """Items over by ``moment``; an open end lasts ``open_end_default`` (by default the
    region's), as in the clash check (a morning "s.d. selesai" is not on the next day's
    agenda)."""
    if open_end_default is None:
        open_end_default = Region.current().open_end_default
    return Q(end__lte=moment) | Q(end__isnull=True, start__lte=moment - open_end_default)


def agenda_for_official(
    *, official: Official, first_day: date, days: int, zone: ZoneInfo
) -> QuerySet[AgendaItem]:
    """Items of one official that touch the given local days (in the viewer's zone)."""
    window_start = datetime.combine(first_day, time.min, tzinfo=zone)
    window_end = window_start + timedelta(days=days)
    return (
        AgendaItem.objects.filter(official=official, start__lt=window_end)
        .exclude(ended_before(window_start))
        .select_related("official")
        .order_by("start")
    )


def agenda_for_day_all(*, day: date, zone: ZoneInfo) -> QuerySet[AgendaItem]:
    """Active items of every official touching one local day (in ``zone``)."""
    window_start = datetime.combine(day, time.min, tzinfo=zone)
    window_end = window_start + timedelta(days=1)
    return (
        AgendaItem.objects.filter(start__lt=window_end)
        .exclude(ended_before(window_start))
        .exclude(status=AgendaItem.Status.CANCELLED)
        .select_related("official")
        .order_by("official__rank", "start")
    )


def agenda_for_officials_day(
    *, officials: Iterable[Official], day: date, zone: ZoneInfo
) -> QuerySet[AgendaItem]:
    """Active items of the given officials touching one local day (in ``zone``)."""
    return agenda_for_day_all(day=day, zone=zone).filter(official__in=list(officials))


def agenda_public_for_days(
    *, first_day: date, days: int, open_end_default: timedelta
) -> list[AgendaItem]:
    """Public, not cancelled items of leaders that touch the given days, each on the days
    of its own zone (``on_own_local_days``)."""
    return on_own_local_days(
        public_items()
        .exclude(status=AgendaItem.Status.CANCELLED)
        .select_related("official")
        .order_by("start", "official__rank", "pk"),
        first_day=first_day,
        days=days,
        open_end_default=open_end_default,
    )


def on_own_local_days(
    entries: QuerySet[Any], *, first_day: date, days: int, open_end_default: timedelta
) -> list[Any]:
    """The calendar entries of ``entries`` that touch the given days, each read in its own
    zone, as it is shown ("09.00 WITA" is on the day of that WITA clock), not in the
    viewer's. An open end counts as ``open_end_default``."""
    # Any zone's day lies within a day either side of the same UTC day; the exact test on
    # each entry's own local days is done below.
    window_start = datetime.combine(first_day - timedelta(days=1), time.min, tzinfo=UTC)
    window_end = datetime.combine(first_day + timedelta(days=days + 1), time.min, tzinfo=UTC)
    candidates = entries.filter(start__lt=window_end).exclude(
        ended_before(window_start, open_end_default)
    )
    last_day = first_day + timedelta(days=days - 1)
    found = []
    for entry in candidates:
        zone = entry.zone
        local_end = entry.effective_end(open_end_default).astimezone(zone)
        if entry.local_start.date() <= last_day and local_end > datetime.combine(
            first_day, time.min, tzinfo=zone
        ):
            found.append(entry)
    return found


def agenda_item_changes(*, item: AgendaItem) -> QuerySet[AgendaItemChange]:
    """Who changed an item by hand, oldest first."""
    return item.changes.select_related("actor").order_by("at", "pk")
