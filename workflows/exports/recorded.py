"""The one door every export of letters goes through, so that each is recorded once.

An export is a line in each exported letter's history (``LetterEvent`` with action
``export``: who, when, what kind, where to), each linked into the audit log as every
history line is, and one ``export`` row in the audit log for the export itself (what kind,
how many letters, which).
"""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.services import EXPORT, audit_record
from workflows.models import Letter, LetterEvent
from workflows.services._common import letter_label, record_many

KIND_LABELS = {
    "dossier": gettext_lazy("berkas audit (BagIt)"),
    "csv": gettext_lazy("ekspor CSV"),
    "json": gettext_lazy("ekspor JSON"),
    "bag": gettext_lazy("ekspor berkas (BagIt)"),
}


@transaction.atomic
def export_recorded(
    *, actor: Any, kind: str, letters: Iterable[Letter], detail: str = ""
) -> list[LetterEvent]:
    """Record that ``actor`` (None: a management command) exported ``letters`` as
    ``kind`` ("dossier", "csv", "json", "bag"); ``detail`` says more (a date range, the
    target folder, whether confidential letters were withheld)."""
    letters = list(letters)
    label = str(KIND_LABELS.get(kind, kind))
    note = _("Diekspor: %(kind)s.") % {"kind": label}
    if detail:
        note = f"{note} {detail}"
    actor = actor if actor is not None and actor.is_authenticated else None
    events = record_many(
        [
            LetterEvent(
                letter=letter,
                action="export",
                from_state=letter.state,
                to_state=letter.state,
                actor=actor,
                note=note,
            )
            for letter in letters
        ]
    )
    labels = [letter_label(letter) for letter in letters]
    audit_record(
        action=EXPORT,
        actor=actor,
        obj=letters[0] if len(letters) == 1 else None,
        obj_label=labels[0] if len(letters) == 1 else "",
        scope=labels[0] if len(letters) == 1 else "",
        after={"kind": kind, "letters": len(labels), "agenda_numbers": labels[:200]},
        note=label,
    )
    return events
