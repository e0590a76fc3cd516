"""Follow-up letters from the sender (*surat susulan*): the event is cancelled or moved.

The letter's process follows through its own flow (``process.flow_class``): these services
cancel it or move its timers without importing the flow, which imports the task views,
which import these services.
"""

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from calendar_sync.models import AgendaItem
from calendar_sync.selectors import AgendaEntry, AgendaViewer, agenda_clashes
from calendar_sync.services import agenda_items_cancel_for_source, agenda_items_move_for_source
from organization.zones import local_span
from workflows.models import Letter, records_sender_update
from workflows.search import letter_search_index_update
from workflows.services._common import (
    apply_transition,
    letter_values_clean,
    process_timers_follow,
    record,
)
from workflows.services.event_followups import followups_follow_event
from workflows.services.scheduling import letter_archive

# Whoever reads a letter's history, without any right to confidential agenda items.
ANYONE = AgendaViewer(sees_all=False, official_ids=frozenset())


@transaction.atomic
def letter_cancel_by_sender(*, actor: Any, letter: Letter, note: str) -> Letter:
    """A follow-up letter cancels the event: close the process, cancel agenda items, archive."""
    if not note.strip():
        raise ValidationError(_("Sebutkan surat pembatalan dari pengirim (nomor/tanggal)."))
    apply_transition(letter, "cancel", actor=actor, action="cancel", note=note)
    agenda_items_cancel_for_source(source=letter.agenda_source)
    process = getattr(letter, "process", None)
    if process is not None:
        process.flow_class.instance.cancel(process)
    return letter_archive(letter=letter, note=_("Diarsipkan setelah dibatalkan pengirim."))


@transaction.atomic
def letter_postpone(
    *,
    actor: Any,
    letter: Letter,
    event_start: datetime,
    event_end: datetime | None,
    event_time_zone: str,
    venue: str,
    note: str,
) -> Letter:
    """A follow-up letter moves the event. Agenda items, the process's timers and the due
    dates of the speech and the reports follow."""
    if not records_sender_update(letter, actor):
        raise PermissionDenied(_("Anda tidak berwenang mencatat surat susulan."))
    if not letter.is_open:
        raise ValidationError(_("Surat ini sudah selesai diproses."))
    if not note.strip():
        raise ValidationError(_("Sebutkan surat susulan dari pengirim (nomor/tanggal)."))
    values = {"event_start": event_start, "event_end": event_end, "venue": venue}
    letter_values_clean(values)
    venue = values["venue"]
    old = f"{local_span(letter, style='start')}, {letter.venue}"
    letter.event_start, letter.event_end = event_start, event_end
    letter.event_time_zone, letter.venue = event_time_zone, venue
    letter.save(
        update_fields=["event_start", "event_end", "event_time_zone", "venue", "updated_at"]
    )
    moved = agenda_items_move_for_source(
        source=letter.agenda_source,
        start=event_start,
        end=event_end,
        time_zone=event_time_zone,
        venue=venue,
    )
    process_timers_follow(letter)
    followups_follow_event(letter=letter)
    new = f"{local_span(letter, style='start')}, {letter.venue}"
    # The sender decides the new time; a clash cannot refuse it, but protocol must see it.
    # The history is read by whoever may read the letter: a confidential item is "Sibuk".
    clashes = [
        f"{item.official.title}: {_seen_by_anyone(clash.item)}"
        for item in AgendaItem.objects.filter(source=letter.agenda_source)
        .exclude(status=AgendaItem.Status.CANCELLED)
        .select_related("official")
        for clash in agenda_clashes(
            official=item.official,
            start=item.start,
            end=item.end,
            venue=item.venue,
            exclude_ids=(item.pk,),
        )
    ]
    clash_note = _(" Bentrok: %(clashes)s.") % {"clashes": "; ".join(clashes)} if clashes else ""
    record(
        letter=letter,
        action="postpone",
        actor=actor,
        from_state=letter.state,
        note=f"{note.strip()} ({old} → {new}; {moved} agenda).{clash_note}",
    )
    letter_search_index_update(letter_id=letter.pk)
    return letter


def _seen_by_anyone(item: AgendaItem) -> str:
    return AgendaEntry(item=item, visible=ANYONE.sees_details(item)).title
