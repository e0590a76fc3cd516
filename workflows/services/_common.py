"""What every letter service shares: one transition, saved and recorded, and its refusals."""

import hashlib
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, can_proceed

from audit.services import AuditInput, audit_record_many
from documents.models import Document
from documents.services import document_store
from organization.models import Official
from organization.text import one_line
from workflows.models import Letter, LetterEvent

ALREADY_HANDLED = _(
    "Surat ini baru saja diproses oleh pengguna lain. Muat ulang halaman untuk melihat statusnya."
)


@transaction.atomic
def record(
    *,
    letter: Letter,
    action: str,
    actor: Any,
    from_state: str = "",
    note: str = "",
    on_behalf_of: Official | None = None,
) -> LetterEvent:
    """One line of the letter's history: who, on behalf of whom, from -> to, why.

    With ``record_many`` the only places LetterEvent rows are made, and each is linked
    into the audit log here (one audit row per event, naming it) rather than written
    twice: the history keeps the words, the log proves them. The note stays in the
    history (it may say what a confidential letter is about); the log keeps its SHA-256."""
    event = LetterEvent.objects.create(
        letter=letter,
        action=action,
        from_state=from_state,
        to_state=letter.state,
        actor=actor,
        on_behalf_of=on_behalf_of,
        note=note,
    )
    audit_record_many([letter_event_audit(event)])
    return event


@transaction.atomic
def record_many(events: list[LetterEvent], *, batch_size: int | None = None) -> list[LetterEvent]:
    """History lines inserted in bulk (an export of many letters, the demo's bulk letters),
    each linked into the audit log as ``record`` links one."""
    events = LetterEvent.objects.bulk_create(events, batch_size=batch_size)
    audit_record_many(letter_event_audit(event) for event in events)
    return events


def letter_event_audit(event: LetterEvent) -> AuditInput:
    """The audit row that links one history line (``record``, and the demo's bulk
    letters, which insert their history in bulk)."""
    label = letter_label(event.letter)
    return AuditInput(
        action=f"letter.{event.action}",
        actor=event.actor,
        on_behalf_of=event.on_behalf_of,
        obj=event.letter,
        obj_label=label,
        scope=label,
        before={"state": event.from_state},
        after={
            "state": event.to_state,
            "event": event.pk,
            "note_sha256": hashlib.sha256(event.note.encode()).hexdigest(),
        },
        at=event.at,
    )


def letter_label(letter: Letter) -> str:
    """How the audit log names a letter: its agenda number, never its subject."""
    return letter.agenda_number or f"Surat #{letter.pk}"


@transaction.atomic
def letter_note(*, actor: Any, letter: Letter, action: str, note: str) -> LetterEvent:
    """A line in the letter's history for something done outside its lifecycle (an answer
    sent to the requester): who, when, what; the state stays."""
    return record(letter=letter, action=action, actor=actor, from_state=letter.state, note=note)


def apply_transition(
    letter: Letter,
    transition_name: str,
    *,
    actor: Any,
    action: str,
    note: str = "",
    on_behalf_of: Official | None = None,
    extra_fields: tuple[str, ...] = (),
    **kwargs: Any,
) -> Letter:
    """Run one FSM transition for ``actor`` (None = the system), save it and record it."""
    method = getattr(letter, transition_name)
    if not can_proceed(method, check_conditions=False):
        raise ValidationError(
            _("Tindakan ini tidak dapat dilakukan: surat berstatus %(state)s.")
            % {"state": letter.get_state_display()},
            code="state",
        )
    # django_fsm.has_transition_perm() also tests the conditions, which would turn an unmet
    # condition into "not allowed"; ask the transition's permission alone.
    if actor is not None and not method._django_fsm.has_transition_perm(
        letter, letter.state, actor
    ):
        raise PermissionDenied(_("Anda tidak berwenang melakukan tindakan ini pada surat ini."))
    if not can_proceed(method):
        raise ValidationError(_("Syarat untuk tindakan ini belum terpenuhi."), code="condition")
    from_state = letter.state
    method(**kwargs)
    try:
        letter.save(update_fields=["state", "updated_at", *extra_fields])
    except ConcurrentTransition as exc:
        raise ValidationError(ALREADY_HANDLED, code="concurrent") from exc
    record(
        letter=letter,
        action=action,
        actor=actor,
        from_state=from_state,
        note=note,
        on_behalf_of=on_behalf_of,
    )
    return letter


# The letter's fields that hold one line of text (the others are dates, choices, a flag).
ONE_LINE_FIELDS = (
    "sender",
    "letter_number",
    "subject",
    "addressee",
    "event_title",
    "venue",
    "dress_code",
    "contact_person",
)


def letter_values_clean(values: dict[str, Any]) -> None:
    """Put the one-line fields of ``values`` on one line (in place) and check the event's
    times: every path that writes a letter's fields calls it, the web's and the API's."""
    for name in ONE_LINE_FIELDS:
        if isinstance(values.get(name), str):
            values[name] = one_line(values[name])
    start, end = values.get("event_start"), values.get("event_end")
    if start and end and end <= start:
        raise ValidationError({"event_end": _("Waktu selesai harus setelah waktu mulai.")})


def process_timers_follow(letter: Letter) -> None:
    """Pending timers of the letter's process (the archive after the event, the escalation
    of a pending disposition) are due anew: the event moved, or its reports are in. The
    process's own flow says when each is due (``process.flow_class``: this module cannot
    import the flow, which imports the task views, which import the services)."""
    process = getattr(letter, "process", None)
    if process is None:
        return
    flow = process.flow_class.instance
    for timer in process.task_set.filter(status="SCHEDULED", flow_task_type="TIMER"):
        timer.scheduled = flow.timer_due(timer, letter)
        timer.save(update_fields=["scheduled"])


def store_letter_uploads(letter: Letter, uploads: list[Any], actor: Any) -> list[Document]:
    """A file named like one the letter already has is its corrected version: both are
    kept, linked by ``previous_version``; any other file is a further attachment."""
    current, stored = {}, []
    if letter.pk:
        for document in letter.documents.filter(next_versions__isnull=True):
            current[document.original_name] = document
    for upload in uploads:
        previous = current.get(getattr(upload, "name", ""))
        document = document_store(upload=upload, uploaded_by=actor, previous_version=previous)
        letter.documents.add(document)
        stored.append(document)
    return stored
