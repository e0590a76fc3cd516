"""The calendar feeds: the public one (the leaders' public items), each official's private
one (every item, full details), and the departments' public events (all, or one's). Which
items, their version, and the body; the HTTP side is calendar_sync/views/feeds.py.

A feed's version (count and latest change of its items, one aggregate query) is known
before its body is built, so an unchanged feed costs no more than that query.
"""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from calendar_sync import ical
from calendar_sync.models import CalendarEntry
from calendar_sync.selectors import agenda_feed_items, agenda_feed_version, department_feed_items
from organization.models import Department, Official, Region

# Bump when the feed's text changes shape, so clients holding an old ETag refetch.
FEED_FORMAT = "1"
FEED_PAST = timedelta(days=90)
FEED_FUTURE = timedelta(days=366)
CANCELLED_KEPT = timedelta(days=30)


@dataclass
class Feed:
    items: QuerySet[CalendarEntry]
    name: str
    full_details: bool
    count: int
    last_change: datetime | None
    window_day: date
    # What else the text depends on: scope, calendar name, region settings. Not in it: a
    # leader's new title in the public feed's summaries, which shows with the next change.
    key: str

    @property
    def etag(self) -> str:
        last = self.last_change.isoformat() if self.last_change else "-"
        raw = f"{FEED_FORMAT}|{self.key}|{self.window_day}|{self.count}|{last}"
        return hashlib.sha256(raw.encode()).hexdigest()[:32]

    def last_modified(self, zone: Any) -> datetime:
        # The window moves at midnight, so the feed may change then without an item changing.
        midnight = datetime.combine(self.window_day, time.min, tzinfo=zone)
        return max(self.last_change, midnight) if self.last_change else midnight


def _window(region: Region) -> tuple[date, dict[str, datetime]]:
    """Today in the region, and the stretch every feed covers: ``FEED_PAST`` back,
    ``FEED_FUTURE`` ahead, cancellations kept ``CANCELLED_KEPT``."""
    today = timezone.localdate(timezone=region.zone)
    midnight = datetime.combine(today, time.min, tzinfo=region.zone)
    return today, {
        "since": midnight - FEED_PAST,
        "until": midnight + FEED_FUTURE,
        "cancelled_since": midnight - CANCELLED_KEPT,
    }


def agenda_feed(*, region: Region, official: Official | None) -> Feed:
    """The feed of ``official`` (``None``: the public feed) with its version; the body is
    not built.

    Feeds are always in the site's language: calendar apps send no language cookie, and a
    shared cache must not hand one subscriber another's language under the same URL.
    """
    today, window = _window(region)
    items = agenda_feed_items(official=official, **window)
    count, last_change = agenda_feed_version(items)
    with translation.override(settings.LANGUAGE_CODE):
        if official is None:
            name = _("Agenda Pimpinan %(region)s") % {"region": region.name}
            scope = "public"
        else:
            name = _("Agenda %(official)s") % {"official": official.title}
            scope = f"official:{official.pk}"
    key = "|".join([scope, name, region.time_zone, str(region.open_end_default_minutes)])
    return Feed(
        items=items,
        name=name,
        full_details=official is not None,
        count=count,
        last_change=last_change,
        window_day=today,
        key=key,
    )


def department_feed(*, region: Region, department: Department | None) -> Feed:
    """The feed of one department's public events (``None``: every department's), with
    its version; the body is not built. In the site's language, as ``agenda_feed``."""
    today, window = _window(region)
    items = department_feed_items(department=department, **window)
    count, last_change = agenda_feed_version(items)
    with translation.override(settings.LANGUAGE_CODE):
        if department is None:
            name = _("Kegiatan Perangkat Daerah %(region)s") % {"region": region.name}
            scope = "departments"
        else:
            name = _("Kegiatan %(department)s") % {"department": department.name}
            scope = f"department:{department.pk}"
    return Feed(
        items=items,
        name=name,
        full_details=False,
        count=count,
        last_change=last_change,
        window_day=today,
        key="|".join([scope, name, region.time_zone]),
    )


def feed_body(feed: Feed, *, region: Region) -> bytes:
    """The feed's iCalendar text, UTF-8, in the site's language (see ``agenda_feed``)."""
    with translation.override(settings.LANGUAGE_CODE):
        text = ical.feed_text(
            feed.items,
            name=feed.name,
            time_zone=region.time_zone,
            open_end_default=region.open_end_default,
            full_details=feed.full_details,
        )
    return text.encode()
