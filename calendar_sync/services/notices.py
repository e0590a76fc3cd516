"""What the agenda tells the officials and their ajudan/sespri, through
``notifications.services.notify``: an item added, moved or cancelled, and every evening
the next day's agenda.

Each reader gets the text their eyes may see (``AgendaViewer``): a confidential item is
"Sibuk" to anyone but its official, their staff, and who may read every letter. The
official's own people see their items in full, but the rule is applied all the same, so
a change in who may see what cannot leak a title into a notification.
"""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from calendar_sync.layout import share_text
from calendar_sync.models import AgendaItem
from calendar_sync.selectors import (
    AgendaEntry,
    agenda_for_officials_day,
    agenda_viewer,
)
from notifications.models import Kind
from notifications.services import notify
from organization.models import Official, Region
from organization.zones import local_span

User = get_user_model()

ADDED, MOVED, CHANGED, CANCELLED = "added", "moved", "changed", "cancelled"


def official_and_staff(official: Official) -> QuerySet[Any]:
    """The official's own account and their ajudan/sespri."""
    return User.objects.filter(
        Q(official=official) | Q(leader_staff_links__leader=official), is_active=True
    ).distinct()


def _by_visibility(users: Iterable[Any], items: list[AgendaItem]) -> dict[tuple, list[Any]]:
    """Readers grouped by which of ``items`` they may read in full."""
    groups: dict[tuple, list[Any]] = {}
    for user in users:
        viewer = agenda_viewer(user=user)
        groups.setdefault(tuple(viewer.sees_details(i) for i in items), []).append(user)
    return groups


def agenda_items_notify(*, item_ids: Iterable[int], change: str, actor: Any = None) -> None:
    """Once the write commits, tell each item's official and their staff."""
    ids, actor_id = list(item_ids), getattr(actor, "pk", None)
    if not ids:
        return

    def notify_agenda_change() -> None:  # named: Django logs a failing callback by name
        _notify_items(ids, change, actor_id)

    transaction.on_commit(notify_agenda_change, robust=True)


def _change_title(change: str) -> str:
    titles = {
        ADDED: _("Agenda baru %(official)s: %(title)s"),
        MOVED: _("Agenda %(official)s dipindah: %(title)s"),
        CHANGED: _("Agenda %(official)s diubah: %(title)s"),
        CANCELLED: _("Agenda %(official)s dibatalkan: %(title)s"),
    }
    return titles[change]


def _notify_items(item_ids: list[int], change: str, actor_id: int | None) -> None:
    items = AgendaItem.objects.filter(pk__in=item_ids).select_related("official")
    for item in items:
        official = item.official
        for (visible,), users in _by_visibility(official_and_staff(official), [item]).items():
            entry = AgendaEntry(item=item, visible=visible)
            body = [local_span(entry, style="start")]
            if entry.venue:
                body.append(entry.venue)
            notify(
                recipients=users,
                kind=Kind.AGENDA_CHANGED,
                title=_change_title(change) % {"official": official.title, "title": entry.title},
                body="\n".join(body),
                url=reverse("jadwal:item", args=[item.pk]),
                key=f"agenda:{item.pk}:{item.sequence}:{change}",
                actor=actor_id,
            )


# The next day's agenda, every evening


def agenda_digest_due(*, now: datetime) -> date | None:
    """The day whose agenda goes out now: tomorrow, once today's digest time has passed
    in the region's zone; else None."""
    local = now.astimezone(Region.current().zone)
    hours, minutes = (int(part) for part in settings.LONTAR_AGENDA_DIGEST_TIME.split(":"))
    if local.time() < time(hours, minutes):
        return None
    return local.date() + timedelta(days=1)


def agenda_digest_send(*, day: date) -> int:
    """Each official with items on ``day``, and their staff, get that day as the WhatsApp
    text of the share page; once per official and day (the key). Returns how many
    notifications were new."""
    zone = Region.current().zone
    items = list(agenda_for_officials_day(officials=Official.objects.all(), day=day, zone=zone))
    by_official: dict[int, list[AgendaItem]] = {}
    for item in items:
        by_official.setdefault(item.official_id, []).append(item)
    sent = 0
    heading = _("Agenda %(day)s") % {"day": date_format(day, "l, j F Y")}
    for official_items in by_official.values():
        official = official_items[0].official
        readers = _by_visibility(official_and_staff(official), official_items)
        for visible, users in readers.items():
            entries = [
                AgendaEntry(item=i, visible=v) for i, v in zip(official_items, visible, strict=True)
            ]
            sent += len(
                notify(
                    recipients=users,
                    kind=Kind.AGENDA_DIGEST,
                    title=f"{heading}: {official.title}",
                    body=share_text(official=official, day=day, entries=entries),
                    url=reverse("jadwal:index") + f"?day={day.isoformat()}",
                    key=f"agenda-digest:{official.pk}:{day.isoformat()}",
                )
            )
    return sent


def agenda_digest_if_due(*, now: datetime | None = None) -> int:
    day = agenda_digest_due(now=now or timezone.now())
    return 0 if day is None else agenda_digest_send(day=day)
