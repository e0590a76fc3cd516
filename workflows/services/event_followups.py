"""The follow-ups that belong to the event itself: the speech and material to prepare
before it, and the attending officials' reports after it (``followups`` has the rest).
They follow the event: moved with it, closed when the letter is archived."""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from documents.services import document_store
from notifications.models import Kind
from organization.models import Official
from organization.zones import local_span
from workflows.deadlines import material_due_on, report_due_on
from workflows.models import EventReport, FollowUp, Letter, LetterState
from workflows.selectors import attending_officials
from workflows.services._common import process_timers_follow, record, store_letter_uploads
from workflows.services.followups import answer_followup, lock_for_answer, require_kind
from workflows.services.notices import attendees_and_staff, notify_about_letter


@transaction.atomic
def followup_add_material(
    *, actor: Any, followup: FollowUp, uploads: Sequence[Any], note: str = "", ready: bool
) -> FollowUp:
    """Upload the speech draft and other material (a file named like an earlier one is
    its new version; both are kept), and say when it is ready: the attendees are told."""
    followup, on_behalf_of = lock_for_answer(actor, followup, allowed=FollowUp.OPEN_STATUSES)
    require_kind(followup, FollowUp.Kind.MATERIAL)
    if not uploads and not ready:
        raise ValidationError(_("Unggah sambutan atau bahannya, atau tandai sudah siap."))
    letter = followup.letter
    stored = store_letter_uploads(letter, list(uploads), actor)
    followup.documents.add(*stored)
    if stored:
        record(
            letter=letter,
            action="material",
            actor=actor,
            from_state=letter.state,
            note=_("Bahan acara diunggah: %(names)s.")
            % {"names": ", ".join(d.original_name for d in stored)},
            on_behalf_of=on_behalf_of,
        )
    if not ready:
        return followup
    if not followup.documents.exists():
        raise ValidationError(_("Unggah sambutan atau bahannya sebelum menandai siap."))
    answer_followup(
        followup,
        actor=actor,
        on_behalf_of=on_behalf_of,
        status=FollowUp.Status.DONE,
        result=note,
        action="material_ready",
        text=_("Sambutan/bahan acara siap."),
    )
    # The number and the time only, as the letter's subject may be confidential.
    notify_about_letter(
        letter=letter,
        users=attendees_and_staff(letter, attending_officials(letter=letter)),
        kind=Kind.MATERIAL_READY,
        title=_("Sambutan/bahan siap: surat %(number)s") % {"number": letter.agenda_number},
        body=_(
            "Sambutan dan bahan untuk acara surat %(number)s (%(when)s) sudah siap. Buka "
            "halaman surat di Lontar untuk membacanya."
        )
        % {"number": letter.agenda_number, "when": local_span(letter, style="start")},
        key=f"followup:{followup.pk}:material_ready",
        actor=actor,
    )
    return followup


def followups_create_reports(
    *, letter: Letter, officials: Sequence[Official], actor: Any
) -> list[FollowUp]:
    """After scheduling: each attending official reports the event when it is over."""
    disposition = letter.dispositions.order_by("-decided_at", "-pk").first()
    due = report_due_on(letter)
    return FollowUp.objects.bulk_create(
        FollowUp(
            kind=FollowUp.Kind.REPORT,
            letter=letter,
            disposition=disposition,
            official=official,
            due_date=due,
            assigned_by=actor,
        )
        for official in officials
    )


@transaction.atomic
def followup_report(
    *,
    actor: Any,
    followup: FollowUp,
    held: bool,
    attendees: str = "",
    notes: str = "",
    uploads: Sequence[Any] = (),
) -> EventReport:
    """The attending official's report of the event (photos and minutes kept with the
    letter). When every report is in, the letter is archived without waiting."""
    if followup.kind != FollowUp.Kind.REPORT:
        raise ValidationError(_("Ini bukan tugas laporan kegiatan."))
    if not held and not notes.strip():
        raise ValidationError(_("Tuliskan mengapa acara tidak terlaksana."))
    followup, on_behalf_of = lock_for_answer(actor, followup, allowed=FollowUp.OPEN_STATUSES)
    letter = followup.letter
    report = EventReport.objects.create(
        followup=followup,
        letter=letter,
        official=followup.official,
        held=held,
        attendees=attendees.strip(),
        notes=notes.strip(),
        filed_by=actor,
        filed_on_behalf_of=on_behalf_of,
    )
    for upload in uploads:
        document = document_store(upload=upload, uploaded_by=actor)
        letter.documents.add(document)
        report.documents.add(document)
    text = (
        _("Laporan kegiatan %(official)s: acara terlaksana.")
        if held
        else _("Laporan kegiatan %(official)s: acara tidak terlaksana.")
    ) % {"official": followup.assignee}
    answer_followup(
        followup,
        actor=actor,
        on_behalf_of=on_behalf_of,
        status=FollowUp.Status.DONE,
        result=notes,
        action="report",
        text=text,
    )
    process_timers_follow(letter)  # the archive may now come sooner
    return report


def followups_follow_event(*, letter: Letter) -> int:
    """The event moved: open speeches and reports are due anew."""
    moved = 0
    for kind, due in (
        (FollowUp.Kind.MATERIAL, material_due_on(letter)),
        (FollowUp.Kind.REPORT, report_due_on(letter)),
    ):
        moved += letter.followups.filter(kind=kind, status__in=FollowUp.OPEN_STATUSES).update(
            due_date=due, escalated_at=None
        )
    return moved


def followups_lapse_reports(*, letter: Letter) -> int:
    """At the archive: reports and speeches still open are closed (their event is over or
    cancelled); after an event that took place (the letter was scheduled, not cancelled)
    each missing report is recorded."""
    open_ones = list(
        letter.followups.filter(
            kind__in=[FollowUp.Kind.REPORT, FollowUp.Kind.MATERIAL],
            status__in=FollowUp.OPEN_STATUSES,
        ).select_related("official")
    )
    for followup in open_ones:
        followup.status = FollowUp.Status.LAPSED
        followup.save(update_fields=["status"])
        if followup.kind == FollowUp.Kind.REPORT and letter.state == LetterState.SCHEDULED:
            record(
                letter=letter,
                action="report_missing",
                actor=None,
                from_state=letter.state,
                note=_("Tanpa laporan kegiatan dari %(official)s.")
                % {"official": followup.assignee},
            )
    return len(open_ones)
