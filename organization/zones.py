"""Indonesia's time zones, and an event's times in the zone of the place where it is held.

An office says the time of an event by the clock of its venue, with the zone word:
"09.00 WITA". Letters (workflows) and agenda items (calendar_sync) both keep a start, an
optional end and that zone; ``LocalTimeMixin`` gives both the same properties, and
``local_span`` writes their time as text the same way wherever it is shown.
"""

from datetime import date, datetime
from typing import ClassVar, Literal, Protocol
from zoneinfo import ZoneInfo

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext as _


class TimeZoneChoice(models.TextChoices):
    WIB = "Asia/Jakarta", "WIB"
    WITA = "Asia/Makassar", "WITA"
    WIT = "Asia/Jayapura", "WIT"


def zone_word(zone_name: str) -> str:
    """The Indonesian zone word for an IANA zone name (``Asia/Makassar`` -> ``WITA``)."""
    try:
        return TimeZoneChoice(zone_name).label
    except ValueError:
        return zone_name


class LocalTimeMixin:
    """The zone and local-time properties of a model with a start, an optional end (none:
    "s.d. selesai") and an IANA zone name. The class attributes name those fields; the
    mixin declares no fields of its own, so using it needs no migration."""

    start_field: ClassVar[str] = "start"
    end_field: ClassVar[str] = "end"
    time_zone_field: ClassVar[str] = "time_zone"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(getattr(self, self.time_zone_field))

    @property
    def zone_word(self) -> str:
        return zone_word(getattr(self, self.time_zone_field))

    @property
    def local_start(self) -> datetime:
        return getattr(self, self.start_field).astimezone(self.zone)

    @property
    def local_end(self) -> datetime | None:
        end = getattr(self, self.end_field)
        return end.astimezone(self.zone) if end else None

    @property
    def is_open_end(self) -> bool:
        return getattr(self, self.end_field) is None

    @property
    def is_multi_day(self) -> bool:
        end = self.local_end
        return end is not None and end.date() != self.local_start.date()


class LocalTimes(Protocol):
    """What ``local_span`` reads: a ``LocalTimeMixin`` model, or a wrapper of one
    (``calendar_sync.selectors.AgendaEntry``)."""

    @property
    def local_start(self) -> datetime: ...

    @property
    def local_end(self) -> datetime | None: ...

    @property
    def zone_word(self) -> str: ...


# "numeric": 02-12-2026 09.00–12.00 WITA, 02-12-2026 09.00 s.d. selesai WITA, or both dates
#   for several days (iCalendar descriptions, invitation mails).
# "start": 02-12-2026 09.00 WITA, the start alone (a letter's notes and lists).
# "clock": 09.00 – 12.00 WITA, or 09.00 WITA – s.d. selesai, a moment off ``day`` with its
#   date (1 Des 08.00); the WhatsApp message of one day.
SpanStyle = Literal["numeric", "start", "clock"]


def _clock(moment: datetime, day: date) -> str:
    """``09.00``, or ``1 Des 08.00`` when the moment is not on ``day``."""
    if moment.date() == day:
        return date_format(moment, "H.i")
    return date_format(moment, "j M H.i")


def local_span(event: LocalTimes, *, style: SpanStyle = "numeric", day: date | None = None) -> str:
    """The event's time in its own zone with the zone word, as text. ``day`` is the day
    the text is read under (``style="clock"`` only; the event's first day by default)."""
    start, end, word = event.local_start, event.local_end, event.zone_word
    if style == "clock":
        day = start.date() if day is None else day
        if end is None:
            return f"{_clock(start, day)} {word} – {_('s.d. selesai')}"
        return f"{_clock(start, day)} – {_clock(end, day)} {word}"
    if style == "start":
        return f"{start:%d-%m-%Y %H.%M} {word}"
    if style != "numeric":
        raise ValueError(f"unknown span style {style!r}")
    if end is None:
        return f"{start:%d-%m-%Y %H.%M} s.d. selesai {word}"
    if end.date() != start.date():
        return f"{start:%d-%m-%Y %H.%M} s.d. {end:%d-%m-%Y %H.%M} {word}"
    return f"{start:%d-%m-%Y %H.%M}–{end:%H.%M} {word}"
