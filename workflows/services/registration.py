"""The mailroom's steps: stage a scan, register a letter, correct a returned one; and the
clean-up of scans staged for a form that was never sent."""

import logging
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import Document
from documents.services import document_discard, document_store
from documents.storage import storage_errors
from organization.models import Region, Role
from organization.roles import has_role
from workflows.classification import default_classification
from workflows.models import LETTER_FIELDS, AgendaCounter, Channel, Letter
from workflows.search import letter_search_index_update
from workflows.selectors import staged_scans_abandoned
from workflows.services._common import (
    ALREADY_HANDLED,
    apply_transition,
    letter_values_clean,
    record,
    store_letter_uploads,
)

logger = logging.getLogger(__name__)


@transaction.atomic
def letter_stage_scan(*, actor: Any, upload: Any) -> Document:
    """Store a scan before the registration form is sent, so the reader can fill the form
    while the clerk works; ``letter_register(documents=...)`` attaches it to the letter.
    A department officer stages the letter of an online request the same way."""
    if not has_role(actor, Role.MAILROOM_CLERK, Role.DEPARTMENT_OFFICER):
        raise PermissionDenied(_("Anda tidak berwenang mengunggah surat."))
    return document_store(upload=upload, uploaded_by=actor)


def staged_scans_discard(*, uploaded_before: datetime) -> int:
    """Delete the scans staged before ``uploaded_before`` whose registration form was never
    sent (``selectors.staged_scans_abandoned``); how many went. Each goes on its own, so a
    storage outage leaves the rest for the next sweep."""
    discarded = 0
    for document in staged_scans_abandoned(uploaded_before=uploaded_before):
        try:
            with transaction.atomic():
                document_discard(document=document)
        except storage_errors():
            logger.exception(
                "staged scan %s not discarded; the next sweep tries again", document.pk
            )
            continue
        discarded += 1
    return discarded


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
    _require_clerk(actor)
    _refuse_duplicate(registration_key)
    documents = list(documents)
    if not uploads and not documents:
        raise ValidationError(_("Lampirkan minimal satu hasil pindaian surat."), code="no_scan")
    letter_values_clean(values)
    letter = Letter(
        **{name: values[name] for name in LETTER_FIELDS if name in values},
        registered_by=actor,
        registration_key=registration_key or None,
    )
    letter.classification = letter.classification or default_classification(letter.channel)
    letter.received_date = values.get("received_date") or _today()
    try:
        with transaction.atomic():
            letter.save()
    except IntegrityError:
        _refuse_duplicate(registration_key)  # the same form, sent twice at the same moment
        raise
    _attach_staged(letter, documents, actor)
    store_letter_uploads(letter, uploads, actor)
    # Numbered after the scans are stored: the year's counter stays locked until commit
    # (no gaps), and under load a lock held across uploads to the bucket queued every
    # other registration behind it (bench/bench_load.py: 2 s waits on the counter).
    _number(letter)
    letter.save(update_fields=["agenda_year", "agenda_sequence", "agenda_number"])
    record(letter=letter, action="register", actor=actor, note=_("Surat diregistrasi."))
    letter_search_index_update(letter_id=letter.pk)
    return letter


@transaction.atomic
def letter_receive_online(
    *,
    actor: Any,
    channel: str,
    values: dict[str, Any],
    uploads: list[Any],
    documents: list[Document] = (),
    registration_key: str | None = None,
) -> Letter:
    """A letter sent online (a department's request, or the public's with ``actor`` None):
    received, without an agenda number until the mailroom verifies it. The caller starts
    its process (``LetterFlow.receive_online``)."""
    if channel == Channel.MAILROOM:
        raise ValueError("a letter at the mailroom's counter is registered, not received online")
    _refuse_duplicate(registration_key)
    documents = list(documents)
    if not uploads and not documents:
        raise ValidationError(_("Lampirkan surat permohonannya."), code="no_scan")
    letter_values_clean(values)
    letter = Letter(
        **{name: values[name] for name in LETTER_FIELDS if name in values},
        channel=channel,
        registration_key=registration_key or None,
    )
    letter.classification = letter.classification or default_classification(channel)
    letter.received_date = _today()
    try:
        with transaction.atomic():
            letter.save()
    except IntegrityError:
        _refuse_duplicate(registration_key)
        raise
    if documents:
        _attach_staged(letter, documents, actor)
    store_letter_uploads(letter, uploads, actor)
    record(
        letter=letter, action="receive_online", actor=actor, note=_("Permohonan daring diterima.")
    )
    letter_search_index_update(letter_id=letter.pk)
    return letter


