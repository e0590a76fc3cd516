"""The answers a person gives on a task or a follow-up, dispatched to the service that
carries each one out. The web's task and follow-up pages and the REST API both call these,
with the values their (shared) forms cleaned, so a choice maps to one service in one place."""

from typing import Any

from django.db import transaction

from organization.models import Official
from records.models import ClassificationCode
from workflows.models import FollowUp, Letter
from workflows.services.event_followups import followup_add_material, followup_report
from workflows.services.followups import followup_accept, followup_complete, followup_pass_on
from workflows.services.records import letter_classify
from workflows.services.review import letter_forward, letter_reject, letter_return

REVIEW_DECISIONS = ("forward", "return", "reject")
FOLLOWUP_ACTIONS = ("accept", "done", "pass")


@transaction.atomic
def letter_review_decide(
    *,
    actor: Any,
    letter: Letter,
    decision: str,
    leader: Official | None = None,
    note: str = "",
    classification: ClassificationCode | None = None,
) -> Letter:
    """The protocol reviewer's decision: ``forward`` to ``leader``, ``return`` to the
    mailroom or ``reject``; ``note`` is the reason of the last two. A ``classification``
    other than the letter's is set first (the reviewer corrects the mailroom's code)."""
    if classification is not None:
        letter_classify(actor=actor, letter=letter, classification=classification)
    if decision == "forward":
        return letter_forward(actor=actor, letter=letter, leader=leader, note=note)
    if decision == "return":
        return letter_return(actor=actor, letter=letter, reason=note)
    return letter_reject(actor=actor, letter=letter, reason=note)


@transaction.atomic
def followup_respond(*, actor: Any, followup: FollowUp, data: dict[str, Any]) -> Any:
    """An answer to a follow-up, ``data`` as its form (``workflows.forms``) cleaned it: the
    speech's files and readiness, the event's report, or accept / done / pass on. Returns
    the follow-up, or the event report a report follow-up became."""
    if followup.kind == FollowUp.Kind.MATERIAL:
        return followup_add_material(
            actor=actor,
            followup=followup,
            uploads=data.get("files") or [],
            note=data.get("note", ""),
            ready=data.get("ready", False),
        )
    if followup.kind == FollowUp.Kind.REPORT:
        return followup_report(
            actor=actor,
            followup=followup,
            held=data["held"],
            attendees=data.get("attendees", ""),
            notes=data.get("notes", ""),
            uploads=data.get("files") or [],
        )
    action = data["action"]
    if action == "accept":
        return followup_accept(actor=actor, followup=followup, note=data.get("note", ""))
    if action == "done":
        return followup_complete(actor=actor, followup=followup, result=data["note"])
    return followup_pass_on(
        actor=actor,
        followup=followup,
        to=data["to"],
        instructions=data.get("instructions") or [],
        due_date=data.get("due_date"),
        note=data.get("note", ""),
    )
