"""Reads about letters as records: the default classification per channel, why a letter
cannot be disposed of, and the letters due for disposal. Writes are
``workflows.services.records``; the scheme itself is the ``records`` app."""

from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from organization.models import Region
from records.models import ClassificationCode, FinalDisposition
from records.selectors import classification_code_by_code
from workflows.models import Channel, LegalHold, Letter, LetterState

# The code a letter gets unless the mailroom or the reviewer picks another: an invitation
# to a leader's event is 400.14.2 (acara pimpinan); a citizen's request is usually for an
# audience (400.14.3). A code missing from the region's scheme falls back to none.
DEFAULT_CODES = {
    Channel.MAILROOM: "400.14.2",
    Channel.DEPARTMENT: "400.14.2",
    Channel.PUBLIC: "400.14.3",
}


def default_classification(channel: str) -> ClassificationCode | None:
    code = DEFAULT_CODES.get(channel)
    found = classification_code_by_code(code) if code else None
    return found if found is not None and found.is_active else None


def region_today() -> date:
    return timezone.localdate(timezone=Region.current().zone)


def active_holds(letter: Letter) -> list[LegalHold]:
    return [hold for hold in letter.legal_holds.all() if hold.is_active]


def disposal_blockers(
    letter: Letter, *, today: date | None = None, holds: list[LegalHold] | None = None
) -> list[str]:
    """Why ``letter`` may not be disposed of now, in the records officer's words (empty:
    it may). ``holds``: the letter's holds when the caller has read them."""
    today = today or region_today()
    reasons = []
    if letter.disposal_id is not None:
        reasons.append(_("Surat ini sudah dimusnahkan."))
    if letter.state != LetterState.ARCHIVED:
        reasons.append(_("Surat belum diarsipkan."))
    elif letter.final_disposition != FinalDisposition.DESTROY:
        reasons.append(
            _("Keterangan akhir retensinya bukan musnah (%(final)s).")
            % {"final": letter.get_final_disposition_display() or _("belum ditetapkan")}
        )
    elif letter.retention_inactive_until is None or letter.retention_inactive_until >= today:
        reasons.append(
            _("Retensi inaktifnya belum habis (s.d. %(until)s).")
            % {"until": letter.retention_inactive_until or "—"}
        )
    for hold in holds if holds is not None else active_holds(letter):
        if not hold.is_active:
            continue
        reasons.append(
            _("Ditahan (legal hold) untuk %(case)s: %(reason)s")
            % {"case": hold.case_reference, "reason": hold.reason}
        )
    return reasons


def letters_due_for_disposal(*, today: date | None = None) -> QuerySet[Letter]:
    """Archived letters past their inactive retention whose final disposition is destroy,
    not held and not yet disposed of, oldest first."""
    today = today or region_today()
    held = LegalHold.objects.filter(letter=OuterRef("pk"), released_at__isnull=True)
    return (
        Letter.objects.filter(
            state=LetterState.ARCHIVED,
            final_disposition=FinalDisposition.DESTROY,
            retention_inactive_until__lt=today,
            disposal__isnull=True,
        )
        .exclude(Exists(held))
        .select_related("classification")
        .order_by("retention_inactive_until", "pk")
    )


def letters_held() -> QuerySet[Letter]:
    held = LegalHold.objects.filter(letter=OuterRef("pk"), released_at__isnull=True)
    return Letter.objects.filter(Exists(held)).select_related("classification")


def letter_records_context(letter: Letter, *, user: Any) -> dict[str, Any]:
    """What the letter page's records block shows."""
    holds = list(letter.legal_holds.select_related("placed_by", "released_by"))
    return {
        "letter": letter,
        "holds": holds,
        "blockers": disposal_blockers(letter, holds=holds),
    }
