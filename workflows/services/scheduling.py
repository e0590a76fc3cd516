"""The protocol scheduler's step, and what the system does after it: escalate a pending
disposition, archive a finished letter."""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from calendar_sync.models import AgendaItem
from calendar_sync.services import agenda_item_create
from notifications.models import Kind
from organization.models import Official
from organization.zones import local_span
from workflows.models import Letter, LetterState, Outcome
from workflows.selectors import attending_officials
from workflows.services._common import apply_transition, record
from workflows.services.event_followups import followups_create_reports, followups_lapse_reports
from workflows.services.notices import notify_about_letter
from workflows.services.records import letter_retention_fields

User = get_user_model()


@dataclass
class ScheduleInput:
    official: Official
    clash_override_reason: str = ""


@transaction.atomic
def letter_schedule(
    *,
    actor: Any,
    letter: Letter,
    entries: list[ScheduleInput],
    visibility: str = AgendaItem.Visibility.INTERNAL,
    confirmed: bool = False,
    note: str = "",
) -> list[AgendaItem]:
    """Put the event on each attending official's agenda. A clash needs a written reason."""
    expected = {o.pk for o in attending_officials(letter=letter)}
    given = {e.official.pk for e in entries}
    if expected != given:
        raise ValidationError(_("Setiap pejabat yang hadir harus dijadwalkan tepat satu kali."))
    apply_transition(letter, "schedule", actor=actor, action="schedule", note=note)
    items = []
    for entry in entries:
        items.append(
            agenda_item_create(
                official=entry.official,
                **letter.agenda_event_fields(),
                visibility=visibility,
                status=AgendaItem.Status.CONFIRMED if confirmed else AgendaItem.Status.TENTATIVE,
                role_note=_role_note(letter, entry.official),
                source=letter.agenda_source,
                clash_override_reason=entry.clash_override_reason,
                created_by=actor,
            )
        )
        if entry.clash_override_reason.strip():
            record(
                letter=letter,
                action="clash_override",
                actor=actor,
                from_state=letter.state,
                note=f"{entry.official.title}: {entry.clash_override_reason.strip()}",
            )
    followups_create_reports(
        letter=letter, officials=[entry.official for entry in entries], actor=actor
    )
    return items


def _role_note(letter: Letter, official: Official) -> str:
    """Why the official is there: attending, or representing the leader."""
    if official == letter.leader or letter.outcome == Outcome.ATTEND:
        return _("Hadir")
    return _("Mewakili %(leader)s") % {"leader": letter.leader.title}


@transaction.atomic
def letter_archive(*, letter: Letter, note: str = "") -> Letter:
    """Close the letter's record. Only the system archives (timer or closing step); a
    report not filed by then is recorded as missing."""
    followups_lapse_reports(letter=letter)
    # The retention dates (JRA) from the letter's classification code, as of today.
    changed = letter_retention_fields(letter)
    return apply_transition(
        letter,
        "archive",
        actor=None,
        action="archive",
        note=note or _("Diarsipkan otomatis."),
        extra_fields=changed,
    )


@transaction.atomic
def letter_escalate(*, letter: Letter) -> Letter:
    """Remind the leader's staff that a disposition is waiting (the system acts)."""
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if letter.state != LetterState.REVIEWED:
        return letter  # decided meanwhile: nothing to escalate
    letter.escalated_at = timezone.now()
    letter.save(update_fields=["escalated_at", "updated_at"])
    record(
        letter=letter,
        action="escalate",
        actor=None,
        from_state=letter.state,
        note=_("Disposisi tertunda; diteruskan ke ajudan/sespri."),
    )
    # The reminder goes to the leader's ajudan/sespri (by e-mail unless they chose
    # otherwise); the subject only where the letter allows it (services/notices.py).
    notify_about_letter(
        letter=letter,
        users=User.objects.filter(leader_staff_links__leader=letter.leader, is_active=True),
        kind=Kind.REMINDER,
        title=_("Disposisi tertunda: %(number)s") % {"number": letter.agenda_number} + " {subject}",
        body=_("Surat %(number)s menunggu disposisi %(leader)s. Acara: %(event)s, %(when)s.")
        % {
            "number": letter.agenda_number,
            "leader": letter.leader.title,
            "event": "{event}",
            "when": local_span(letter, style="start"),
        },
        key=f"letter:{letter.pk}:escalated:{letter.escalated_at.isoformat()}",
    )
    return letter
