"""How one notification reads and goes out on each channel other than in-app.

Each ``send_*`` raises ``OutgoingError`` when the message did not go out; ``permanent``
ones (no address, a refused URL, an expired subscription) are not retried.
"""

import json
import smtplib
from collections.abc import Sequence

import requests
from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _
from pywebpush import WebPushException, webpush

from notifications.gateways import normalize_phone, send_whatsapp
from notifications.models import Channel, Delivery, Notification, Profile, PushSubscription
from notifications.outgoing import OutgoingError, check_url


def absolute_url(url: str) -> str:
    return settings.LONTAR_PUBLIC_URL + url if url.startswith("/") else url


def whatsapp_text(notification: Notification) -> str:
    """Short, the title in WhatsApp's *bold*, the link on its own line."""
    lines = [f"*{notification.title.replace('*', '')}*"]
    if notification.body:
        lines.append(notification.body.strip())
    if notification.url:
        lines.append(absolute_url(notification.url))
    return "\n".join(lines)


def email_text(notification: Notification) -> str:
    text = notification.body.strip()
    if notification.url:
        text += "\n\n" + _("Buka: %(url)s") % {"url": absolute_url(notification.url)}
    return text


def push_payload(notification: Notification) -> str:
    """What the service worker's push handler shows."""
    return json.dumps(
        {
            "title": notification.title,
            "body": notification.body[:300],
            "url": absolute_url(notification.url) if notification.url else "/notifikasi/",
        },
        ensure_ascii=False,
    )


def send_email(notification: Notification) -> None:
    address = notification.user.email
    if not address:
        raise OutgoingError("the user has no e-mail address", permanent=True)
    try:
        send_mail(notification.title, email_text(notification), None, [address])
    except (smtplib.SMTPException, OSError) as exc:
        raise OutgoingError(f"SMTP: {exc}") from exc


def send_email_digest(address: str, notifications: Sequence[Notification]) -> None:
    subject = _("Ringkasan pemberitahuan Lontar: %(count)d baru") % {"count": len(notifications)}
    blocks = [f"* {n.title}\n{email_text(n)}".strip() for n in notifications]
    try:
        send_mail(subject, "\n\n".join(blocks), None, [address])
    except (smtplib.SMTPException, OSError) as exc:
        raise OutgoingError(f"SMTP: {exc}") from exc


def send_whatsapp_message(delivery: Delivery) -> None:
    notification = delivery.notification
    profile = Profile.objects.filter(user_id=notification.user_id).first()
    phone = normalize_phone(profile.phone) if profile else ""
    if not (profile and profile.whatsapp_opt_in and phone):
        raise OutgoingError("no WhatsApp number, or no opt-in", permanent=True)
    send_whatsapp(
        phone=phone, message=whatsapp_text(notification), idempotency_key=str(delivery.uid)
    )


class _NoRedirectSession(requests.Session):
    def __init__(self) -> None:
        super().__init__()
        self.max_redirects = 0


def send_push(notification: Notification) -> None:
    """To every browser the user subscribed; one that got through is enough. A
    subscription the push service no longer knows (404, 410) is removed."""
    if not settings.LONTAR_VAPID_PRIVATE_KEY:
        raise OutgoingError("no VAPID keys configured", permanent=True)
    subscriptions = list(PushSubscription.objects.filter(user_id=notification.user_id))
    if not subscriptions:
        raise OutgoingError("no browser subscribed", permanent=True)
    payload, errors, sent = push_payload(notification), [], 0
    for sub in subscriptions:
        try:
            check_url(sub.endpoint)
            webpush(
                {"endpoint": sub.endpoint, "keys": {"p256dh": sub.p256dh, "auth": sub.auth}},
                data=payload,
                vapid_private_key=settings.LONTAR_VAPID_PRIVATE_KEY,
                vapid_claims={"sub": settings.LONTAR_VAPID_SUBJECT},
                timeout=settings.LONTAR_WHATSAPP_TIMEOUT,
                ttl=86400,
                requests_session=_NoRedirectSession(),
            )
            sent += 1
        except WebPushException as exc:
            status = getattr(exc.response, "status_code", None)
            if status in {404, 410}:
                sub.delete()
                errors.append(OutgoingError(f"subscription gone ({status})", permanent=True))
            else:
                errors.append(OutgoingError(f"push service: HTTP {status}", status=status))
        except OutgoingError as exc:
            errors.append(exc)
        except (requests.RequestException, ValueError) as exc:
            errors.append(OutgoingError(f"push: {exc}"))
    if sent or not errors:
        return
    permanent = all(error.permanent for error in errors)
    raise OutgoingError("; ".join(str(e) for e in errors), permanent=permanent)


def send(delivery: Delivery) -> None:
    if delivery.channel == Channel.EMAIL:
        send_email(delivery.notification)
    elif delivery.channel == Channel.WHATSAPP:
        send_whatsapp_message(delivery)
    elif delivery.channel == Channel.PUSH:
        send_push(delivery.notification)
    else:
        raise OutgoingError(f"unknown channel {delivery.channel}", permanent=True)
