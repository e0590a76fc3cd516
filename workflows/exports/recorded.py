"""The one door every export of letters goes through, so that each is recorded once.

Today an export is a line in each exported letter's history (``LetterEvent`` with action
``export``: who, when, what kind, where to). When the audit log's service exists
(``audit.services.audit_record(action="export", ...)``), it is called here and nowhere else.
"""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workflows.models import Letter, LetterEvent

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
    label = str(KIND_LABELS.get(kind, kind))
    note = _("Diekspor: %(kind)s.") % {"kind": label}
    if detail:
        note = f"{note} {detail}"
    return LetterEvent.objects.bulk_create(
        LetterEvent(
            letter=letter,
            action="export",
            from_state=letter.state,
            to_state=letter.state,
            actor=actor if actor is not None and actor.is_authenticated else None,
            note=note,
        )
        for letter in letters
    )
