"""The protocol reviewer's step: forward to a leader, return to the mailroom, or reject."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organization.models import Official
from workflows.models import Letter
from workflows.search import letter_search_index_update
from workflows.services._common import apply_transition


@transaction.atomic
def letter_forward(*, actor: Any, letter: Letter, leader: Official, note: str = "") -> Letter:
    if not leader.is_leader:
        raise ValidationError(_("%(official)s bukan pimpinan daerah.") % {"official": leader})
    letter.leader = leader
    apply_transition(
        letter, "forward", actor=actor, action="forward", note=note, extra_fields=("leader",)
    )
    letter_search_index_update(letter_id=letter.pk)  # the leader's title is searchable
    return letter


@transaction.atomic
def letter_return(*, actor: Any, letter: Letter, reason: str) -> Letter:
    if not reason.strip():
        raise ValidationError(_("Tuliskan apa yang harus diperbaiki."))
    return apply_transition(
        letter, "return_for_correction", actor=actor, action="return", note=reason
    )


@transaction.atomic
def letter_reject(*, actor: Any, letter: Letter, reason: str) -> Letter:
    if not reason.strip():
        raise ValidationError(_("Tuliskan alasan penolakan."))
    return apply_transition(letter, "reject", actor=actor, action="reject", note=reason)