@transaction.atomic
def letter_verify(
    *, actor: Any, letter: Letter, values: dict[str, Any], uploads: list[Any], note: str = ""
) -> Letter:
    """The mailroom checks a letter sent online, corrects what the sender typed and enters
    it in the agenda: it gets its agenda number and goes on to review."""
    _require_clerk(actor)
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if letter.is_registered:
        raise ValidationError(ALREADY_HANDLED, code="concurrent")
    letter_values_clean(values)
    changed = [name for name in LETTER_FIELDS if name in values]
    for name in changed:
        setattr(letter, name, values[name])
    letter.registered_by = actor
    _number(letter)
    numbering = ("agenda_number", "agenda_year", "agenda_sequence", "registered_by")
    letter.save(update_fields=[*changed, *numbering, "updated_at"])
    store_letter_uploads(letter, uploads, actor)
    record(
        letter=letter,
        action="register",
        actor=actor,
        from_state=letter.state,
        note=note.strip() or _("Permohonan daring diverifikasi dan diregistrasi."),
    )
    letter_search_index_update(letter_id=letter.pk)
    return letter


@transaction.atomic
def letter_refuse(*, actor: Any, letter: Letter, reason: str) -> Letter:
    """The mailroom refuses a letter sent online that is no invitation (or a duplicate)."""
    if not reason.strip():
        raise ValidationError(_("Tuliskan alasan permohonan ditolak."))
    return apply_transition(letter, "refuse", actor=actor, action="refuse", note=reason)


@transaction.atomic
def letter_correct(
    *, actor: Any, letter: Letter, values: dict[str, Any], uploads: list[Any], note: str = ""
) -> Letter:
    """The mailroom fixes a returned letter and sends it back for review."""
    letter_values_clean(values)
    changed = [name for name in LETTER_FIELDS if name in values]
    for name in changed:
        setattr(letter, name, values[name])
    apply_transition(
        letter, "correct", actor=actor, action="correct", note=note, extra_fields=tuple(changed)
    )
    store_letter_uploads(letter, uploads, actor)
    letter_search_index_update(letter_id=letter.pk)
    return letter


def _require_clerk(actor: Any) -> None:
    if not has_role(actor, Role.MAILROOM_CLERK):
        raise PermissionDenied(_("Hanya petugas persuratan yang dapat meregistrasi surat."))


def _today() -> date:
    return timezone.localdate(timezone=Region.current().zone)


def _number(letter: Letter) -> None:
    """Give the letter the next agenda number of the year it was received in."""
    region = Region.current()
    year = letter.received_date.year
    letter.agenda_year = year
    letter.agenda_sequence = _next_agenda_sequence(year)
    letter.agenda_number = region.format_agenda_number(number=letter.agenda_sequence, year=year)


def _refuse_duplicate(registration_key: str | None) -> None:
    if not registration_key:
        return
    existing = Letter.objects.filter(registration_key=registration_key).first()
    if existing is None:
        return
    if existing.agenda_number is None:  # sent online, not verified yet
        raise ValidationError(_("Formulir ini sudah dikirim."), code="duplicate")
    raise ValidationError(
        _("Formulir ini sudah dikirim: surat tercatat dengan nomor agenda %(number)s.")
        % {"number": existing.agenda_number},
        code="duplicate",
    )


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
