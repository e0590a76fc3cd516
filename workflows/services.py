"""Every change to a letter happens here: validate, transition, save, record, notify."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, can_proceed

from calendar_sync.models import AgendaItem
from calendar_sync.selectors import agenda_clashes
from calendar_sync.services import (
    agenda_item_create,
    agenda_items_cancel_for_source,
    agenda_items_move_for_source,
)
from documents.models import Document
from documents.services import document_store
from organization.models import Official, Region, Role
from organization.roles import has_role
from workflows.models import (
    ATTENDING_OUTCOMES,
    AgendaCounter,
    Disposition,
    DispositionRecipient,
    Letter,
    LetterEvent,
    LetterState,
    Outcome,
)
from workflows.search import letter_search_index_update

# Fields the mailroom fills or corrects on a letter.
LETTER_FIELDS = (
    "sender",
    "sender_department",
    "letter_number",
    "letter_date",
    "received_date",
    "security_class",
    "urgency",
    "subject",
    "addressee",
    "event_title",
    "event_start",
    "event_end",
    "event_time_zone",
    "venue",
    "outside_region",
    "dress_code",
    "contact_person",
)

ALREADY_HANDLED = _(
    "Surat ini baru saja diproses oleh pengguna lain. Muat ulang halaman untuk melihat statusnya."
)


@dataclass
class RecipientInput:
    official: Official
    instructions: list[str] = field(default_factory=list)
    note: str = ""
    due_date: date | None = None
    attends: bool = True


@dataclass
class ScheduleInput:
    official: Official
    clash_override_reason: str = ""


def _record(
    *,
    letter: Letter,
    action: str,
    actor: Any,
    from_state: str = "",
    note: str = "",
    on_behalf_of: Official | None = None,
) -> LetterEvent:
    return LetterEvent.objects.create(
        letter=letter,
        action=action,
        from_state=from_state,
        to_state=letter.state,
        actor=actor,
        on_behalf_of=on_behalf_of,
        note=note,
    )


def _apply(
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
    _record(
        letter=letter,
        action=action,
        actor=actor,
        from_state=from_state,
        note=note,
        on_behalf_of=on_behalf_of,
    )
    return letter


def _next_agenda_sequence(year: int) -> int:
    """Bump the year's counter. The UPDATE holds the row lock until commit, so concurrent
    registrations queue here and never share a number."""
    for _attempt in range(5):
        updated = AgendaCounter.objects.filter(year=year).update(last=F("last") + 1)
        if updated:
            return AgendaCounter.objects.get(year=year).last
        try:
            with transaction.atomic():
                AgendaCounter.objects.create(year=year, last=1)
            return 1
        except IntegrityError:
            continue  # another registration created the year's row first
    raise RuntimeError("could not allocate an agenda number")


def _validate_event_times(values: dict[str, Any]) -> None:
    start, end = values.get("event_start"), values.get("event_end")
    if start and end and end <= start:
        raise ValidationError({"event_end": _("Waktu selesai harus setelah waktu mulai.")})


def _store_uploads(letter: Letter, uploads: list[Any], actor: Any) -> None:
    """A file named like one the letter already has is its corrected version: both are
    kept, linked by ``previous_version``; any other file is a further attachment."""
    current = {}
    if letter.pk:
        for document in letter.documents.filter(next_versions__isnull=True):
            current[document.original_name] = document
    for upload in uploads:
        previous = current.get(getattr(upload, "name", ""))
        document = document_store(upload=upload, uploaded_by=actor, previous_version=previous)
        letter.documents.add(document)


def _attach_staged(letter: Letter, documents: list[Document], actor: Any) -> None:
    """Attach scans uploaded ahead of the form; each may belong to one letter only."""
    ids = [document.pk for document in documents]
    free = set(
        # of=self: PostgreSQL cannot lock the nullable side of the outer join to letters.
        Document.objects.select_for_update(of=("self",))
        .filter(pk__in=ids, uploaded_by=actor, letters__isnull=True)
        .values_list("pk", flat=True)
    )
    if free != set(ids):
        raise ValidationError(
            _("Pindaian yang dipilih sudah dipakai surat lain. Unggah ulang pindaiannya."),
            code="staged",
        )
    letter.documents.add(*documents)


@transaction.atomic
def letter_stage_scan(*, actor: Any, upload: Any) -> Document:
    """Store a scan before the registration form is sent, so the reader can fill the form
    while the clerk works; ``letter_register(documents=...)`` attaches it to the letter."""
    if not has_role(actor, Role.MAILROOM_CLERK):
        raise PermissionDenied(_("Hanya petugas persuratan yang dapat meregistrasi surat."))
    return document_store(upload=upload, uploaded_by=actor)


def letters_sharing_files(*, letter: Letter) -> list[str]:
    """Agenda numbers of other letters that hold a file with the very same bytes."""
    checksums = letter.documents.values("sha256")
    return list(
        Letter.objects.filter(documents__sha256__in=checksums)
        .exclude(pk=letter.pk)
        .order_by("agenda_year", "agenda_sequence")
        .values_list("agenda_number", flat=True)
        .distinct()
    )


def _refuse_duplicate(registration_key: str | None) -> None:
    existing = Letter.objects.filter(registration_key=registration_key).first()
    if registration_key and existing is not None:
        raise ValidationError(
            _("Formulir ini sudah dikirim: surat tercatat dengan nomor agenda %(number)s.")
            % {"number": existing.agenda_number},
            code="duplicate",
        )


@transaction.atomic
def letter_register(
    *,
    actor: Any,
    values: dict[str, Any],
    uploads: list[Any],
    registration_key: str | None = None,
    documents: list[Document] = (),
) -> Letter:
    """Register an arrived letter with its scan(s) and give it the next agenda number.

    ``uploads`` are files sent with the form; ``documents`` are scans the same clerk
    uploaded ahead of it (``letter_stage_scan``). ``registration_key`` comes from the
    form; the same key never registers twice.
    """
    if not has_role(actor, Role.MAILROOM_CLERK):
        raise PermissionDenied(_("Hanya petugas persuratan yang dapat meregistrasi surat."))
    _refuse_duplicate(registration_key)
    documents = list(documents)
    if not uploads and not documents:
        raise ValidationError(_("Lampirkan minimal satu hasil pindaian surat."), code="no_scan")
    _validate_event_times(values)
    region = Region.current()
    received = values.get("received_date") or timezone.localdate(timezone=region.zone)
    year = received.year
    sequence = _next_agenda_sequence(year)
    letter = Letter(
        **{name: values[name] for name in LETTER_FIELDS if name in values},
        agenda_year=year,
        agenda_sequence=sequence,
        agenda_number=region.format_agenda_number(number=sequence, year=year),
        registered_by=actor,
        registration_key=registration_key or None,
    )
    letter.received_date = received
    try:
        with transaction.atomic():
            letter.save()
    except IntegrityError:
        _refuse_duplicate(registration_key)  # the same form, sent twice at the same moment
        raise
    _attach_staged(letter, documents, actor)
    _store_uploads(letter, uploads, actor)
    _record(letter=letter, action="register", actor=actor, note=_("Surat diregistrasi."))
    letter_search_index_update(letter_id=letter.pk)
    return letter


@transaction.atomic
def letter_correct(
    *, actor: Any, letter: Letter, values: dict[str, Any], uploads: list[Any], note: str = ""
) -> Letter:
    """The mailroom fixes a returned letter and sends it back for review."""
    _validate_event_times(values)
    changed = [name for name in LETTER_FIELDS if name in values]
    for name in changed:
        setattr(letter, name, values[name])
    _apply(letter, "correct", actor=actor, action="correct", note=note, extra_fields=tuple(changed))
    _store_uploads(letter, uploads, actor)
    letter_search_index_update(letter_id=letter.pk)
    return letter


@transaction.atomic
def letter_forward(*, actor: Any, letter: Letter, leader: Official, note: str = "") -> Letter:
    if not leader.is_leader:
        raise ValidationError(_("%(official)s bukan pimpinan daerah.") % {"official": leader})
    letter.leader = leader
    _apply(letter, "forward", actor=actor, action="forward", note=note, extra_fields=("leader",))
    letter_search_index_update(letter_id=letter.pk)  # the leader's title is searchable
    return letter


@transaction.atomic
def letter_return(*, actor: Any, letter: Letter, reason: str) -> Letter:
    if not reason.strip():
        raise ValidationError(_("Tuliskan apa yang harus diperbaiki."))
    return _apply(letter, "return_for_correction", actor=actor, action="return", note=reason)


@transaction.atomic
def letter_reject(*, actor: Any, letter: Letter, reason: str) -> Letter:
    if not reason.strip():
        raise ValidationError(_("Tuliskan alasan penolakan."))
    return _apply(letter, "reject", actor=actor, action="reject", note=reason)


def disposition_on_behalf_of(actor: Any, leader: Official) -> Official | None:
    """The leader, when someone else (their ajudan or sespri) records the decision."""
    return None if leader.user_id == getattr(actor, "pk", None) else leader


@transaction.atomic
def letter_dispose(
    *,
    actor: Any,
    letter: Letter,
    outcome: str,
    note: str = "",
    recipients: list[RecipientInput] | None = None,
) -> Disposition:
    """Record the leader's disposition: attend, be represented, decline or file."""
    recipients = list(recipients or [])
    leader = letter.leader
    if leader is None:
        raise ValidationError(_("Surat belum diteruskan kepada pimpinan."))
    if outcome == Outcome.ATTEND and not any(r.official == leader for r in recipients):
        recipients.insert(0, RecipientInput(official=leader, instructions=["hadir"]))
    if outcome == Outcome.REPRESENT and not [r for r in recipients if r.attends]:
        raise ValidationError(_("Pilih minimal satu pejabat yang mewakili."), code="no_delegate")
    if outcome == Outcome.DECLINE and not note.strip():
        raise ValidationError(_("Tuliskan alasan tidak hadir untuk balasan kepada pengirim."))
    on_behalf_of = disposition_on_behalf_of(actor, leader)
    if outcome == Outcome.DECLINE:
        _apply(
            letter,
            "decline",
            actor=actor,
            action="decline",
            note=note,
            on_behalf_of=on_behalf_of,
            extra_fields=("outcome",),
        )
    else:
        _apply(
            letter,
            "dispose",
            actor=actor,
            action=f"dispose_{outcome}",
            note=note,
            on_behalf_of=on_behalf_of,
            extra_fields=("outcome",),
            outcome=outcome,
        )
    disposition = Disposition.objects.create(
        letter=letter,
        leader=leader,
        outcome=outcome,
        note=note,
        decided_by=actor,
        on_behalf=on_behalf_of is not None,
    )
    DispositionRecipient.objects.bulk_create(
        DispositionRecipient(
            disposition=disposition,
            official=r.official,
            instructions=r.instructions,
            note=r.note,
            due_date=r.due_date,
            attends=r.attends and outcome in ATTENDING_OUTCOMES,
        )
        for r in recipients
    )
    return disposition


