"""The leader's step: the disposition (attend, be represented, decline, file), recorded by
the leader or by their ajudan/sespri on the leader's behalf.

The whole rule of who attends lives here: with "attend" the leader goes and the officials
named beside them accompany or prepare (they get the event on their agenda only when the
scheduler adds them); with "represent" the named officials go in the leader's place; with
"decline" or "file" nobody goes. Every official named beside the leader gets a follow-up
(``workflows.services.followups``).
"""

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organization.models import Official
from workflows.models import Disposition, DispositionRecipient, Instruction, Letter, Outcome
from workflows.search import letter_search_index_update
from workflows.services._common import apply_transition
from workflows.services.followups import followups_create


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
    delegates: Sequence[Official] = (),
    instructions: Sequence[str] = (),
    due_date: date | None = None,
) -> Disposition:
    """Record the leader's disposition for the officials in ``delegates`` ("Diteruskan
    kepada"), each with ``instructions`` ("Dengan hormat harap") and ``due_date``."""
    leader = letter.leader
    if leader is None:
        raise ValidationError(_("Surat belum diteruskan kepada pimpinan."))
    recipients = _recipients(
        leader=leader,
        outcome=outcome,
        delegates=delegates,
        instructions=list(instructions),
        due_date=due_date,
    )
    if outcome == Outcome.REPRESENT and not any(r.attends for r in recipients):
        raise ValidationError(_("Pilih minimal satu pejabat yang mewakili."), code="no_delegate")
    if outcome == Outcome.DECLINE and not note.strip():
        raise ValidationError(_("Tuliskan alasan tidak hadir untuk balasan kepada pengirim."))
    on_behalf_of = disposition_on_behalf_of(actor, leader)
    if outcome == Outcome.DECLINE:
        apply_transition(
            letter,
            "decline",
            actor=actor,
            action="decline",
            note=note,
            on_behalf_of=on_behalf_of,
            extra_fields=("outcome",),
        )
    else:
        apply_transition(
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
    for recipient in recipients:
        recipient.disposition = disposition
    DispositionRecipient.objects.bulk_create(recipients)
    followups_create(disposition=disposition, recipients=recipients, actor=actor)
    letter_search_index_update(letter_id=letter.pk)  # the disposition's note is searched
    return disposition


def _recipients(
    *,
    leader: Official,
    outcome: str,
    delegates: Sequence[Official],
    instructions: list[str],
    due_date: date | None,
) -> list[DispositionRecipient]:
    """The lines of "Diteruskan kepada", with who of them attends the event."""
    lines = [
        DispositionRecipient(
            official=official,
            instructions=instructions,
            due_date=due_date,
            attends=outcome == Outcome.REPRESENT,
        )
        for official in delegates
        if not (outcome == Outcome.ATTEND and official == leader)
    ]
    if outcome == Outcome.ATTEND:
        lines.insert(
            0,
            DispositionRecipient(
                official=leader,
                instructions=[Instruction.HADIR.value, *instructions],
                due_date=due_date,
                attends=True,
            ),
        )
    return lines
