"""iCalendar for one agenda item: as a resource on a CalDAV calendar, and as an iTIP
invitation (RFC 5546 REQUEST / CANCEL) sent by e-mail (iMIP, RFC 6047).

The invitation travels as ``multipart/alternative`` with a plain-text part and a
``text/calendar; method=REQUEST`` part, which is what makes Gmail, Outlook, Thunderbird
and Apple Mail offer "add to calendar"; the same text is attached as ``invite.ics`` for
clients that only look at attachments.

Times are in UTC (RFC 5545 allows that without a VTIMEZONE); the item's own local time with
its zone word is in the description and the mail text, as the offices say it.
"""

from datetime import UTC, datetime, timedelta
from email.mime.base import MIMEBase
from typing import Any

import icalendar
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
from django.utils.translation import gettext as _

from calendar_sync.ical import CLASS, PRODID, STATUS, Words, event_description
from calendar_sync.models import AgendaItem
from organization.models import Region
from organization.zones import local_span

REQUEST = "REQUEST"
CANCEL = "CANCEL"


def organizer() -> tuple[str, str]:
    """(address, name) of the protocol office, the organizer of every invitation."""
    region = Region.current()
    address = getattr(settings, "LONTAR_ITIP_ORGANIZER", "") or settings.DEFAULT_FROM_EMAIL
    return address, _("Bagian Protokol %(region)s") % {"region": region.name}


def _address(email: str, name: str, **params: str) -> icalendar.vCalAddress:
    address = icalendar.vCalAddress(f"mailto:{email}")
    address.params["CN"] = icalendar.vText(name)
    for key, value in params.items():
        address.params[key.replace("_", "-").upper()] = icalendar.vText(value)
    return address


def agenda_item_event(
    item: AgendaItem, *, open_end_default: timedelta, stamp: datetime
) -> icalendar.Event:
    """The VEVENT of an item, with everything its official may see."""
    event = icalendar.Event()
    event.add("uid", item.uid)
    event.add("sequence", item.sequence)
    event.add("dtstamp", stamp.astimezone(UTC))
    if item.created_at:
        event.add("created", item.created_at.astimezone(UTC))
    if item.updated_at:
        event.add("last-modified", item.updated_at.astimezone(UTC))
    event.add("dtstart", item.start.astimezone(UTC))
    event.add("dtend", item.effective_end(open_end_default).astimezone(UTC))
    event.add("summary", item.title)
    if item.venue:
        event.add("location", item.venue)
    words = Words.current(open_end_default)
    event.add("description", event_description(item, words=words, full_details=True))
    event.add("status", STATUS[item.status])
    event.add("class", CLASS[item.visibility])
    # A cancelled item makes nobody busy.
    cancelled = item.status == AgendaItem.Status.CANCELLED
    event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    return event


def _calendar(method: str | None) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    return cal


def caldav_resource_ics(item: AgendaItem) -> bytes:
    """The item as a calendar object resource. RFC 4791 4.1 forbids METHOD there; DTSTAMP
    is the item's last change, so the same item always gives the same bytes."""
    cal = _calendar(None)
    cal.add_component(
        agenda_item_event(
            item,
            open_end_default=Region.current().open_end_default,
            stamp=item.updated_at or timezone.now(),
        )
    )
    return cal.to_ical()


def invitation_ics(item: AgendaItem, *, method: str, recipient: str, name: str) -> bytes:
    """METHOD:REQUEST or METHOD:CANCEL for one attendee (RFC 5546 3.2.2, 3.2.5)."""
    if method not in (REQUEST, CANCEL):
        raise ValueError(f"unknown iTIP method {method!r}")
    org_address, org_name = organizer()
    event = agenda_item_event(
        item, open_end_default=Region.current().open_end_default, stamp=timezone.now()
    )
    if method == CANCEL:
        event["status"] = icalendar.vText("CANCELLED")
    event.add("organizer", _address(org_address, org_name))
    event.add(
        "attendee",
        _address(
            recipient,
            name,
            cutype="INDIVIDUAL",
            role="REQ-PARTICIPANT",
            partstat="NEEDS-ACTION",
            # Lontar does not read replies: the decision was made in the disposition.
            rsvp="FALSE",
        ),
    )
    cal = _calendar(method)
    cal.add_component(event)
    return cal.to_ical()


class _CalendarMail(EmailMultiAlternatives):
    """Django writes ``text/<subtype>`` parts with a charset only; iMIP needs the
    ``method`` parameter on the text/calendar part as well."""

    def _create_mime_attachment(self, content: Any, mimetype: str) -> MIMEBase:
        mimetype, _sep, params = mimetype.partition(";")
        part = super()._create_mime_attachment(content, mimetype.strip())
        for param in filter(None, (p.strip() for p in params.split(";"))):
            key, _eq, value = param.partition("=")
            part.set_param(key.strip(), value.strip())
        return part


def invitation_message(
    item: AgendaItem, *, method: str, recipient: str, name: str
) -> EmailMultiAlternatives:
    """The e-mail carrying the invitation (or its cancellation) for one recipient."""
    ics = invitation_ics(item, method=method, recipient=recipient, name=name).decode()
    org_address, org_name = organizer()
    values = {
        "title": item.title,
        "when": local_span(item),
        "venue": item.venue or "-",
        "official": item.official.title,
    }
    if method == CANCEL:
        subject = _("Dibatalkan: %(title)s, %(when)s") % values
        lines = [
            _("Yth. %(official)s,") % values,
            "",
            _("Acara berikut DIBATALKAN:"),
        ]
    else:
        subject = _("Undangan: %(title)s, %(when)s") % values
        if item.sequence:
            subject = _("Perubahan jadwal: %(title)s, %(when)s") % values
        lines = [_("Yth. %(official)s,") % values, ""]
        if item.sequence:
            lines.append(_("Jadwal acara berikut telah diubah:"))
        else:
            lines.append(_("Acara berikut masuk agenda Anda:"))
    lines += [
        "",
        item.title,
        _("Waktu: %(when)s") % values,
        _("Tempat: %(venue)s") % values,
    ]
    if item.role_note:
        lines.append(_("Peran: %(role)s") % {"role": item.role_note})
    lines += [
        "",
        _("Undangan kalender terlampir; aplikasi surel Anda dapat menambahkannya ke kalender."),
        "",
        f"-- {org_name} (Lontar)",
    ]
    message = _CalendarMail(
        subject=subject,
        body="\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient],
        reply_to=[org_address],
    )
    message.attach_alternative(ics, f"text/calendar; method={method}")
    message.attach("invite.ics", ics.encode(), "application/ics")
    return message