def attending_officials(letter: Letter) -> list[Official]:
    """Who goes to the event according to the latest disposition."""
    disposition = letter.dispositions.order_by("-decided_at", "-pk").first()
    if disposition is None:
        return []
    return [
        r.official for r in disposition.recipients.select_related("official").filter(attends=True)
    ]


@transaction.atomic
def letter_schedule(
    *,
    actor: Any,
    letter: Letter,
    entries: list[ScheduleInput],
    visibility: str = AgendaItem.Visibility.INTERNAL,
    confirmed: bool = False,
    note: str = "",
) -> list[AgendaItem]:
    """Put the event on each attending official's agenda. A clash needs a written reason."""
    expected = {o.pk for o in attending_officials(letter)}
    given = {e.official.pk for e in entries}
    if expected != given:
        raise ValidationError(_("Setiap pejabat yang hadir harus dijadwalkan tepat satu kali."))
    _apply(letter, "schedule", actor=actor, action="schedule", note=note)
    outcome_role = {
        Outcome.ATTEND: _("Hadir"),
        Outcome.REPRESENT: _("Mewakili %(leader)s") % {"leader": letter.leader.title},
    }
    items = []
    for entry in entries:
        role_note = _("Hadir") if entry.official == letter.leader else outcome_role[letter.outcome]
        items.append(
            agenda_item_create(
                official=entry.official,
                title=letter.event_title,
                start=letter.event_start,
                end=letter.event_end,
                time_zone=letter.event_time_zone,
                venue=letter.venue,
                outside_region=letter.outside_region,
                visibility=visibility,
                status=AgendaItem.Status.CONFIRMED if confirmed else AgendaItem.Status.TENTATIVE,
                role_note=str(role_note),
                source=letter.agenda_source,
                clash_override_reason=entry.clash_override_reason,
                created_by=actor,
            )
        )
        if entry.clash_override_reason.strip():
            _record(
                letter=letter,
                action="clash_override",
                actor=actor,
                from_state=letter.state,
                note=f"{entry.official.title}: {entry.clash_override_reason.strip()}",
            )
    return items


