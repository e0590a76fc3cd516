"""Writes to departments' own events (Kalender Kegiatan OPD). The caller has checked that
the actor may enter events for the department (``selectors.department_event_departments``).

A room already taken (by a leader's item or another event) is refused unless a reason is
given; the other departments' events at the same hour are only shown. Every change is
recorded with who made it, and why when it is a cancellation or an override.
"""

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from calendar_sync.models import DepartmentEvent, DepartmentEventChange
from calendar_sync.selectors.departments import department_event_checks
from calendar_sync.services.agenda import check_times
from organization.models import Department
from organization.text import one_line

_SINGLE_LINE = ("title", "venue", "organiser", "audience")
_EDITABLE = frozenset(
    {"title", "description", "start", "end", "time_zone", "venue", "status", "visibility"}
    | {"organiser", "speakers", "audience"}
)
_VISIBILITIES = (DepartmentEvent.Visibility.PUBLIC, DepartmentEvent.Visibility.INTERNAL)


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    """One line for the one-line fields (a pasted line break would make a fake line in a
    WhatsApp text or a feed); the times and the visibility checked."""
    for name in _SINGLE_LINE:
        if name in fields:
            fields[name] = one_line(fields[name])
    if "speakers" in fields:
        fields["speakers"] = "\n".join(
            one_line(line) for line in fields["speakers"].splitlines() if line.strip()
        )
    if not fields.get("title", "x"):
        raise ValidationError(_("Nama kegiatan wajib diisi."), code="title")
    if not fields.get("venue", "x"):
        raise ValidationError(_("Tempat kegiatan wajib diisi."), code="venue")
    if fields.get("visibility", _VISIBILITIES[0]) not in _VISIBILITIES:
        raise ValidationError(_("Kegiatan perangkat daerah publik atau internal."), code="class")
    return fields


def _check_venue(event: DepartmentEvent, reason: str) -> str:
    """The override reason to keep: empty when the room is free; refused when it is taken
    and no reason is given."""
    checks = department_event_checks(
        start=event.start,
        end=event.end,
        venue=event.venue,
        exclude_ids=(event.pk,) if event.pk else (),
    )
    if not checks.venue_taken:
        return ""
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            _(
                "%(venue)s sudah dipakai pada waktu itu: %(taken)s. "
                "Tuliskan alasan untuk tetap memakainya."
            )
            % {
                "venue": event.venue,
                "taken": "; ".join(f"{e.holder} — {e.title}" for e in checks.venue_taken),
            },
            code="venue_taken",
        )
    return reason


@transaction.atomic
def department_event_create(
    *,
    department: Department,
    title: str,
    start: datetime,
    end: datetime | None,
    time_zone: str,
    venue: str,
    actor: Any,
    venue_override_reason: str = "",
    **fields: Any,
) -> DepartmentEvent:
    """Enter a department's event; ``fields`` are the other editable fields."""
    unknown = set(fields) - _EDITABLE
    if unknown:
        raise TypeError(f"not a department event field: {', '.join(sorted(unknown))}")
    if end is None:
        raise ValidationError(_("Isi waktu selesai kegiatan."), code="end")
    check_times(start, end)
    values = _clean(
        {"title": title, "start": start, "end": end, "time_zone": time_zone, "venue": venue}
        | fields
    )
    event = DepartmentEvent(department=department, created_by=actor, **values)
    # Two officers booking one room at once: the second waits here and then sees the first.
    Department.objects.select_for_update().filter(pk=department.pk).first()
    event.venue_override_reason = _check_venue(event, venue_override_reason)
    event.save()
    note = ""
    if event.venue_override_reason:
        note = _("Tempat dipakai acara lain; tetap dicatat: %(reason)s") % {
            "reason": event.venue_override_reason
        }
    DepartmentEventChange.objects.create(
        event=event, actor=actor, action=DepartmentEventChange.Action.CREATE, note=note
    )
    return event


def _locked(event: DepartmentEvent) -> DepartmentEvent:
    return DepartmentEvent.objects.select_for_update().select_related("department").get(pk=event.pk)


@transaction.atomic
def department_event_update(
    *, event: DepartmentEvent, actor: Any, venue_override_reason: str = "", **fields: Any
) -> DepartmentEvent:
    """Change an event. A new time or place, or a cancelled event made active again, is
    checked for its room again; every change raises its feed SEQUENCE."""
    unknown = set(fields) - _EDITABLE
    if unknown:
        raise TypeError(f"not a department event field: {', '.join(sorted(unknown))}")
    fields = _clean(fields)
    event = _locked(event)
    was_cancelled = event.is_cancelled
    changed = [name for name, value in fields.items() if getattr(event, name) != value]
    if not changed:
        return event
    for name in changed:
        setattr(event, name, fields[name])
    if event.end is None:
        raise ValidationError(_("Isi waktu selesai kegiatan."), code="end")
    check_times(event.start, event.end)
    notes = [
        _("Diubah: %(fields)s.")
        % {
            "fields": ", ".join(
                str(DepartmentEvent._meta.get_field(n).verbose_name) for n in changed
            )
        }
    ]
    update_fields = [*changed, "sequence", "updated_at"]
    moved = bool({"start", "end", "venue"} & set(changed)) or (
        was_cancelled and not event.is_cancelled
    )
    if moved and not event.is_cancelled:
        event.venue_override_reason = _check_venue(event, venue_override_reason)
        update_fields.append("venue_override_reason")
        if event.venue_override_reason:
            notes.append(
                _("Tempat dipakai acara lain; tetap dicatat: %(reason)s")
                % {"reason": event.venue_override_reason}
            )
    event.sequence += 1
    event.save(update_fields=update_fields)
    DepartmentEventChange.objects.create(
        event=event, actor=actor, action=DepartmentEventChange.Action.UPDATE, note=" ".join(notes)
    )
    return event


@transaction.atomic
def department_event_cancel(*, event: DepartmentEvent, actor: Any, reason: str) -> DepartmentEvent:
    """Cancel an event; it stays, marked cancelled, so subscribed calendars remove it."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Tuliskan alasan pembatalan."), code="reason")
    event = _locked(event)
    if event.is_cancelled:
        raise ValidationError(_("Kegiatan ini sudah dibatalkan."), code="cancelled")
    event.status = DepartmentEvent.Status.CANCELLED
    event.sequence += 1
    event.save(update_fields=["status", "sequence", "updated_at"])
    DepartmentEventChange.objects.create(
        event=event, actor=actor, action=DepartmentEventChange.Action.CANCEL, note=reason
    )
    return event
