"""What the officials named in a disposition do with it: accept, carry out, pass on.

A disposition gives each official named beside the leader (to represent, prepare,
coordinate, or for information) a follow-up. The official answers it, or someone on their
behalf: their ajudan/sespri, or their department's officer (``selectors.followups_for``
says who). Passing it on creates the next hop for someone down the line; every hop and
answer is a line in the letter's history. An overdue follow-up is escalated by e-mail.
"""

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.services import document_store
from organization.models import Official, Role
from organization.zones import local_span
from workflows.deadlines import material_due_on, report_due_on
from workflows.models import (
    Disposition,
    DispositionRecipient,
    EventReport,
    FollowUp,
    Instruction,
    Letter,
    LetterState,
    Outcome,
)
from workflows.search import letter_search_index_update
from workflows.selectors import attending_officials, followups_for
from workflows.services._common import (
    ALREADY_HANDLED,
    process_timers_follow,
    record,
    store_letter_uploads,
)


def followups_create(
    *, disposition: Disposition, recipients: Sequence[DispositionRecipient], actor: Any
) -> list[FollowUp]:
    """One follow-up per official named in the disposition, but the attending leader; and
    with "siapkan sambutan/bahan", the speech: for the first official named to prepare
    it, else for the protocol office."""
    if disposition.outcome == Outcome.DECLINE:
        return []
    on_behalf = disposition.leader if disposition.on_behalf else None
    common = {
        "letter": disposition.letter,
        "disposition": disposition,
        "note": disposition.note,
        "assigned_by": actor,
        "assigned_on_behalf_of": on_behalf,
    }
    rows = [
        FollowUp(official=r.official, instructions=r.instructions, due_date=r.due_date, **common)
        for r in recipients
        if r.official_id != disposition.leader_id
    ]
    speech = [r for r in recipients if Instruction.SIAPKAN_SAMBUTAN in r.instructions]
    if speech:
        preparer = next(
            (r.official for r in speech if r.official_id != disposition.leader_id), None
        )
        rows.append(
            FollowUp(
                kind=FollowUp.Kind.MATERIAL,
                official=preparer,
                role="" if preparer else Role.PROTOCOL_SCHEDULER,
                instructions=[Instruction.SIAPKAN_SAMBUTAN.value],
                due_date=material_due_on(disposition.letter),
                **common,
            )
        )
    return FollowUp.objects.bulk_create(rows)


@transaction.atomic
def followup_add_material(
    *, actor: Any, followup: FollowUp, uploads: Sequence[Any], note: str = "", ready: bool
) -> FollowUp:
    """Upload the speech draft and other material (a file named like an earlier one is
    its new version; both are kept), and say when it is ready: the attendees are told."""
    followup, on_behalf_of = _lock_for(actor, followup, allowed=FollowUp.OPEN_STATUSES)
    _require_kind(followup, FollowUp.Kind.MATERIAL)
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
    _answer(
        followup,
        actor=actor,
        on_behalf_of=on_behalf_of,
        status=FollowUp.Status.DONE,
        result=note,
        action="material_ready",
        text=_("Sambutan/bahan acara siap."),
    )
    emails = _emails_of_attendees(letter)
    if emails:
        subject = _("Sambutan/bahan siap: surat %(number)s") % {"number": letter.agenda_number}
        body = _(
            "Sambutan dan bahan untuk acara surat %(number)s (%(when)s) sudah siap. Buka "
            "halaman surat di Lontar untuk membacanya."
        ) % {"number": letter.agenda_number, "when": local_span(letter, style="start")}
        transaction.on_commit(lambda: send_mail(subject, body, None, emails, fail_silently=True))
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
    followup, on_behalf_of = _lock_for(actor, followup, allowed=FollowUp.OPEN_STATUSES)
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
    _answer(
        followup,
        actor=actor,
        on_behalf_of=on_behalf_of,
        status=FollowUp.Status.DONE,
        result=notes,
        action="report",
        text=text,
    )
    letter_search_index_update(letter_id=letter.pk)  # with the report's words
    process_timers_follow(letter)  # the archive may now come sooner
    return report


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


