"""The CalDAV adapter: put, delete and read events on one official's calendar.

Three calls, nothing else of CalDAV leaks out of this module:

* ``put_event(account, uid, ics) -> (href, etag)`` writes the event at an address made from
  its UID, so pushing the same item twice overwrites one resource instead of making two
  (or, when a mail client already filed the invitation there, updates that resource);
* ``delete_event(account, href)``; a resource that is already gone counts as deleted;
* ``busy_times(account, start, end) -> list[BusyTime]``: the opaque, not cancelled events
  in a window, recurrences expanded (by the ``caldav`` library, on the client side, which
  works the same on every server).

Every failure (refused connection, time-out, an HTTP error, a reply that is not CalDAV)
comes out as ``CalDAVError``; ``server_unavailable`` tells a server that is down or refuses
us (retry later, and do not try the rest of the calendar now) from a single event that the
server rejects.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

import caldav
from caldav.lib import error as caldav_errors
from django.conf import settings

if TYPE_CHECKING:
    from calendar_sync.models import CalDAVAccount

logger = logging.getLogger("lontar.caldav")

# Seconds for connecting and for each reply. A push runs in the background worker or the
# timer loop's sweep; a hanging server must not hold either for long.
DEFAULT_TIMEOUT = 10


class CalDAVError(Exception):
    """A CalDAV request failed. ``status`` is the HTTP status, or None without a reply."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status

    @property
    def server_unavailable(self) -> bool:
        """No reply, a server error, or our credentials refused: the whole calendar is out
        of reach for now, not just this one event."""
        return self.status is None or self.status >= 500 or self.status in (401, 403, 404, 429)


@dataclass(frozen=True)
class BusyTime:
    uid: str
    summary: str
    start: datetime
    end: datetime


def _client(account: CalDAVAccount) -> caldav.DAVClient:
    timeout = getattr(settings, "LONTAR_CALDAV_TIMEOUT", DEFAULT_TIMEOUT)
    return caldav.DAVClient(
        url=collection_url(account),
        username=account.username or None,
        password=account.password or None,
        # Servers that allow anonymous reads never ask for credentials, so a configured
        # user would otherwise never be sent; app passwords are made for basic auth.
        auth_type="basic" if account.username else None,
        timeout=timeout,
        enable_rfc6764=False,  # the URL is the calendar itself: no DNS discovery
    )


def collection_url(account: CalDAVAccount) -> str:
    """The calendar's address, with the trailing slash WebDAV collections have."""
    url = account.calendar_url.strip()
    return url if url.endswith("/") else url + "/"


def event_href(account: CalDAVAccount, uid: str) -> str:
    """Where the event with this UID lives on the account's calendar (always the same)."""
    return collection_url(account) + quote(uid, safe="") + ".ics"


