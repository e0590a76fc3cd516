"""Clashes: what else holds an official, or a venue, at a given time."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils.translation import gettext as _

from calendar_sync.models import AgendaItem, CalendarEntry, DepartmentEvent, ExternalBusy
from organization.models import Official, Region


@dataclass(frozen=True)
class Clash:
    item: AgendaItem
    kind: str  # "overlap" (times overlap) or "travel" (too close for travel between venues)
    # or "external": busy on the official's own calendar; ``item`` is then an unsaved
    # stand-in built from ``busy``
    busy: ExternalBusy | None = None


# The clash check looks back this far for items still running; the services refuse
# longer items (a longer leave is entered in parts).
LONGEST_ITEM = timedelta(days=31)


def _normalise_venue(venue: str) -> str:
    return " ".join(venue.lower().split())


def running_during(since: datetime, until: datetime, open_default: timedelta) -> Q:
    """Items running at some moment of [since, until), an open end lasting
    ``open_default``. The lower bound on start (no item is longer than LONGEST_ITEM) keeps
    the index scan on start to a month; the end test keeps the rows fetched to the real
    candidates."""
    return Q(start__lt=until, start__gt=since - LONGEST_ITEM) & (
        Q(end__gt=since) | Q(end__isnull=True, start__gt=since - open_default)
    )


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
    open_default = region.open_end_default
    end = end or start + open_default
    official_id = official if isinstance(official, int) else official.pk
    # A clashing item starts before end+buffer and ends after start-buffer.
    candidates = (
        AgendaItem.objects.filter(official_id=official_id)
        .filter(running_during(start - buffer, end + buffer, open_default))
        .exclude(status=AgendaItem.Status.CANCELLED)
    )
    # Each filter costs more in the ORM than in the database: add only those that apply.
    if exclude_ids:
        candidates = candidates.exclude(pk__in=exclude_ids)
    if exclude_source:
        candidates = candidates.exclude(source=exclude_source)
    if isinstance(official, int):
        candidates = candidates.select_related("official")
    venue_key = _normalise_venue(venue)
    clashes: list[Clash] = []
    for item in candidates:
        if not isinstance(official, int):
            item.official = official  # all candidates are this official's: no join needed
        item_end = item.effective_end(open_default)
        if item.start < end and start < item_end:
            clashes.append(Clash(item=item, kind="overlap"))
            continue
        same_venue = venue_key and venue_key == _normalise_venue(item.venue)
        if not same_venue and item.start < end + buffer and start - buffer < item_end:
            clashes.append(Clash(item=item, kind="travel"))
    clashes.extend(_external_clashes(official_id, start, end, region))
    return clashes


def agenda_item_clashes(*, item: AgendaItem, region: Region | None = None) -> list[Clash]:
    """The clashes of a saved item at its own time and venue, itself left out."""
    return agenda_clashes(
        official=item.official,
        start=item.start,
        end=item.end,
        venue=item.venue,
        exclude_ids=(item.pk,),
        region=region,
    )


def _external_clashes(
    official_id: int, start: datetime, end: datetime, region: Region
) -> list[Clash]:
    """Busy times read back from the official's CalDAV calendar (calendar_sync/tasks.py)
    that overlap [start, end). They have no venue, so only an overlap counts. The entry on
    a personal calendar is not the protocol office's to read: it shows as "busy" only."""
    busy_times = ExternalBusy.objects.filter(
        official_id=official_id,
        start__lt=end,
        end__gt=start,
        account__enabled=True,
        account__read_busy_times=True,
    ).select_related("official")
    return [
        Clash(
            item=AgendaItem(
                official=busy.official,
                title=_("Sibuk"),
                start=busy.start,
                end=busy.end,
                time_zone=region.time_zone,
                venue=_("kalender pribadi"),
            ),
            kind="external",
            busy=busy,
        )
        for busy in busy_times.order_by("start")
    ]


def venue_bookings(
    *,
    venue: str,
    start: datetime,
    end: datetime | None,
    exclude_ids: Iterable[int] = (),
    exclude_officials: Iterable[int] = (),
    exclude_source: str = "",
    exclude_event_ids: Iterable[int] = (),
    region: Region | None = None,
) -> list[CalendarEntry]:
    """Active entries of the one calendar at the same venue (compared without case and
    extra spaces) overlapping [start, end): other officials' agenda items, and departments'
    events. A double-booked room; for a leader's item a warning, not a refusal.

    No travel buffer here: the room is taken only while the event runs. Open ends count
    as the region's default duration, as in ``agenda_clashes``.
    """
    key = _normalise_venue(venue)
    if not key:
        return []
    region = region or Region.current()
    open_default = region.open_end_default
    end = end or start + open_default
    running = running_during(start, end, open_default)
    items = (
        AgendaItem.objects.filter(running)
        .exclude(status=AgendaItem.Status.CANCELLED)
        .exclude(venue="")
        .exclude(pk__in=list(exclude_ids))
        .exclude(official_id__in=list(exclude_officials))
        .select_related("official")
        .order_by("start", "official__rank")
    )
    if exclude_source:
        items = items.exclude(source=exclude_source)
    events = (
        DepartmentEvent.objects.filter(running)
        .exclude(status=DepartmentEvent.Status.CANCELLED)
        .exclude(venue="")
        .exclude(pk__in=list(exclude_event_ids))
        .select_related("department")
        .order_by("start", "pk")
    )
    found: list[CalendarEntry] = [i for i in items if _normalise_venue(i.venue) == key]
    found += [e for e in events if _normalise_venue(e.venue) == key]
    return sorted(found, key=lambda entry: entry.start)  # stable: the leaders first at a tie
