"""Reads of online requests: a department's own, and what a tracking code may show."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import F, Prefetch, QuerySet
from django.utils.translation import gettext as _

from intake.models import OnlineRequest
from organization.roles import user_department_ids
from workflows.models import Disposition, DispositionRecipient, Letter, LetterState, Outcome


def letters_of_officers_department(*, user: Any) -> QuerySet[Letter]:
    """The letters of the department officer's department (its online requests and the
    letters the mailroom registered from it), newest first, with who attends."""
    departments = user_department_ids(user)
    if not departments:
        return Letter.objects.none()
    return (
        Letter.objects.filter(sender_department_id__in=departments)
        .select_related("leader", "online_request")
        .prefetch_related(
            Prefetch(
                "dispositions",
                queryset=Disposition.objects.prefetch_related(
                    Prefetch(
                        "recipients",
                        queryset=DispositionRecipient.objects.filter(attends=True).select_related(
                            "official"
                        ),
                        to_attr="attending",
                    )
                ),
            )
        )
        .order_by("-received_date", "-pk")
    )


def online_requests_for_office() -> QuerySet[OnlineRequest]:
    """Every online request for the protocol office: unanswered ones first, newest first."""
    return OnlineRequest.objects.select_related("letter", "department").order_by(
        F("answered_at").asc(nulls_first=True), "-submitted_at", "-pk"
    )


def attendees(letter: Letter) -> list[str]:
    """Titles of who attends by the latest disposition (from the prefetch above)."""
    dispositions = list(letter.dispositions.all())
    if not dispositions:
        return []
    return [r.official.title for r in dispositions[-1].attending]


def request_answers_for_search(letter_ids: list[int]) -> dict[int, list[str]]:
    """The protocol office's answers to online requests, for the letters' search documents
    (registered with ``workflows.search`` in intake's ready())."""
    rows = OnlineRequest.objects.filter(letter_id__in=letter_ids).exclude(answer="")
    return {letter_id: [answer] for letter_id, answer in rows.values_list("letter_id", "answer")}


def request_for_letter(*, letter: Letter) -> OnlineRequest | None:
    return OnlineRequest.objects.filter(letter=letter).first()


def request_by_code(*, code: str) -> OnlineRequest:
    """Raises OnlineRequest.DoesNotExist for a code no request has."""
    return OnlineRequest.objects.select_related("letter").get(tracking_code=code)


@dataclass(frozen=True)
class PublicStatus:
    """All that a tracking code shows: nothing internal (no notes, no staff, no other
    letters), only where the request stands, the decision once answered, and the answer."""

    code: str
    event_title: str
    stage: str
    finished: bool
    outcome: str
    answer: str
    answered_at: datetime | None


def request_public_status(*, request: OnlineRequest) -> PublicStatus:
    letter = request.letter
    answered = bool(request.answer)
    outcomes = {
        Outcome.ATTEND: _("Pimpinan berkenan hadir."),
        Outcome.REPRESENT: _("Pimpinan diwakili oleh pejabat yang ditunjuk."),
        Outcome.DECLINE: _("Pimpinan tidak dapat hadir."),
    }
    return PublicStatus(
        code=request.tracking_code,
        event_title=letter.event_title,
        stage=_stage(letter, answered),
        finished=not letter.is_open,
        outcome=str(outcomes.get(letter.outcome, "")) if answered else "",
        answer=request.answer,
        answered_at=request.answered_at,
    )


def _stage(letter: Letter, answered: bool) -> str:
    state = letter.state
    if state == LetterState.ARCHIVED and not letter.outcome:
        # Archived at once after a refusal or a cancellation: where it passed tells which.
        passed = letter.events.filter(to_state__in=[LetterState.REJECTED, LetterState.CANCELLED])
        state = passed.values_list("to_state", flat=True).last() or state
    if state == LetterState.REJECTED:
        return _("Permohonan tidak dapat diproses.")
    if state == LetterState.CANCELLED:
        return _("Acara dibatalkan.")
    if letter.outcome in (Outcome.ATTEND, Outcome.REPRESENT, Outcome.DECLINE) and not answered:
        return _("Pimpinan sudah memberi keputusan; jawaban sedang disiapkan.")
    if state == LetterState.RECEIVED and not letter.is_registered:
        return _("Diterima; sedang diperiksa bagian persuratan.")
    if state in (LetterState.RECEIVED, LetterState.RETURNED):
        return _("Sedang ditelaah bagian protokol.")
    if state == LetterState.REVIEWED:
        return _("Menunggu keputusan pimpinan.")
    if state == LetterState.DISPOSED:
        return _("Sedang dijadwalkan.")
    if state == LetterState.SCHEDULED:
        return _("Dijadwalkan.")
    return _("Selesai.")
