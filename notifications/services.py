"""The one way other apps tell users something: ``notify``. And the user's own changes:
reading, choosing channels, subscribing a browser."""

import logging
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.gateways import normalize_phone
from notifications.models import (
    DEFAULT_CHANNELS,
    Channel,
    Delivery,
    Kind,
    Notification,
    Preference,
    Profile,
    PushSubscription,
)

logger = logging.getLogger("lontar.notifications")

TITLE_LENGTH = Notification._meta.get_field("title").max_length


def _user_ids(recipients: Iterable[Any]) -> list[int]:
    ids: list[int] = []
    for user in recipients:
        if user is None or not getattr(user, "is_active", True):
            continue
        pk = getattr(user, "pk", user)
        if pk is not None and pk not in ids:
            ids.append(pk)
    return ids


def channels_for(*, user_ids: list[int], kind: str) -> dict[int, dict[str, bool]]:
    """The channels each user gets ``kind`` on (in-app aside), in three queries. WhatsApp
    needs an opt-in with a number, push a subscribed browser; either then follows the
    user's choice for the kind (default on)."""
    chosen = {
        (p.user_id, p.channel): p.enabled
        for p in Preference.objects.filter(user_id__in=user_ids, kind=kind)
    }
    profiles = {p.user_id: p for p in Profile.objects.filter(user_id__in=user_ids)}
    pushing = set(
        PushSubscription.objects.filter(user_id__in=user_ids).values_list("user_id", flat=True)
    )
    result = {}
    for uid in user_ids:
        profile = profiles.get(uid)
        whatsapp_ready = bool(
            profile and profile.whatsapp_opt_in and normalize_phone(profile.phone)
        )
        result[uid] = {
            Channel.EMAIL: chosen.get((uid, Channel.EMAIL), DEFAULT_CHANNELS[Channel.EMAIL]),
            Channel.WHATSAPP: whatsapp_ready and chosen.get((uid, Channel.WHATSAPP), True),
            Channel.PUSH: uid in pushing and chosen.get((uid, Channel.PUSH), True),
            "digest": bool(profile and profile.email_digest),
        }
    return result


def notify(
    *,
    recipients: Iterable[Any],
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    key: str,
    actor: Any = None,
) -> list[Notification]:
    """Tell ``recipients`` (users or their ids) of one event, on the channels each chose.

    The text must already be safe for every recipient (a confidential subject left out by
    the caller). ``key`` names the event: a second call with the same key adds nothing for
    a user who has it, so a retried step notifies once. The actor is not told of their
    own action. Deliveries are queued once the transaction commits and sent in the
    background; a channel that is down never fails the caller. Returns the new
    notifications.
    """
    if kind not in Kind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    actor_id = actor if isinstance(actor, int) else getattr(actor, "pk", None)
    ids = [uid for uid in _user_ids(recipients) if uid != actor_id]
    if not ids:
        return []
    with transaction.atomic():
        have = set(
            Notification.objects.filter(key=key, user_id__in=ids).values_list("user_id", flat=True)
        )
        new_ids = [uid for uid in ids if uid not in have]
        if not new_ids:
            return []
        Notification.objects.bulk_create(
            [
                Notification(
                    user_id=uid,
                    kind=kind,
                    title=title[:TITLE_LENGTH],
                    body=body,
                    url=url,
                    key=key,
                    actor_id=actor_id,
                )
                for uid in new_ids
            ],
            ignore_conflicts=True,  # a concurrent call with the same key won the race
        )
        created = list(
            Notification.objects.filter(key=key, user_id__in=new_ids, deliveries__isnull=True)
        )
        wanted = channels_for(user_ids=[n.user_id for n in created], kind=kind)
        deliveries = []
        for notification in created:
            choice = wanted[notification.user_id]
            for channel in (Channel.EMAIL, Channel.WHATSAPP, Channel.PUSH):
                if choice[channel]:
                    deliveries.append(
                        Delivery(
                            notification=notification,
                            channel=channel,
                            digest=channel == Channel.EMAIL and choice["digest"],
                        )
                    )
        Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)
        queued = list(
            Delivery.objects.filter(
                notification__in=created, digest=False, status=Delivery.Status.PENDING
            ).values_list("pk", flat=True)
        )
        if queued:

            def enqueue_deliveries() -> None:
                _enqueue(queued)

            transaction.on_commit(enqueue_deliveries, robust=True)
    return created


