"""A letter as a record: its classification, the retention dates it gets when archived,
legal holds, and disposal through a recorded decision (*berita acara pemusnahan*).

Disposal destroys the originals (and their derived files) of the letters the decision
names, through ``documents.services.document_dispose``; nothing else is removed: the
letter's row, fields, history and the files' names, sizes and checksums stay."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.services import document_dispose
from organization.models import Role
from organization.permissions import MANAGE_RECORDS
from organization.roles import has_role
from records.models import ClassificationCode
from workflows.classification import default_classification, disposal_blockers, region_today
from workflows.models import DisposalDecision, DisposedOriginal, LegalHold, Letter
from workflows.services._common import record


def _require_records_officer(actor: Any) -> None:
    if not (actor.is_superuser or actor.has_perm(MANAGE_RECORDS)):
        raise PermissionDenied(_("Hanya pengelola arsip yang dapat melakukan ini."))


def may_classify(actor: Any) -> bool:
    return actor.is_superuser or has_role(actor, Role.MAILROOM_CLERK, Role.PROTOCOL_REVIEWER)


@transaction.atomic
def letter_classify(
    *, actor: Any, letter: Letter, classification: ClassificationCode | None
) -> Letter:
    """Set the letter's classification code (the reviewer at review; the mailroom sets it
    with the other fields at registration). Recorded in the history when it changes."""
    if not (may_classify(actor) or actor.has_perm(MANAGE_RECORDS)):
        raise PermissionDenied(_("Anda tidak berwenang mengubah kode klasifikasi."))
    if classification is None or classification.pk == letter.classification_id:
        return letter
    before = letter.classification
    letter.classification = classification
    letter.save(update_fields=["classification", "updated_at"])
    record(
        letter=letter,
        action="classify",
        actor=actor,
        from_state=letter.state,
        note=_("Kode klasifikasi: %(before)s → %(after)s")
        % {"before": before.code if before else "—", "after": classification.code},
    )
    return letter


def letter_retention_fields(letter: Letter, *, archived_on: date | None = None) -> tuple[str, ...]:
    """Put the retention dates on ``letter`` (unsaved) from its code, as of the day it is
    archived; a letter without a code gets its channel's default. Returns the changed
    field names for the caller's save (letter_archive)."""
    if letter.classification_id is None:
        letter.classification = default_classification(letter.channel)
    code = letter.classification
    if code is None:
        return ("classification",)
    retention = code.retention_for(archived_on or region_today())
    letter.retention_active_until = retention.active_until
    letter.retention_inactive_until = retention.inactive_until
    letter.final_disposition = retention.final_disposition
    return (
        "classification",
        "retention_active_until",
        "retention_inactive_until",
        "final_disposition",
    )


@transaction.atomic
def legal_hold_place(*, actor: Any, letter: Letter, reason: str, case_reference: str) -> LegalHold:
    _require_records_officer(actor)
    if not reason.strip() or not case_reference.strip():
        raise ValidationError(_("Tuliskan alasan dan nomor perkara / rujukannya."))
    hold = LegalHold.objects.create(
        letter=letter, reason=reason.strip(), case_reference=case_reference.strip(), placed_by=actor
    )
    record(
        letter=letter,
        action="hold",
        actor=actor,
        from_state=letter.state,
        note=_("Ditahan (legal hold) untuk %(case)s: %(reason)s")
        % {"case": hold.case_reference, "reason": hold.reason},
    )
    return hold


@transaction.atomic
def legal_hold_release(*, actor: Any, hold: LegalHold, reason: str) -> LegalHold:
    _require_records_officer(actor)
    hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
    if hold.released_at is not None:
        raise ValidationError(_("Penahanan ini sudah dicabut."))
    if not reason.strip():
        raise ValidationError(_("Tuliskan alasan pencabutan."))
    hold.released_by, hold.released_at, hold.release_reason = actor, timezone.now(), reason.strip()
    hold.save(update_fields=["released_by", "released_at", "release_reason"])
    record(
        letter=hold.letter,
        action="release_hold",
        actor=actor,
        from_state=hold.letter.state,
        note=_("Penahanan %(case)s dicabut: %(reason)s")
        % {"case": hold.case_reference, "reason": hold.release_reason},
    )
    return hold


@transaction.atomic
def disposal_record(
    *,
    actor: Any,
    number: str,
    decided_on: date,
    approved_by: str,
    reason: str,
    letters: list[Letter],
) -> DisposalDecision:
    """Record a berita acara pemusnahan and carry it out: every named letter must be due
    (archived, past its inactive retention, final disposition destroy, not held, not
    disposed of), else nothing is done. Each letter's originals are recorded (name, size,
    SHA-256) and destroyed with their derived files; the letter keeps its row and history
    and points at the decision."""
    _require_records_officer(actor)
    number, approved_by, reason = number.strip(), approved_by.strip(), reason.strip()
    if not (number and approved_by and reason):
        raise ValidationError(_("Nomor, pejabat yang menyetujui dan alasan wajib diisi."))
    if not letters:
        raise ValidationError(_("Pilih minimal satu surat."))
    if DisposalDecision.objects.filter(number=number).exists():
        raise ValidationError(
            _("Nomor berita acara %(number)s sudah dipakai.") % {"number": number}
        )
    locked = list(
        Letter.objects.select_for_update()
        .filter(pk__in=[letter.pk for letter in letters])
        .order_by("pk")
    )
    today = region_today()
    refused = {
        letter.agenda_number or str(letter.pk): blockers
        for letter in locked
        if (blockers := disposal_blockers(letter, today=today))
    }
    ids = {letter.pk for letter in locked}
    for letter in locked:
        # An original another letter also holds is that letter's evidence too.
        shared = Letter.objects.filter(documents__letters=letter).exclude(pk__in=ids).distinct()
        if shared.exists():
            refused.setdefault(letter.agenda_number or str(letter.pk), []).append(
                _("berkasnya juga milik surat %(numbers)s.")
                % {"numbers": ", ".join(str(o.agenda_number or o.pk) for o in shared)}
            )
    if refused:
        raise ValidationError(
            [
                _("%(number)s tidak dapat dimusnahkan: %(why)s")
                % {"number": number_, "why": " ".join(why)}
                for number_, why in refused.items()
            ],
            code="not_due",
        )
    decision = DisposalDecision.objects.create(
        number=number,
        decided_on=decided_on,
        approved_by=approved_by,
        reason=reason,
        recorded_by=actor,
    )
    decision.letters.set(locked)
    reference = _("BA %(number)s") % {"number": number}
    for letter in locked:
        originals = list(letter.documents.filter(disposed_at__isnull=True).order_by("pk"))
        DisposedOriginal.objects.bulk_create(
            DisposedOriginal(
                decision=decision,
                letter=letter,
                document=document,
                original_name=document.original_name,
                size=document.size,
                sha256=document.sha256,
            )
            for document in originals
        )
        for document in originals:
            document_dispose(document=document, reference=reference)
        letter.disposal = decision
        letter.save(update_fields=["disposal", "updated_at"])
        record(
            letter=letter,
            action="dispose_record",
            actor=actor,
            from_state=letter.state,
            note=_("Dimusnahkan berdasarkan berita acara no. %(number)s (%(count)s berkas asli).")
            % {"number": number, "count": len(originals)},
        )
    return decision
