"""iCalendar (RFC 5545) text for agenda items and departments' events: pure functions, no
database, no network.

The text is written directly rather than through ``icalendar``'s object model: a feed of
5,000 items is built on every changed request, and plain string building is an order of
magnitude faster. The tests parse every feed back with ``icalendar.Calendar.from_ical``.

Times are written in UTC (``DTSTART:20261202T010000Z``), which RFC 5545 allows without a
VTIMEZONE; each subscriber's calendar shows them in its own zone. The item's own zone is
named in ``X-WR-TIMEZONE`` of the calendar and in the description.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.utils.translation import gettext as _

from calendar_sync.models import AgendaItem, CalendarEntry, DepartmentEvent
from organization.zones import local_span

PRODID = "-//Lontar//Agenda Pimpinan//ID"
CRLF = "\r\n"
# Calendar apps refresh a subscription at most this often (Outlook, Apple: X-PUBLISHED-TTL;
# RFC 7986: REFRESH-INTERVAL). Google Calendar keeps its own schedule.
REFRESH_INTERVAL = "PT1H"

STATUS = {  # RFC 5545 STATUS of an agenda item; itip.py uses them too
    AgendaItem.Status.TENTATIVE: "TENTATIVE",
    AgendaItem.Status.CONFIRMED: "CONFIRMED",
    AgendaItem.Status.CANCELLED: "CANCELLED",
}
CLASS = {  # RFC 5545 CLASS: internal items are PRIVATE to calendar apps
    AgendaItem.Visibility.PUBLIC: "PUBLIC",
    AgendaItem.Visibility.INTERNAL: "PRIVATE",
    AgendaItem.Visibility.CONFIDENTIAL: "CONFIDENTIAL",
}
# Control characters are not allowed in TEXT values (RFC 5545 3.3.11); tab is.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def escape_text(value: str) -> str:
    """A TEXT value: backslash, semicolon and comma escaped, line breaks as ``\\n``."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL.sub("", value)
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 character."""
    if line.isascii():
        if len(line) <= 75:
            return line
        rest = [line[i : i + 74] for i in range(75, len(line), 74)]
        return (CRLF + " ").join([line[:75], *rest])
    data = line.encode()
    if len(data) <= 75:
        return line
    parts: list[bytes] = []
    begin, limit = 0, 75  # a continuation line's leading space takes one of its 75 octets
    while len(data) - begin > limit:
        cut = begin + limit
        while data[cut] & 0xC0 == 0x80:  # not inside a multi-byte character
            cut -= 1
        parts.append(data[begin:cut])
        begin, limit = cut, 74
    parts.append(data[begin:])
    return b"\r\n ".join(parts).decode()


def utc_stamp(moment: datetime) -> str:
    """A DATE-TIME in UTC form: ``20261202T010000Z``."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