def notify_on_commit(**kwargs: Any) -> None:
    """``notify(**kwargs)`` once the current transaction commits; a failure is logged and
    never reaches the step that notified. (A named function, not a ``partial``: Django
    logs a failing robust callback by its ``__qualname__``.)"""

    def notify_after_commit() -> None:
        notify(**kwargs)

    transaction.on_commit(notify_after_commit, robust=True)


def _enqueue(delivery_ids: list[int]) -> None:
    """Queuing cannot fail the step: what is not queued, the sweep sends."""
    from notifications.tasks import send_deliveries

    try:
        send_deliveries.enqueue(delivery_ids)
    except Exception:
        logger.exception("could not queue %d notification deliveries", len(delivery_ids))


# The reader's own changes


def notification_mark_read(*, user: Any, notification_id: int) -> int:
    """Mark one of the user's own notifications read; another's is not found (0)."""
    return Notification.objects.filter(pk=notification_id, user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notifications_mark_all_read(*, user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def notification_settings_update(
    *,
    user: Any,
    phone: str,
    whatsapp_opt_in: bool,
    email_digest: bool,
    choices: dict[tuple[str, str], bool],
) -> Profile:
    """Save the user's number, opt-in, digest choice and the channel per kind."""
    normalized = normalize_phone(phone) if phone.strip() else ""
    if phone.strip() and not normalized:
        raise ValidationError(
            {"phone": _("Nomor WhatsApp tidak dikenali; tulis seperti 081234567890.")}
        )
    if whatsapp_opt_in and not normalized:
        raise ValidationError({"phone": _("Isi nomor WhatsApp untuk menerima pesan WhatsApp.")})
    profile, _created = Profile.objects.select_for_update().get_or_create(user=user)
    if whatsapp_opt_in and not profile.whatsapp_opt_in:
        profile.whatsapp_opt_in_at = timezone.now()
    profile.phone, profile.whatsapp_opt_in = normalized, whatsapp_opt_in
    profile.email_digest = email_digest
    profile.save()
    for (kind, channel), enabled in choices.items():
        if channel == Channel.IN_APP:
            continue  # always on
        Preference.objects.update_or_create(
            user=user, kind=kind, channel=channel, defaults={"enabled": enabled}
        )
    return profile


@transaction.atomic
def push_subscription_save(
    *, user: Any, data: dict[str, Any], user_agent: str = ""
) -> PushSubscription:
    """Store the browser's subscription JSON ({"endpoint", "keys": {"p256dh", "auth"}}).
    An endpoint subscribed by another user moves to this one (the same browser, signed
    in anew)."""
    endpoint = data.get("endpoint")
    keys = data.get("keys") or {}
    if not (
        isinstance(endpoint, str)
        and endpoint.startswith("https://")
        and len(endpoint) <= 1000
        and isinstance(keys, dict)
        and isinstance(keys.get("p256dh"), str)
        and isinstance(keys.get("auth"), str)
        and len(keys["p256dh"]) <= 200
        and len(keys["auth"]) <= 100
    ):
        raise ValidationError(_("Langganan notifikasi peramban tidak sah."))
    subscription, _created = PushSubscription.objects.update_or_create(
        endpoint=endpoint,
        defaults={
            "user": user,
            "p256dh": keys["p256dh"],
            "auth": keys["auth"],
            "user_agent": user_agent[:300],
        },
    )
    return subscription


def push_subscription_delete(*, user: Any, endpoint: str) -> int:
    deleted, _rows = PushSubscription.objects.filter(user=user, endpoint=endpoint).delete()
    return deleted
