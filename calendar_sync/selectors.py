"""Reads of the agenda."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet

from calendar_sync.models import AgendaItem
from organization.models import Official, Region


@dataclass(frozen=True)
class Clash:
    item: AgendaItem
    kind: str  # "overlap" (times overlap) or "travel" (too close for travel between venues)


def _normalise_venue(venue: str) -> str:
    return " ".join(venue.lower().split())


def agenda_clashes(
    *,
    official: Official | int,
    start: datetime,
    end: datetime | None,
    venue: str = "",
    exclude_source: str = "",
    exclude_ids: tuple[int, ...] = (),
    region: Region | None = None,
) -> list[Clash]:
    """Active items of the same official that overlap [start, end), travel buffer included.

    Open ends count as the region's default duration. Two items at different venues need
    the travel buffer between them; at the same venue they may touch.
    """
    region = region or Region.current()
    buffer = timedelta(minutes=region.travel_buffer_minutes)
    open_default = timedelta(minutes=region.open_end_default_minutes)
    end = end or start + open_default
    official_id = official if isinstance(official, int) else official.pk
    # Widest window a clashing item can start in: any item starting before end+buffer and
    # ending after start-buffer. Items' ends may be null, so bound starts only in SQL.
    longest = timedelta(days=31)
    candidates = (
        AgendaItem.objects.filter(
            official_id=official_id,
            start__lt=end + buffer,
            start__gt=start - buffer - longest,
        )
        .exclude(status=AgendaItem.Status.CANCELLED)
        .exclude(pk__in=exclude_ids)
        .select_related("official")
    )
    if exclude_source:
        candidates = candidates.exclude(source=exclude_source)
    venue_key = _normalise_venue(venue)
    clashes: list[Clash] = []
    for item in candidates:
        item_end = item.effective_end(open_default)
        if item.start < end and start < item_end:
            clashes.append(Clash(item=item, kind="overlap"))
            continue
        same_venue = venue_key and venue_key == _normalise_venue(item.venue)
        if not same_venue and item.start < end + buffer and start - buffer < item_end:
            clashes.append(Clash(item=item, kind="travel"))
    return clashes


def _ended_before(moment: datetime) -> Q:
    """Items over by ``moment``; an open end lasts the region's default duration, as in
    the clash check (a morning "s.d. selesai" is not on the next day's agenda)."""
    open_default = timedelta(minutes=Region.current().open_end_default_minutes)
    return Q(end__lte=moment) | Q(end__isnull=True, start__lte=moment - open_default)


def agenda_for_official(
    *, official: Official, first_day: date, days: int, zone: ZoneInfo
) -> QuerySet[AgendaItem]:
    """Items of one official that touch the given local days (in the viewer's zone)."""
    window_start = datetime.combine(first_day, time.min, tzinfo=zone)
    window_end = window_start + timedelta(days=days)
    return (
        AgendaItem.objects.filter(official=official, start__lt=window_end)
        .exclude(_ended_before(window_start))
        .select_related("official")
        .order_by("start")
    )


def agenda_for_day_all(*, day: date, zone: ZoneInfo) -> QuerySet[AgendaItem]:
    window_start = datetime.combine(day, time.min, tzinfo=zone)
    window_end = window_start + timedelta(days=1)
    return (
        AgendaItem.objects.filter(start__lt=window_end)
        .exclude(_ended_before(window_start))
        .exclude(status=AgendaItem.Status.CANCELLED)
        .select_related("official")
        .order_by("official__rank", "start")
    )
