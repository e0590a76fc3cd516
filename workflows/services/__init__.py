"""Every change to a letter happens here: validate, transition, save, record, notify.

One module per step of the process, re-exported here so callers write
``services.letter_register(...)``:

- ``registration``: the mailroom (stage a scan, register, correct) and letters sent
  online (received, then verified or refused by the mailroom);
- ``review``: the protocol reviewer (forward, return, reject);
- ``answers``: a task's or follow-up's answer dispatched to its service (web and API);
- ``disposition``: the leader or their staff (the whole rule of who attends);
- ``followups``: what the officials named in a disposition do with it (accept, pass on,
  carry out), and the escalation of overdue ones; ``event_followups``: the speech before
  the event and the reports after it;
- ``scheduling``: the protocol scheduler, and the system's escalation and archiving;
- ``sender_updates``: follow-up letters that cancel or move the event.

When each timer is due is in ``workflows.deadlines``; reads are in ``workflows.selectors``.
"""

from workflows.services._common import ALREADY_HANDLED, letter_label, letter_note
from workflows.services.answers import (
    FOLLOWUP_ACTIONS,
    REVIEW_DECISIONS,
    followup_respond,
    letter_review_decide,
)
from workflows.services.disposition import disposition_on_behalf_of, letter_dispose
from workflows.services.event_followups import followup_add_material, followup_report
from workflows.services.followups import (
    followup_accept,
    followup_complete,
    followup_pass_on,
    followup_pass_targets,
    followups_escalate_overdue,
)
from workflows.services.notices import task_notify
from workflows.services.registration import (
    letter_correct,
    letter_receive_online,
    letter_refuse,
    letter_register,
    letter_stage_scan,
    letter_verify,
    staged_scans_discard,
)
from workflows.services.review import letter_forward, letter_reject, letter_return
from workflows.services.scheduling import (
    ScheduleInput,
    letter_archive,
    letter_escalate,
    letter_schedule,
)
from workflows.services.sender_updates import letter_cancel_by_sender, letter_postpone

__all__ = [
    "letter_label",
    "task_notify",
    "ALREADY_HANDLED",
    "FOLLOWUP_ACTIONS",
    "REVIEW_DECISIONS",
    "staged_scans_discard",
    "ScheduleInput",
    "disposition_on_behalf_of",
    "followup_accept",
    "followup_add_material",
    "followup_complete",
    "followup_pass_on",
    "followup_pass_targets",
    "followup_report",
    "followup_respond",
    "followups_escalate_overdue",
    "letter_archive",
    "letter_cancel_by_sender",
    "letter_correct",
    "letter_dispose",
    "letter_escalate",
    "letter_forward",
    "letter_note",
    "letter_postpone",
    "letter_receive_online",
    "letter_refuse",
    "letter_register",
    "letter_reject",
    "letter_return",
    "letter_review_decide",
    "letter_schedule",
    "letter_stage_scan",
    "letter_verify",
]