@transaction.atomic
def letter_archive(*, letter: Letter, note: str = "") -> Letter:
    """Close the letter's record. Only the system archives (timer or closing step)."""
    return _apply(
        letter, "archive", actor=None, action="archive", note=note or _("Diarsipkan otomatis.")
    )


def archive_due_at(letter: Letter) -> datetime:
    """When a scheduled letter is archived: a configured time after its event ends."""
    region = Region.current()
    end = letter.event_end or letter.event_start + timedelta(
        minutes=region.open_end_default_minutes
    )
    return end + timedelta(hours=region.archive_after_event_hours)


def escalation_due_at(letter: Letter, since: datetime) -> datetime:
    """A pending disposition is escalated after the reminder period, or earlier when the
    event is close."""
    region = Region.current()
    by_wait = since + timedelta(hours=region.disposition_reminder_hours)
    by_event = letter.event_start - timedelta(hours=region.disposition_event_close_hours)
    return max(min(by_wait, by_event), since)


@transaction.atomic
def letter_escalate(*, letter: Letter) -> Letter:
    """Remind the leader's staff that a disposition is waiting (the system acts)."""
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if letter.state != LetterState.REVIEWED:
        return letter  # decided meanwhile: nothing to escalate
    letter.escalated_at = timezone.now()
    letter.save(update_fields=["escalated_at", "updated_at"])
    _record(
        letter=letter,
        action="escalate",
        actor=None,
        from_state=letter.state,
        note=_("Disposisi tertunda; diteruskan ke ajudan/sespri."),
    )
    staff_emails = [
        link.user.email
        for link in letter.leader.staff_links.select_related("user")
        if link.user.email
    ]
    if staff_emails:
        subject = _("Disposisi tertunda: %(number)s %(subject)s") % {
            "number": letter.agenda_number,
            "subject": letter.subject,
        }
        body = _(
            "Surat %(number)s menunggu disposisi %(leader)s. Acara: %(event)s, %(when)s %(zone)s."
        ) % {
            "number": letter.agenda_number,
            "leader": letter.leader.title,
            "event": letter.event_title,
            "when": letter.local_start.strftime("%d-%m-%Y %H.%M"),
            "zone": letter.zone_word,
        }
        transaction.on_commit(
            lambda: send_mail(subject, body, None, staff_emails, fail_silently=True)
        )
    return letter


