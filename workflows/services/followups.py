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

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import Kind
from organization.models import Official, Role
from workflows.deadlines import material_due_on
from workflows.models import (
    Disposition,
    DispositionRecipient,
    FollowUp,
    Instruction,
    Outcome,
)
from workflows.search import letter_search_index_update
from workflows.selectors import followups_for
from workflows.services._common import (
    ALREADY_HANDLED,
    record,
)
from workflows.services.notices import (
    followups_notify_assigned,
    notify_about_letter,
    users_answering_for,
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
    created = FollowUp.objects.bulk_create(rows)
    followups_notify_assigned(followups=created, actor=actor)
    return created


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
    followup, on_behalf_of = lock_for_answer(actor, followup, allowed=(FollowUp.Status.OPEN,))
    require_kind(followup, FollowUp.Kind.DELEGATION)
    return answer_followup(
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
    followup, on_behalf_of = lock_for_answer(actor, followup, allowed=FollowUp.OPEN_STATUSES)
    require_kind(followup, FollowUp.Kind.DELEGATION)
    return answer_followup(
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
    followup, on_behalf_of = lock_for_answer(actor, followup, allowed=FollowUp.OPEN_STATUSES)
    require_kind(followup, FollowUp.Kind.DELEGATION)
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
    answer_followup(
        followup,
        actor=actor,
        on_behalf_of=on_behalf_of,
        status=FollowUp.Status.PASSED,
        result=note,
        action="followup_pass",
        text=text,
    )
    hop = FollowUp.objects.create(
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
    letter_search_index_update(letter_id=followup.letter_id)  # the hop's instructions too
    followups_notify_assigned(followups=[hop], actor=actor)
    return hop


def require_kind(followup: FollowUp, kind: str) -> None:
    if followup.kind != kind:
        raise ValidationError(_("Tindakan ini tidak berlaku untuk tindak lanjut ini."))


def lock_for_answer(
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


def answer_followup(
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
    # The letter's number only: its subject may be confidential.
    notify_about_letter(
        letter=letter,
        users=users_answering_for(followup),
        kind=Kind.REMINDER,
        title=_("Tindak lanjut terlambat: surat %(number)s") % {"number": letter.agenda_number},
        body=_(
            "Tindak lanjut surat %(number)s untuk %(official)s melewati batas waktu %(due)s. "
            "Buka Lontar, menu Tindak lanjut, untuk menanggapinya."
        )
        % {
            "number": letter.agenda_number,
            "official": followup.assignee,
            "due": followup.due_date.strftime("%d-%m-%Y"),
        },
        url=reverse("tindak-lanjut:index"),
        key=f"followup:{followup.pk}:escalated",
    )
    return True


def followups_escalate_overdue(*, today: date) -> int:
    """Escalate every open follow-up whose due date has passed; returns how many."""
    overdue = FollowUp.objects.filter(
        status__in=FollowUp.OPEN_STATUSES, due_date__lt=today, escalated_at__isnull=True
    ).values_list("pk", flat=True)
    return sum(followup_escalate(followup=FollowUp(pk=pk)) for pk in list(overdue))
