"""Indonesia's time zones, and an event's times in the zone of the place where it is held.

An office says the time of an event by the clock of its venue, with the zone word:
"09.00 WITA". Letters (workflows) and agenda items (calendar_sync) both keep a start, an
optional end and that zone; ``LocalTimeMixin`` gives both the same properties.
"""

from datetime import datetime
from typing import ClassVar
from zoneinfo import ZoneInfo

from django.db import models


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