def followup_pass_targets(*, followup: FollowUp) -> QuerySet[Official]:
    """Who a follow-up can be passed on to: down the line. A leader (the Sekda) passes to
    any department's official; anyone else to someone in their own department."""
    official = followup.official
    if official is None or followup.kind != FollowUp.Kind.DELEGATION:
        return Official.objects.none()
    targets = Official.objects.filter(is_active=True).exclude(pk=official.pk)
    if official.is_leader:
        return targets.exclude(position__in=Official.LEADER_POSITIONS)
    if official.department_id is None:
        return targets.none()
    return targets.filter(department_id=official.department_id)


@transaction.atomic
def followup_accept(*, actor: Any, followup: FollowUp, note: str = "") -> FollowUp:
    followup, on_behalf_of = _lock_for(actor, followup, allowed=(FollowUp.Status.OPEN,))
    _require_kind(followup, FollowUp.Kind.DELEGATION)
    return _answer(
        followup,
        actor=actor,
        on_behalf_of=on_behalf_of,
        status=FollowUp.Status.ACCEPTED,
        result=note,
        action="followup_accept",
        text=_("%(official)s menerima tindak lanjut.") % {"official": followup.assignee},
    )


@transaction.atomic
def followup_complete(*, actor: Any, followup: FollowUp, result: str) -> FollowUp:
    if not result.strip():
        raise ValidationError(_("Tuliskan apa yang sudah dilaksanakan."))
    followup, on_behalf_of = _lock_for(actor, followup, allowed=FollowUp.OPEN_STATUSES)
    _require_kind(followup, FollowUp.Kind.DELEGATION)
    return _answer(
        followup,
        actor=actor,
        on_behalf_of=on_behalf_of,
        status=FollowUp.Status.DONE,
        result=result,
        action="followup_done",
        text=_("%(official)s menyelesaikan tindak lanjut.") % {"official": followup.assignee},
    )


@transaction.atomic
def followup_pass_on(
    *,
    actor: Any,
    followup: FollowUp,
    to: Official,
    instructions: Sequence[str] = (),
    due_date: date | None = None,
    note: str = "",
) -> FollowUp:
    """Pass the follow-up on to ``to``; returns the new hop."""
    followup, on_behalf_of = _lock_for(actor, followup, allowed=FollowUp.OPEN_STATUSES)
    _require_kind(followup, FollowUp.Kind.DELEGATION)
    if not followup_pass_targets(followup=followup).filter(pk=to.pk).exists():
        raise ValidationError(
            _("%(official)s tidak dapat menerima terusan dari %(from)s.")
            % {"official": to.title, "from": followup.assignee}
        )
    if due_date and followup.due_date and due_date > followup.due_date:
        raise ValidationError(_("Batas waktu terusan tidak boleh melewati batas waktu semula."))
    text = _("%(from)s meneruskan kepada %(to)s.") % {
        "from": followup.assignee,
        "to": to.title,
    }
    _answer(
        followup,
        actor=actor,
        on_behalf_of=on_behalf_of,
        status=FollowUp.Status.PASSED,
        result=note,
        action="followup_pass",
        text=text,
    )
    return FollowUp.objects.create(
        letter=followup.letter,
        disposition=followup.disposition,
        parent=followup,
        official=to,
        instructions=list(instructions) or followup.instructions,
        note=note,
        due_date=due_date or followup.due_date,
        assigned_by=actor,
        assigned_on_behalf_of=on_behalf_of or followup.official,
    )


def _require_kind(followup: FollowUp, kind: str) -> None:
    if followup.kind != kind:
        raise ValidationError(_("Tindakan ini tidak berlaku untuk tindak lanjut ini."))