@dataclass(frozen=True)
class Words:
    """The translated words of the descriptions, looked up once per feed, not per item."""

    kinds: dict[str, str]
    open_end: str
    outside_region: str
    organiser: str
    speakers: str
    audience: str

    @classmethod
    def current(cls, open_end_default: timedelta) -> "Words":
        return cls(
            kinds={kind.value: str(kind.label) for kind in AgendaItem.Kind},
            open_end=_("Selesai tidak ditentukan; ditampilkan %(minutes)d menit.")
            % {"minutes": open_end_default // timedelta(minutes=1)},
            outside_region=_("Luar daerah"),
            organiser=_("Penyelenggara"),
            speakers=_("Narasumber"),
            audience=_("Peserta"),
        )


def event_description(item: AgendaItem, *, words: Words, full_details: bool) -> str:
    """The DESCRIPTION of an item, one note a line: its local time with the zone word, its
    role, the open end; with ``full_details`` also its kind, "outside the region" and its
    notes (the official's own feed, CalDAV copies and invitations)."""
    notes = [local_span(item)]
    if item.role_note:
        notes.append(item.role_note)
    if item.end is None:
        notes.append(words.open_end)
    if full_details:
        notes.append(words.kinds.get(item.kind, item.kind))
        if item.outside_region:
            notes.append(words.outside_region)
        if item.description:
            notes.append(item.description)
    return "\n".join(notes)


def vevent(
    item: AgendaItem,
    *,
    open_end_default: timedelta,
    full_details: bool,
    words: Words | None = None,
) -> str:
    """One VEVENT. ``full_details`` adds the item's notes (for the official's own feed);
    without it only what the public page shows goes out, with the official's title in the
    summary because a public feed combines several leaders.

    ``item.official`` must be loaded (``select_related``/``prefetch_related``) when
    ``full_details`` is false.
    """
    if full_details:
        summary = item.title
    else:
        summary = f"{item.official.title}: {item.title}"
    words = words or Words.current(open_end_default)
    return _vevent_text(
        item,
        end=item.effective_end(open_end_default),
        summary=summary,
        notes=event_description(item, words=words, full_details=full_details),
        public=not full_details,
    )


def department_vevent(event: DepartmentEvent, *, words: Words | None = None) -> str:
    """One VEVENT of a department's public event: the department in the summary (a feed
    may combine departments), its organiser, speakers and audience in the description.
    ``event.department`` must be loaded. An event always has an end."""
    words = words or Words.current(timedelta())
    notes = [local_span(event)]
    if event.organiser:
        notes.append(f"{words.organiser}: {event.organiser}")
    if event.speaker_list:
        notes.append(f"{words.speakers}: {'; '.join(event.speaker_list)}")
    if event.audience:
        notes.append(f"{words.audience}: {event.audience}")
    if event.description:
        notes.append(event.description)
    return _vevent_text(
        event,
        end=event.effective_end(timedelta()),
        summary=f"{event.department.name}: {event.title}",
        notes="\n".join(notes),
        public=True,
    )


def _vevent_text(
    entry: CalendarEntry, *, end: datetime, summary: str, notes: str, public: bool
) -> str:
    """DTSTAMP is the entry's last change, not the time of the request: the same data then
    gives the same bytes, which a feed's strong ETag promises."""
    changed = utc_stamp(entry.updated_at)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape_text(entry.uid)}",
        f"SEQUENCE:{entry.sequence}",
        f"DTSTAMP:{changed}",
        f"CREATED:{utc_stamp(entry.created_at)}",
        f"LAST-MODIFIED:{changed}",
        f"DTSTART:{utc_stamp(entry.start)}",
        f"DTEND:{utc_stamp(end)}",
        f"SUMMARY:{escape_text(summary)}",
    ]
    if entry.venue:
        lines.append(f"LOCATION:{escape_text(entry.venue)}")
    lines += [
        f"DESCRIPTION:{escape_text(notes)}",
        f"STATUS:{STATUS[entry.status]}",
        f"CLASS:{'PUBLIC' if public else CLASS[entry.visibility]}",
        # A cancelled entry no longer makes anyone busy.
        "TRANSP:TRANSPARENT" if entry.is_cancelled else "TRANSP:OPAQUE",
        "END:VEVENT",
    ]
    return CRLF.join(fold(line) for line in lines) + CRLF


def calendar(
    *,
    name: str,
    time_zone: str,
    events: Iterable[str],
    description: str = "",
) -> str:
    """A VCALENDAR with METHOD:PUBLISH (a feed to subscribe to, not an invitation)."""
    head = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"NAME:{escape_text(name)}",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"X-WR-TIMEZONE:{time_zone}",
        f"REFRESH-INTERVAL;VALUE=DURATION:{REFRESH_INTERVAL}",
        f"X-PUBLISHED-TTL:{REFRESH_INTERVAL}",
    ]
    if description:
        head += [
            f"DESCRIPTION:{escape_text(description)}",
            f"X-WR-CALDESC:{escape_text(description)}",
        ]
    return CRLF.join(fold(line) for line in head) + CRLF + "".join(events) + "END:VCALENDAR" + CRLF


def feed_text(
    items: Iterable[CalendarEntry],
    *,
    name: str,
    time_zone: str,
    open_end_default: timedelta,
    full_details: bool,
    description: str = "",
) -> str:
    """The whole feed: a calendar with one VEVENT per entry (agenda items or departments'
    events)."""
    words = Words.current(open_end_default)

    def event(entry: CalendarEntry) -> str:
        if isinstance(entry, DepartmentEvent):
            return department_vevent(entry, words=words)
        return vevent(
            entry, open_end_default=open_end_default, full_details=full_details, words=words
        )

    return calendar(
        name=name,
        time_zone=time_zone,
        description=description,
        events=(event(entry) for entry in items),
    )
