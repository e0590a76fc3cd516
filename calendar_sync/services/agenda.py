"""Writes to the leaders' agenda: items entered from letters and by hand, their copies
elsewhere, and the private feed addresses."""

import logging
from collections.abc import Iterable
from datetime import datetime
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from calendar_sync.models import AgendaItem, AgendaItemChange, FeedToken
from calendar_sync.selectors import LONGEST_ITEM, Clash, agenda_clashes, agenda_item_clashes
from organization.models import Official
from organization.text import one_line


@transaction.atomic
def agenda_item_create(
    *,
    official: Official,
    title: str,
    start: datetime,
    end: datetime | None,
    time_zone: str,
    kind: str = AgendaItem.Kind.EVENT,
    description: str = "",
    venue: str = "",
    outside_region: bool = False,
    visibility: str = AgendaItem.Visibility.INTERNAL,
    status: str = AgendaItem.Status.TENTATIVE,
    role_note: str = "",
    source: str = "",
    clash_override_reason: str = "",
    created_by: Any = None,
) -> AgendaItem:
    """Put an item on an official's agenda. A clash is refused unless a reason is given."""
    check_times(start, end)
    title, venue, role_note = one_line(title), one_line(venue), one_line(role_note)
    clashes = agenda_clashes(official=official, start=start, end=end, venue=venue)
    if clashes and not clash_override_reason.strip():
        _refuse_clash(official, clashes)
    item = AgendaItem.objects.create(
        official=official,
        title=title,
        kind=kind,
        description=description,
        start=start,
        end=end,
        time_zone=time_zone,
        venue=venue,
        outside_region=outside_region,
        visibility=visibility,
        status=status,
        role_note=role_note,
        source=source,
        clash_override_reason=clash_override_reason.strip() if clashes else "",
        created_by=created_by,
    )
    agenda_items_queue_sync(item_ids=[item.pk])
    return item


@transaction.atomic
def agenda_items_cancel_for_source(*, source: str) -> int:
    ids = _active_ids_for_source(source)
    count = AgendaItem.objects.filter(pk__in=ids).update(
        status=AgendaItem.Status.CANCELLED,
        sequence=F("sequence") + 1,
        updated_at=timezone.now(),
    )
    agenda_items_queue_sync(item_ids=ids)
    return count


@transaction.atomic
def agenda_items_move_for_source(
    *, source: str, start: datetime, end: datetime | None, time_zone: str, venue: str
) -> int:
    """A postponed event moves every item made from it; they become tentative again."""
    ids = _active_ids_for_source(source)
    count = AgendaItem.objects.filter(pk__in=ids).update(
        start=start,
        end=end,
        time_zone=time_zone,
        venue=venue,
        status=AgendaItem.Status.TENTATIVE,
        sequence=F("sequence") + 1,
        updated_at=timezone.now(),
    )
    agenda_items_queue_sync(item_ids=ids)
    return count


def _active_ids_for_source(source: str) -> list[int]:
    """The not cancelled items made from ``source``, locked until the caller's update."""
    return list(
        AgendaItem.objects.filter(source=source)
        .exclude(status=AgendaItem.Status.CANCELLED)
        .select_for_update()
        .values_list("pk", flat=True)
    )


# Copies elsewhere: the officials' CalDAV calendars and iTIP invitations by e-mail

sync_logger = logging.getLogger("lontar.calendar_sync")


def agenda_items_queue_sync(*, item_ids: Iterable[int]) -> None:
    """Once the current transaction commits, push these items to their officials' CalDAV
    calendars and send their invitations (calendar_sync/tasks.py).

    Call it after every write that a calendar must see (time, place, status; raise the
    item's ``sequence`` with it). Queuing cannot fail the write: an error is logged, and
    the sweep (``manage.py calendar_sync_sweep``) pushes what was left behind.
    """
    ids = list(item_ids)
    if ids:
        transaction.on_commit(partial(_enqueue_sync, ids), robust=True)


def _enqueue_sync(item_ids: list[int]) -> None:
    from calendar_sync.tasks import push_agenda_item, send_agenda_invitations

    for item_id in item_ids:
        for work in (push_agenda_item, send_agenda_invitations):
            try:
                work.enqueue(item_id)
            except Exception:
                sync_logger.exception("could not queue %s for agenda item %s", work.name, item_id)


# Private feed addresses

feed_logger = logging.getLogger("lontar.feeds")


@transaction.atomic
def feed_token_create(*, official: Official, label: str, created_by: Any) -> FeedToken:
    """A new secret address for ``official``'s private calendar feed.

    The caller has checked that ``created_by`` may manage this official's feeds
    (``selectors.officials_for_feed_tokens``).
    """
    token = FeedToken.objects.create(
        official=official, label=label.strip()[:100], created_by=created_by
    )
    feed_logger.info(
        "feed token %s created for official %s by %s", token.pk, official.pk, created_by
    )
    return token


@transaction.atomic
def feed_token_revoke(*, token: FeedToken, revoked_by: Any) -> FeedToken:
    """End access through this address at once; revoking twice changes nothing."""
    token = FeedToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        feed_logger.info(
            "feed token %s of official %s revoked by %s", token.pk, token.official_id, revoked_by
        )
    return token