def _lock_for(
    actor: Any, followup: FollowUp, *, allowed: Sequence[str]
) -> tuple[FollowUp, Official | None]:
    """The follow-up, locked, if ``actor`` may answer it now; and for whom they act."""
    if not followups_for(user=actor).filter(pk=followup.pk).exists():
        raise PermissionDenied(_("Tindak lanjut ini bukan untuk Anda."))
    followup = (
        FollowUp.objects.select_for_update(of=("self",))
        .select_related("official", "letter")
        .get(pk=followup.pk)
    )
    if followup.status not in allowed:
        raise ValidationError(ALREADY_HANDLED, code="concurrent")
    official = followup.official
    on_behalf_of = official if official is not None and official.user_id != actor.pk else None
    return followup, on_behalf_of


def _answer(
    followup: FollowUp,
    *,
    actor: Any,
    on_behalf_of: Official | None,
    status: str,
    result: str,
    action: str,
    text: str,
) -> FollowUp:
    followup.status, followup.result = status, result.strip()
    followup.answered_by, followup.answered_on_behalf_of = actor, on_behalf_of
    followup.answered_at = timezone.now()
    followup.save(
        update_fields=["status", "result", "answered_by", "answered_on_behalf_of", "answered_at"]
    )
    note = f"{text} {result.strip()}".strip()
    letter_search_index_update(letter_id=followup.letter_id)  # results are searched
    record(
        letter=followup.letter,
        action=action,
        actor=actor,
        from_state=followup.letter.state,
        note=note,
        on_behalf_of=on_behalf_of,
    )
    return followup


# Overdue follow-ups


@transaction.atomic
def followup_escalate(*, followup: FollowUp) -> bool:
    """Tell whoever answers for the official that a follow-up is overdue (once)."""
    followup = (
        FollowUp.objects.select_for_update(of=("self",))
        .select_related("official", "letter")
        .get(pk=followup.pk)
    )
    if not followup.is_open or followup.escalated_at is not None:
        return False
    followup.escalated_at = timezone.now()
    followup.save(update_fields=["escalated_at"])
    letter = followup.letter
    record(
        letter=letter,
        action="followup_escalate",
        actor=None,
        from_state=letter.state,
        note=_("Tindak lanjut %(official)s melewati batas waktu %(due)s.")
        % {"official": followup.assignee, "due": followup.due_date.strftime("%d-%m-%Y")},
    )
    emails = _emails_answering_for(followup)
    if emails:
        # The letter's number only: its subject may be confidential.
        subject = _("Tindak lanjut terlambat: surat %(number)s") % {"number": letter.agenda_number}
        body = _(
            "Tindak lanjut surat %(number)s untuk %(official)s melewati batas waktu %(due)s. "
            "Buka Lontar, menu Tindak lanjut, untuk menanggapinya."
        ) % {
            "number": letter.agenda_number,
            "official": followup.assignee,
            "due": followup.due_date.strftime("%d-%m-%Y"),
        }
        transaction.on_commit(lambda: send_mail(subject, body, None, emails, fail_silently=True))
    return True


def followups_escalate_overdue(*, today: date) -> int:
    """Escalate every open follow-up whose due date has passed; returns how many."""
    overdue = FollowUp.objects.filter(
        status__in=FollowUp.OPEN_STATUSES, due_date__lt=today, escalated_at__isnull=True
    ).values_list("pk", flat=True)
    return sum(followup_escalate(followup=FollowUp(pk=pk)) for pk in list(overdue))


def _emails_of_attendees(letter: Letter) -> list[str]:
    """The attending officials and their ajudan/sespri."""
    attending = attending_officials(letter=letter)
    who = Q(official__in=attending) | Q(leader_staff_links__leader__in=attending)
    users = get_user_model().objects.filter(who, is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def _emails_answering_for(followup: FollowUp) -> list[str]:
    """The official, their ajudan/sespri and their department's officers; or, for an
    office's follow-up, the office's staff."""
    official = followup.official
    if official is None:
        who = Q(groups__name=followup.role)
    else:
        who = Q(pk=official.user_id) | Q(leader_staff_links__leader=official)
        if official.department_id:
            who |= Q(
                groups__name=str(Role.DEPARTMENT_OFFICER),
                official__department_id=official.department_id,
            )
    users = get_user_model().objects.filter(who, is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))
