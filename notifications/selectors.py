"""Reads of the notifications, always the user's own."""

from typing import Any

from django.db.models import QuerySet

from notifications.models import (
    DEFAULT_CHANNELS,
    Channel,
    Kind,
    Notification,
    Preference,
    Profile,
)


def notifications_for(*, user: Any) -> QuerySet[Notification]:
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(user=user).order_by("-created_at", "-pk")


def unread_count(*, user: Any) -> int:
    """The bell's number: one query."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notification_choices(*, user: Any) -> dict[tuple[str, str], bool]:
    """The user's channel for each kind as the settings page shows it (stored or default;
    WhatsApp and push default to on once opted in, see services.channels_for)."""
    stored = {(p.kind, p.channel): p.enabled for p in Preference.objects.filter(user=user)}
    defaults = {**DEFAULT_CHANNELS, Channel.WHATSAPP: True, Channel.PUSH: True}
    return {
        (kind, channel): stored.get((kind, channel), defaults[channel])
        for kind in Kind.values
        for channel in Channel.values
    }


def notification_profile(*, user: Any) -> Profile:
    return Profile.objects.filter(user=user).first() or Profile(user=user)