def _describe(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"[:500]


def _request(
    account: CalDAVAccount,
    method: str,
    href: str,
    body: str = "",
    headers: dict[str, str] | None = None,
) -> Any:
    try:
        with _client(account) as client:
            return client.request(href, method, body, headers or {})
    except caldav_errors.DAVError as exc:
        status = 401 if isinstance(exc, caldav_errors.AuthorizationError) else None
        if isinstance(exc, caldav_errors.RateLimitError):
            status = 429
        raise CalDAVError(_describe(exc), status=status) from exc
    except Exception as exc:  # connection refused, time-out, TLS, a malformed reply
        raise CalDAVError(_describe(exc)) from exc


def _status_error(method: str, href: str, response: Any) -> CalDAVError:
    reason = getattr(response, "reason", "") or ""
    return CalDAVError(
        f"{method} {href}: HTTP {response.status} {reason}".strip(), status=response.status
    )


def put_event(account: CalDAVAccount, uid: str, ics: bytes | str) -> tuple[str, str]:
    """Create or overwrite the event ``uid``; returns its address and the server's ETag
    (empty when the server does not give one).

    Lontar is the source of truth for its own items: an edit made on the phone is
    overwritten, so no ``If-Match`` is sent.
    """
    href = event_href(account, uid)
    body = ics.decode() if isinstance(ics, bytes) else ics
    headers = {"Content-Type": "text/calendar; charset=utf-8"}
    response = _request(account, "PUT", href, body, headers)
    if response.status in (403, 409) and "no-uid-conflict" in _text(response):
        # The event is already there under another name: the official's mail client
        # added the iTIP invitation to this same calendar. Update that one.
        existing = _href_of_uid(account, uid)
        if existing and existing != href:
            href = existing
            response = _request(account, "PUT", href, body, headers)
    if response.status not in (200, 201, 204):
        raise _status_error("PUT", href, response)
    return href, response.headers.get("ETag", "") or ""


def _text(response: Any) -> str:
    try:
        raw = response.raw
    except Exception:  # a body that is neither XML nor text
        return ""
    return raw.decode(errors="replace") if isinstance(raw, bytes) else str(raw or "")


def _href_of_uid(account: CalDAVAccount, uid: str) -> str:
    try:
        with _client(account) as client:
            calendar = caldav.Calendar(client=client, url=collection_url(account))
            return str(calendar.event_by_uid(uid).url)
    except caldav_errors.NotFoundError:
        return ""
    except caldav_errors.DAVError as exc:
        raise CalDAVError(_describe(exc)) from exc
    except Exception as exc:
        raise CalDAVError(_describe(exc)) from exc


def delete_event(account: CalDAVAccount, href: str) -> None:
    response = _request(account, "DELETE", href)
    if response.status not in (200, 202, 204, 404, 410):
        raise _status_error("DELETE", href, response)


def _as_datetime(value: date | datetime, zone: ZoneInfo) -> datetime:
    """All-day dates and floating times are read in ``zone`` (the region's)."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    return datetime.combine(value, time.min, tzinfo=zone)


def _busy_from_component(component: Any, zone: ZoneInfo) -> BusyTime | None:
    if str(component.get("status", "")).upper() == "CANCELLED":
        return None
    if str(component.get("transp", "OPAQUE")).upper() == "TRANSPARENT":
        return None
    if component.get("dtstart") is None:
        return None
    raw_start = component.decoded("dtstart")
    start = _as_datetime(raw_start, zone)
    if component.get("dtend") is not None:
        end = _as_datetime(component.decoded("dtend"), zone)
    elif component.get("duration") is not None:
        end = start + component.decoded("duration")
    elif isinstance(raw_start, datetime):
        end = start  # RFC 5545 3.6.1: a date-time without end takes no time
    else:
        end = start + timedelta(days=1)  # a date without end is that whole day
    if end <= start:
        return None
    return BusyTime(
        uid=str(component.get("uid", "")),
        summary=str(component.get("summary", ""))[:300],
        start=start,
        end=end,
    )


def busy_times(
    account: CalDAVAccount, start: datetime, end: datetime, *, zone: ZoneInfo | None = None
) -> list[BusyTime]:
    """Busy stretches on the account's calendar that touch [start, end)."""
    zone = zone or ZoneInfo(settings.TIME_ZONE)
    try:
        with _client(account) as client:
            calendar = caldav.Calendar(client=client, url=collection_url(account))
            found = calendar.search(start=start, end=end, event=True, expand=True)
            components = []
            for resource in found:
                instance = resource.get_icalendar_instance()
                components.extend(c for c in instance.walk("VEVENT"))
    except caldav_errors.DAVError as exc:
        status = 401 if isinstance(exc, caldav_errors.AuthorizationError) else None
        if isinstance(exc, caldav_errors.NotFoundError):
            status = 404
        raise CalDAVError(_describe(exc), status=status) from exc
    except Exception as exc:
        raise CalDAVError(_describe(exc)) from exc
    busy = []
    for component in components:
        try:
            found_busy = _busy_from_component(component, zone)
        except (ValueError, TypeError, KeyError) as exc:
            # One event we cannot read must not hide the others.
            logger.warning("skipping an unreadable event on %s: %s", account.pk, exc)
            continue
        if found_busy is not None and found_busy.start < end and start < found_busy.end:
            busy.append(found_busy)
    return busy


__all__ = [
    "BusyTime",
    "CalDAVError",
    "busy_times",
    "collection_url",
    "delete_event",
    "event_href",
    "put_event",
]