@transaction.atomic
def letter_cancel_by_sender(*, actor: Any, letter: Letter, note: str) -> Letter:
    """A follow-up letter cancels the event: close the process, cancel agenda items, archive."""
    from workflows.flows import LetterFlow  # the flow imports services; import late

    if not note.strip():
        raise ValidationError(_("Sebutkan surat pembatalan dari pengirim (nomor/tanggal)."))
    _apply(letter, "cancel", actor=actor, action="cancel", note=note)
    agenda_items_cancel_for_source(source=letter.agenda_source)
    process = getattr(letter, "process", None)
    if process is not None:
        LetterFlow.instance.cancel(process)
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
    """A follow-up letter moves the event. Agenda items and the archive timer follow."""
    from workflows.flows import LetterFlow

    if not has_role(actor, Role.MAILROOM_CLERK, Role.PROTOCOL_REVIEWER):
        raise PermissionDenied(_("Anda tidak berwenang mencatat surat susulan."))
    if not letter.is_open:
        raise ValidationError(_("Surat ini sudah selesai diproses."))
    if not note.strip():
        raise ValidationError(_("Sebutkan surat susulan dari pengirim (nomor/tanggal)."))
    _validate_event_times({"event_start": event_start, "event_end": event_end})
    old = f"{letter.local_start:%d-%m-%Y %H.%M} {letter.zone_word}, {letter.venue}"
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
    process = getattr(letter, "process", None)
    if process is not None:
        _reschedule_timers(process, letter, LetterFlow)
    new = f"{letter.local_start:%d-%m-%Y %H.%M} {letter.zone_word}, {letter.venue}"
    # The sender decides the new time; a clash cannot refuse it, but protocol must see it.
    clashes = [
        f"{item.official.title}: {clash.item.title}"
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
    _record(
        letter=letter,
        action="postpone",
        actor=actor,
        from_state=letter.state,
        note=f"{note.strip()} ({old} → {new}; {moved} agenda).{clash_note}",
    )
    letter_search_index_update(letter_id=letter.pk)
    return letter


def _reschedule_timers(process: Any, letter: Letter, flow_class: Any) -> None:
    """Pending timers follow the moved event: the archive timer and the escalation."""
    open_timers = process.task_set.filter(status="SCHEDULED")
    open_timers.filter(flow_task=flow_class.wait_for_event).update(scheduled=archive_due_at(letter))
    for timer in open_timers.filter(flow_task_type="TIMER").exclude(
        flow_task=flow_class.wait_for_event
    ):
        timer.scheduled = escalation_due_at(letter, since=timer.created)
        timer.save(update_fields=["scheduled"])
