"""Arranging agenda entries for the pages: by day, by hour, and as a WhatsApp message;
and the public agenda's items by day.

Pure functions over ``AgendaEntry`` (calendar_sync.selectors): no queries here. Days and
hours are the viewer's (the region's zone); each time is written in the item's own zone.
The public agenda is the exception: it lists each item on the days of its own zone.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from calendar_sync.models import AgendaItem
from calendar_sync.selectors import AgendaEntry
from organization.models import Official
from organization.zones import local_span


def _span(entry: AgendaEntry, open_end_default: timedelta) -> tuple[datetime, datetime]:
    return entry.start, entry.item.effective_end(open_end_default)


def _day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min, tzinfo=zone)
    return start, datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)


@dataclass
class Day:
    day: date
    entries: list[AgendaEntry] = field(default_factory=list)
    in_month: bool = True


def entries_by_day(
    entries: list[AgendaEntry],
    *,
    first_day: date,
    days: int,
    zone: ZoneInfo,
    open_end_default: timedelta,
) -> list[Day]:
    """Each day of the range with the entries that run on it: a multi-day item is on each
    of its days; one ending at midnight is not on the next day."""
    result = [Day(day=first_day + timedelta(days=n)) for n in range(days)]
    for entry in entries:
        start, end = _span(entry, open_end_default)
        first = max(start.astimezone(zone).date(), first_day)
        last = (end - timedelta(microseconds=1)).astimezone(zone).date()
        for n in range((first - first_day).days, min((last - first_day).days + 1, days)):
            result[n].entries.append(entry)
    return result


def month_grid(month: date) -> tuple[date, int]:
    """The first day (a Monday) and the number of days of the weeks that show ``month``."""
    first = month.replace(day=1)
    next_month = (first + timedelta(days=32)).replace(day=1)
    grid_first = first - timedelta(days=first.weekday())
    grid_last = next_month - timedelta(days=1)
    grid_last += timedelta(days=6 - grid_last.weekday())
    return grid_first, (grid_last - grid_first).days + 1


def month_weeks(days: list[Day], month: date) -> list[list[Day]]:
    for d in days:
        d.in_month = d.day.month == month.month
    return [days[n : n + 7] for n in range(0, len(days), 7)]


@dataclass
class HourCell:
    entries: list[AgendaEntry] = field(default_factory=list)  # starting in this hour
    busy: bool = False  # some item runs during this hour


@dataclass
class HourRow:
    hour: int
    cells: list[HourCell]


def hour_rows(
    entries: list[AgendaEntry],
    *,
    officials: list[Official],
    day: date,
    zone: ZoneInfo,
    open_end_default: timedelta,
    first_hour: int = 7,
    last_hour: int = 21,
) -> list[HourRow]:
    """Rows of hours (the viewer's), one column per official. An item is written in the
    row of the hour it starts (an item begun on an earlier day, in the first row), and
    every hour it runs is marked busy. The rows widen to hold early and late items."""
    day_start, day_end = _day_bounds(day, zone)
    spans = []
    for entry in entries:
        start, end = _span(entry, open_end_default)
        # None: begun on an earlier day / running into the next one.
        first = start.astimezone(zone).hour if start >= day_start else None
        last = (end - timedelta(microseconds=1)).astimezone(zone).hour if end <= day_end else None
        spans.append((entry, first, last))
        if first is not None:
            first_hour = min(first_hour, first)
        if last is not None:
            last_hour = max(last_hour, last)
    column = {official.pk: n for n, official in enumerate(officials)}
    rows = [
        HourRow(hour=h, cells=[HourCell() for _ in officials])
        for h in range(first_hour, last_hour + 1)
    ]
    for entry, first, last in spans:
        n = column.get(entry.item.official_id)
        if n is None:
            continue
        first = first_hour if first is None else first
        last = last_hour if last is None else last
        rows[first - first_hour].cells[n].entries.append(entry)
        for h in range(first, last + 1):
            rows[h - first_hour].cells[n].busy = True
    return rows


# The day as offices announce it in their WhatsApp groups


def share_text(
    *, official: Official, day: date, entries: list[AgendaEntry], omit_hidden: bool = False
) -> str:
    """The official's day as a WhatsApp message (``*bold*``, one numbered block per item).

    An entry the reader may not see reads "Sibuk", with its time only; with
    ``omit_hidden`` it is left out. Cancelled items are left out.
    """
    lines = [
        "*" + _("AGENDA %(official)s") % {"official": official.title.upper()} + "*",
        "*" + date_format(day, "l, j F Y") + "*",
        "",
    ]
    shown = [e for e in entries if not e.is_cancelled and (e.visible or not omit_hidden)]
    if not shown:
        lines.append(_("Tidak ada agenda."))
    for n, entry in enumerate(shown, start=1):
        if n > 1:
            lines.append("")
        lines.append(f"{n}. {local_span(entry, style='clock', day=day)}")
        lines.append(f"   {entry.title}")
        if entry.venue:
            lines.append(f"   📍 {entry.venue}")
    return "\n".join(lines) + "\n"


# The public agenda


@dataclass(frozen=True)
class PublicEntry:
    item: AgendaItem
    multi_day: bool
    continued: bool  # began on an earlier day than the one it is listed under


def public_entries(
    items: list[AgendaItem], day: date, open_end_default: timedelta
) -> list[PublicEntry]:
    """The items on ``day`` in their own local time."""
    entries = []
    for item in items:
        zone = item.zone
        start = item.local_start
        # An end at midnight closes the day before (22.00–00.00 is one evening).
        last_moment = item.effective_end(open_end_default).astimezone(zone) - timedelta(
            microseconds=1
        )
        if start.date() <= day <= max(last_moment.date(), start.date()):
            end = item.local_end
            entries.append(
                PublicEntry(
                    item=item,
                    multi_day=end is not None
                    and (end - timedelta(microseconds=1)).date() != start.date(),
                    continued=start.date() < day,
                )
            )
    return entries
