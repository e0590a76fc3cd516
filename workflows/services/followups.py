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

from organization.models import Official, Role
from workflows.models import Disposition, DispositionRecipient, FollowUp, Outcome
from workflows.selectors import followups_for
from workflows.services._common import ALREADY_HANDLED, record


def followups_create(
    *, disposition: Disposition, recipients: Sequence[DispositionRecipient], actor: Any
) -> list[FollowUp]:
    """One follow-up per official named in the disposition, but the attending leader."""
    if disposition.outcome == Outcome.DECLINE:
        return []
    on_behalf = disposition.leader if disposition.on_behalf else None
    return FollowUp.objects.bulk_create(
        FollowUp(
            letter=disposition.letter,
            disposition=disposition,
            official=r.official,
            instructions=r.instructions,
            note=disposition.note,
            due_date=r.due_date,
            assigned_by=actor,
            assigned_on_behalf_of=on_behalf,
        )
        for r in recipients
        if r.official_id != disposition.leader_id
    )


def followup_pass_targets(*, followup: FollowUp) -> QuerySet[Official]:
    """Who a follow-up can be passed on to: down the line. A leader (the Sekda) passes to
    any department's official; anyone else to someone in their own department."""
    official = followup.official
    targets = Official.objects.filter(is_active=True).exclude(pk=official.pk)
    if official.is_leader:
        return targets.exclude(position__in=Official.LEADER_POSITIONS)
    if official.department_id is None:
        return targets.none()
    return targets.filter(department_id=official.department_id)


@transaction.atomic
def followup_accept(*, actor: Any, followup: FollowUp, note: str = "") -> FollowUp:
    followup, on_behalf_of = _lock_for(actor, followup, allowed=(FollowUp.Status.OPEN,))
    return _answer(
        followup,
        actor=actor,
        on_behalf_of=on_behalf_of,
        status=FollowUp.Status.ACCEPTED,
        result=note,
        action="followup_accept",
        text=_("%(official)s menerima tindak lanjut.") % {"official": followup.official.title},
    )


@transaction.atomic
def followup_complete(*, actor: Any, followup: FollowUp, result: str) -> FollowUp:
    if not result.strip():
        raise ValidationError(_("Tuliskan apa yang sudah dilaksanakan."))
    followup, on_behalf_of = _lock_for(actor, followup, allowed=FollowUp.OPEN_STATUSES)
    return _answer(
        followup,
        actor=actor,
        on_behalf_of=on_behalf_of,
        status=FollowUp.Status.DONE,
        result=result,
        action="followup_done",
        text=_("%(official)s menyelesaikan tindak lanjut.") % {"official": followup.official.title},
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
    if not followup_pass_targets(followup=followup).filter(pk=to.pk).exists():
        raise ValidationError(
            _("%(official)s tidak dapat menerima terusan dari %(from)s.")
            % {"official": to.title, "from": followup.official.title}
        )
    if due_date and followup.due_date and due_date > followup.due_date:
        raise ValidationError(_("Batas waktu terusan tidak boleh melewati batas waktu semula."))
    text = _("%(from)s meneruskan kepada %(to)s.") % {
        "from": followup.official.title,
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
    on_behalf_of = None if followup.official.user_id == actor.pk else followup.official
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
    letter, official = followup.letter, followup.official
    record(
        letter=letter,
        action="followup_escalate",
        actor=None,
        from_state=letter.state,
        note=_("Tindak lanjut %(official)s melewati batas waktu %(due)s.")
        % {"official": official.title, "due": followup.due_date.strftime("%d-%m-%Y")},
    )
    emails = _emails_answering_for(official)
    if emails:
        # The letter's number only: its subject may be confidential.
        subject = _("Tindak lanjut terlambat: surat %(number)s") % {"number": letter.agenda_number}
        body = _(
            "Tindak lanjut surat %(number)s untuk %(official)s melewati batas waktu %(due)s. "
            "Buka Lontar, menu Tindak lanjut, untuk menanggapinya."
        ) % {
            "number": letter.agenda_number,
            "official": official.title,
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


def _emails_answering_for(official: Official) -> list[str]:
    """The official, their ajudan/sespri, and their department's officers."""
    who = Q(pk=official.user_id) | Q(leader_staff_links__leader=official)
    if official.department_id:
        who |= Q(
            groups__name=str(Role.DEPARTMENT_OFFICER),
            official__department_id=official.department_id,
        )
    users = get_user_model().objects.filter(who, is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))
