"""The letter's models, one module per concern, re-exported here (``workflows.models``):
``letter`` (the letter, its lifecycle and process), ``history`` (dispositions and the
history), ``followups`` (what the officials named in a disposition do with it),
``search_document`` (the archive search's rows), ``records`` (legal holds and
disposal), ``task_counts`` (the open tasks' numbers, kept by triggers). Their words
are ``workflows.choices``."""

from workflows.choices import (
    ATTENDING_OUTCOMES,
    OPEN_STATES,
    Channel,
    Instruction,
    LetterState,
    Outcome,
    SecurityClass,
    Urgency,
)
from workflows.models.followups import EventReport, FollowUp
from workflows.models.history import Disposition, DispositionRecipient, LetterEvent
from workflows.models.letter import (
    LETTER_FIELDS,
    AgendaCounter,
    Letter,
    LetterProcess,
    records_sender_update,
)
from workflows.models.records import DisposalDecision, DisposedOriginal, LegalHold
from workflows.models.search_document import LetterSearch
from workflows.models.task_counts import TaskCountDelta

__all__ = [
    "ATTENDING_OUTCOMES",
    "LETTER_FIELDS",
    "OPEN_STATES",
    "AgendaCounter",
    "Channel",
    "DisposalDecision",
    "DisposedOriginal",
    "Disposition",
    "DispositionRecipient",
    "EventReport",
    "FollowUp",
    "Instruction",
    "LegalHold",
    "Letter",
    "LetterEvent",
    "LetterProcess",
    "LetterSearch",
    "TaskCountDelta",
    "LetterState",
    "Outcome",
    "SecurityClass",
    "Urgency",
    "records_sender_update",
]