# Manual entry: changes by hand, each recorded with who made it

_EDITABLE_FIELDS = frozenset(
    {
        "title",
        "kind",
        "description",
        "start",
        "end",
        "time_zone",
        "venue",
        "outside_region",
        "status",
        "visibility",
        "role_note",
    }
)


_ONE_LINE = frozenset({"title", "venue", "role_note"})


def check_times(start: datetime, end: datetime | None) -> None:
    if end is not None and end <= start:
        raise ValidationError(_("Waktu selesai harus setelah waktu mulai."), code="end")
    # The clash check looks back only this far for items still running.
    if end is not None and end - start > LONGEST_ITEM:
        raise ValidationError(
            _("Satu agenda paling lama %(days)d hari; catat yang lebih lama dalam beberapa bagian.")
            % {"days": LONGEST_ITEM.days},
            code="too_long",
        )


def _refuse_clash(official: Official, clashes: list[Clash]) -> None:
    raise ValidationError(
        _(
            "Jadwal %(official)s bentrok dengan: %(items)s. "
            "Tuliskan alasan untuk tetap menjadwalkan."
        )
        % {"official": official.title, "items": "; ".join(c.item.title for c in clashes)},
        code="clash",
    )


def _locked(item: AgendaItem) -> AgendaItem:
    return AgendaItem.objects.select_for_update().select_related("official").get(pk=item.pk)


@transaction.atomic
def agenda_item_update(
    *, item: AgendaItem, actor: Any, clash_override_reason: str = "", **fields: Any
) -> AgendaItem:
    """Change an item by hand. Every change raises ``sequence``: each field is in the
    calendar copies (title, place, time, status, class), and a copy is pushed again only
    for a higher sequence. A new time or place, or a cancelled item made active again, is
    checked for clashes as on entry (the item itself left out)."""
    unknown = set(fields) - _EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"not editable by hand: {', '.join(sorted(unknown))}")
    for name in _ONE_LINE & set(fields):
        fields[name] = one_line(fields[name])
    item = _locked(item)
    was_cancelled = item.status == AgendaItem.Status.CANCELLED
    changed = [name for name, value in fields.items() if getattr(item, name) != value]
    if not changed:
        return item
    for name in changed:
        setattr(item, name, fields[name])
    check_times(item.start, item.end)
    update_fields = [*changed, "sequence", "updated_at"]
    notes = [
        _("Diubah: %(fields)s.")
        % {"fields": ", ".join(str(AgendaItem._meta.get_field(n).verbose_name) for n in changed)}
    ]
    moved = bool({"start", "end", "venue"} & set(changed)) or (
        was_cancelled and item.status != AgendaItem.Status.CANCELLED
    )
    if moved and item.status != AgendaItem.Status.CANCELLED:
        clashes = agenda_item_clashes(item=item)
        reason = clash_override_reason.strip()
        if clashes and not reason:
            _refuse_clash(item.official, clashes)
        item.clash_override_reason = reason if clashes else ""
        update_fields.append("clash_override_reason")
        if clashes:
            notes.append(_("Bentrok diabaikan: %(reason)s") % {"reason": reason})
    item.sequence += 1
    item.save(update_fields=update_fields)
    AgendaItemChange.objects.create(
        item=item, actor=actor, action=AgendaItemChange.Action.UPDATE, note=" ".join(notes)
    )
    agenda_items_queue_sync(item_ids=[item.pk])
    return item


@transaction.atomic
def agenda_item_cancel(*, item: AgendaItem, actor: Any, reason: str) -> AgendaItem:
    """Cancel an item (it stays, marked cancelled, so calendars remove their copy)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Tuliskan alasan pembatalan."), code="reason")
    item = _locked(item)
    if item.status == AgendaItem.Status.CANCELLED:
        raise ValidationError(_("Agenda ini sudah dibatalkan."), code="cancelled")
    item.status = AgendaItem.Status.CANCELLED
    item.sequence += 1
    item.save(update_fields=["status", "sequence", "updated_at"])
    AgendaItemChange.objects.create(
        item=item, actor=actor, action=AgendaItemChange.Action.CANCEL, note=reason
    )
    agenda_items_queue_sync(item_ids=[item.pk])
    return item


@transaction.atomic
def agenda_item_confirm(*, item: AgendaItem, actor: Any, note: str = "") -> AgendaItem:
    """Mark a tentative item as certain ("pasti"). A cancelled item cannot be confirmed;
    confirming a confirmed item changes nothing."""
    item = _locked(item)
    if item.status == AgendaItem.Status.CANCELLED:
        raise ValidationError(
            _("Agenda yang dibatalkan tidak dapat dipastikan; ubah statusnya bila jadi."),
            code="cancelled",
        )
    if item.status == AgendaItem.Status.CONFIRMED:
        return item
    item.status = AgendaItem.Status.CONFIRMED
    item.sequence += 1
    item.save(update_fields=["status", "sequence", "updated_at"])
    AgendaItemChange.objects.create(
        item=item, actor=actor, action=AgendaItemChange.Action.CONFIRM, note=note.strip()
    )
    agenda_items_queue_sync(item_ids=[item.pk])
    return item
