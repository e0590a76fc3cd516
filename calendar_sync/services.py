"""Writes to the agenda."""

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from calendar_sync.models import AgendaItem
from calendar_sync.selectors import agenda_clashes
from organization.models import Official


@transaction.atomic
def agenda_item_create(
    *,
    official: Official,
    title: str,
    start: datetime,
    end: datetime | None,
    time_zone: str,
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
    if end is not None and end <= start:
        raise ValidationError(_("Waktu selesai harus setelah waktu mulai."))
    clashes = agenda_clashes(official=official, start=start, end=end, venue=venue)
    if clashes and not clash_override_reason.strip():
        raise ValidationError(
            _(
                "Jadwal %(official)s bentrok dengan: %(items)s. "
                "Tuliskan alasan untuk tetap menjadwalkan."
            )
            % {
                "official": official.title,
                "items": "; ".join(c.item.title for c in clashes),
            },
            code="clash",
        )
    return AgendaItem.objects.create(
        official=official,
        title=title,
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


@transaction.atomic
def agenda_items_cancel_for_source(*, source: str) -> int:
    return (
        AgendaItem.objects.filter(source=source)
        .exclude(status=AgendaItem.Status.CANCELLED)
        .update(
            status=AgendaItem.Status.CANCELLED,
            sequence=F("sequence") + 1,
            updated_at=timezone.now(),
        )
    )


@transaction.atomic
def agenda_items_move_for_source(
    *, source: str, start: datetime, end: datetime | None, time_zone: str, venue: str
) -> int:
    """A postponed event moves every item made from it; they become tentative again."""
    return (
        AgendaItem.objects.filter(source=source)
        .exclude(status=AgendaItem.Status.CANCELLED)
        .update(
            start=start,
            end=end,
            time_zone=time_zone,
            venue=venue,
            status=AgendaItem.Status.TENTATIVE,
            sequence=F("sequence") + 1,
            updated_at=timezone.now(),
        )
    )
