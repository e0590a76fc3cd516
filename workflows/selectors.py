"""Reads of letters, permission-aware, with their relations fetched in a fixed number of queries."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.fields import get_flow_ref
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from calendar_sync.selectors import agenda_clashes
from documents.models import Document
from organization.backends import leader_ids_for_user
from organization.models import Official, Role
from organization.permissions import VIEW_ALL_LETTERS, act_for_leader_permission
from organization.roles import has_role, user_department_ids, user_roles
from workflows.models import (
    Disposition,
    DispositionRecipient,
    EventReport,
    FollowUp,
    Letter,
    LetterEvent,
    LetterState,
)
from workflows.prefill import registration_prefill
from workflows.search import letter_search_snippets, letters_matching

__all__ = [
    "LetterFilters",
    "StepNote",
    "letter_step_notes",
    "attending_officials",
    "attendee_clashes",
    "inbox_filter",
    "of_flow",
    "queue_filter",
    "tasks_inbox",
    "tasks_queue",
    "tasks_where",
    "followups_for",
    "followups_open_for",
    "letter_followup_chain",
    "letter_material",
    "letter_of_agenda_item",
    "letter_for_page",
    "letter_search_snippets",
    "letters_search",
    "letters_sharing_files",
    "letters_visible_to",
    "staged_scan_status",
    "staged_scans",
    "staged_scans_abandoned",
]


def letters_visible_to(*, user: Any) -> QuerySet[Letter]:
    """Every letter for the office roles and auditors; a leader's letters for the leader and
    their staff; their own department's letters for a department officer."""
    letters = Letter.objects.all()
    if not user.is_authenticated:
        return letters.none()
    if user.is_superuser or user.has_perm(VIEW_ALL_LETTERS):
        return letters
    visible = Q(leader_id__in=leader_ids_for_user(user))
    visible |= Q(sender_department_id__in=user_department_ids(user))
    return letters.filter(visible)


def letter_for_page(*, user: Any, pk: int) -> Letter:
    """One letter with everything its page shows. Raises Letter.DoesNotExist if not visible."""
    return (
        letters_visible_to(user=user)
        .select_related(
            "leader",
            "sender_department",
            "registered_by",
            "process",
            "classification",
            "disposal",
        )
        .prefetch_related(
            # A corrected file names the file it corrects.
            Prefetch("documents", queryset=Document.objects.select_related("previous_version")),
            Prefetch(
                "events",
                queryset=LetterEvent.objects.select_related("actor", "on_behalf_of"),
            ),
            Prefetch(
                "reports",
                queryset=EventReport.objects.select_related(
                    "official", "filed_by", "filed_on_behalf_of"
                ).prefetch_related("documents"),
            ),
            Prefetch(
                "dispositions",
                queryset=Disposition.objects.select_related(
                    "leader", "decided_by"
                ).prefetch_related(
                    Prefetch(
                        "recipients",
                        queryset=DispositionRecipient.objects.select_related("official"),
                    )
                ),
            ),
        )
        .get(pk=pk)
    )


def attending_officials(*, letter: Letter) -> list[Official]:
    """Who goes to the event according to the latest disposition."""
    disposition = letter.dispositions.order_by("-decided_at", "-pk").first()
    if disposition is None:
        return []
    return [
        r.official for r in disposition.recipients.select_related("official").filter(attends=True)
    ]


def attendee_clashes(*, letter: Letter, officials: list[Official]) -> dict[int, list]:
    """Each attending official's agenda clashes with the letter's event, by official id:
    the schedule step asks a written reason for each official who has any."""
    return {
        o.pk: agenda_clashes(
            official=o, start=letter.event_start, end=letter.event_end, venue=letter.venue
        )
        for o in officials
    }


# Worklists: viewflow's inbox and queue, read the same way by its pages and by the API.

_TASK_LETTER = "process__letterprocess__letter"


def inbox_filter(*, user: Any) -> Q:
    """Tasks in ``user``'s inbox: assigned to them, or to a leader they serve (a leader's
    disposition is the leader's, and their ajudan/sespri act on it for them)."""
    served = [act_for_leader_permission(pk) for pk in leader_ids_for_user(user)]
    return Q(status=STATUS.ASSIGNED) & (
        Q(owner=user) | Q(owner_permission__in=served, owner__isnull=False)
    )


def of_flow(flow_class: Any) -> Q:
    """Tasks of ``flow_class``, by their own step reference ("<app>/flows.LetterFlow.review"
    starts with the flow's): the same tasks as ``process__flow_class``, without joining
    every process to find them (that join read the whole process table per count)."""
    return Q(flow_task__startswith=f"{get_flow_ref(flow_class)}.")


def tasks_where(*, condition: Q, flow_class: Any) -> QuerySet[Task]:
    """The tasks of ``flow_class`` that meet ``condition`` (``inbox_filter``,
    ``queue_filter``), newest first, with their letters and owners."""
    return (
        Task.objects.filter(condition, of_flow(flow_class))
        .select_related("process", _TASK_LETTER, "owner")
        .order_by("-created")
    )


def tasks_inbox(*, user: Any, flow_class: Any) -> QuerySet[Task]:
    """The tasks of ``flow_class`` in ``user``'s inbox (``inbox_filter``), newest first,
    with their letters; the web's inbox and the API's."""
    return tasks_where(condition=inbox_filter(user=user), flow_class=flow_class)


def queue_filter(*, user: Any) -> Q:
    """Tasks in ``user``'s queue: people's tasks nobody has taken whose permission the user
    holds (per leader for a disposition: ``act_for_leader_<id>``), or that need none.
    The same rows as viewflow's ``user_queue(user).filter(status=NEW)`` (without
    django-guardian, which Lontar does not use), written as one condition so that the
    worklist counts can count the inbox and the queue in one query."""
    queue = Q(status=STATUS.NEW, flow_task_type="HUMAN")
    if user.is_superuser:
        return queue
    may_take = Q(owner_permission__in=user.get_all_permissions())
    return queue & (may_take | Q(owner_permission__isnull=True) | Q(owner=user))


def tasks_queue(*, user: Any, flow_class: Any) -> QuerySet[Task]:
    """The tasks of ``flow_class`` in ``user``'s queue (``queue_filter``), newest first,
    with their letters; the web's queue and the API's."""
    return tasks_where(condition=queue_filter(user=user), flow_class=flow_class)


def letters_sharing_files(*, letter: Letter) -> list[str]:
    """Agenda numbers of other letters that hold a file with the very same bytes."""
    return _agenda_numbers_holding(
        checksums=letter.documents.values("sha256"), exclude_letter_id=letter.pk
    )


def _agenda_numbers_holding(*, checksums: Any, exclude_letter_id: int | None = None) -> list[str]:
    """Agenda numbers of letters holding a file with one of ``checksums`` (a list or a
    ``values("sha256")`` subquery)."""
    letters = Letter.objects.filter(documents__sha256__in=checksums)
    if exclude_letter_id is not None:
        letters = letters.exclude(pk=exclude_letter_id)
    return list(
        letters.order_by("agenda_year", "agenda_sequence")
        .values_list("agenda_number", flat=True)
        .distinct()
    )


# Follow-ups of dispositions


def followups_for(*, user: Any) -> QuerySet[FollowUp]:
    """Follow-ups ``user`` answers: for the official they are, the leader they serve as
    ajudan/sespri, (as a department officer) any official of their department, or their
    office (the protocol office's speeches)."""
    if not user.is_authenticated or not user.is_active:
        return FollowUp.objects.none()
    who = Q(official__user=user) | Q(official_id__in=leader_ids_for_user(user))
    who |= Q(official__isnull=True, role__in=user_roles(user))  # an office's follow-up
    if has_role(user, Role.DEPARTMENT_OFFICER):
        who |= Q(official__department_id__in=user_department_ids(user))
    return FollowUp.objects.filter(who)


def followups_open_for(*, user: Any) -> QuerySet[FollowUp]:
    """The worklist: open follow-ups for ``user``, soonest due first, with their letters."""
    return (
        followups_for(user=user)
        .filter(status__in=FollowUp.OPEN_STATUSES)
        .select_related("letter", "official", "assigned_on_behalf_of")
        .order_by(F("due_date").asc(nulls_last=True), "created_at")
    )


def letter_of_agenda_item(*, user: Any, source: str) -> Letter | None:
    """The letter an agenda item was scheduled from (its ``source`` is "letter:<id>"), if
    ``user`` may see it."""
    prefix, _sep, pk = source.partition(":")
    if prefix != "letter" or not pk.isdigit():
        return None
    return letters_visible_to(user=user).filter(pk=int(pk)).first()


def letter_material(*, letter: Letter) -> list[FollowUp]:
    """The letter's speech and material follow-ups, each with its files (newest first)."""
    return list(
        letter.followups.filter(kind=FollowUp.Kind.MATERIAL)
        .select_related("official")
        .prefetch_related(
            Prefetch("documents", queryset=Document.objects.order_by("-uploaded_at", "-pk"))
        )
    )


def letter_followup_chain(*, letter: Letter) -> list[tuple[FollowUp, int]]:
    """Every follow-up of the letter with its depth in the chain (0: from the leader's
    disposition), each hop under the one it came from. One query."""
    rows = list(
        letter.followups.select_related(
            "official", "answered_by", "answered_on_behalf_of", "assigned_on_behalf_of"
        )
    )
    children: dict[int | None, list[FollowUp]] = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row)
    chain: list[tuple[FollowUp, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for row in children.get(parent, []):
            chain.append((row, depth))
            walk(row.pk, depth + 1)

    walk(None, 0)
    return chain


# What the earlier steps said, shown above the decision on every task page

# History actions whose note speaks to the next step, with the label shown to it.
STEP_NOTE_LABELS = {
    "forward": _("Catatan telaah protokol"),
    "return": _("Alasan pengembalian"),
    "correct": _("Catatan perbaikan"),
    "dispose_attend": _("Disposisi pimpinan: hadir"),
    "dispose_represent": _("Disposisi pimpinan: diwakilkan"),
    "dispose_file": _("Disposisi pimpinan: untuk diketahui"),
    "postpone": _("Surat susulan"),
}


@dataclass(frozen=True)
class StepNote:
    label: str
    actor: Any
    on_behalf_of: Official | None
    at: datetime
    text: str
    # With a disposition: (official, instruction labels, due date) of each recipient.
    recipients: tuple[tuple[Official, list[str], date | None], ...] = ()


def letter_step_notes(*, letter: Letter) -> list[StepNote]:
    """The notes earlier steps left for the ones after (the reviewer's note for the leader,
    the return reason for the clerk, the disposition's instructions for the scheduler),
    oldest first, in at most three queries."""
    events = list(
        letter.events.filter(action__in=list(STEP_NOTE_LABELS)).select_related(
            "actor", "on_behalf_of"
        )
    )
    disposed = [e for e in events if e.action.startswith("dispose_")]
    recipients: tuple = ()
    if disposed:
        disposition = letter.dispositions.order_by("-decided_at", "-pk").first()
        recipients = tuple(
            (r.official, r.instruction_labels(), r.due_date)
            for r in disposition.recipients.select_related("official")
        )
    notes = []
    for event in events:
        with_recipients = recipients if disposed and event is disposed[-1] else ()
        if event.note.strip() or with_recipients:
            notes.append(
                StepNote(
                    label=str(STEP_NOTE_LABELS[event.action]),
                    actor=event.actor,
                    on_behalf_of=event.on_behalf_of,
                    at=event.at,
                    text=event.note,
                    recipients=with_recipients,
                )
            )
    return notes


# States a letter passes through on its way to the archive without stopping there.
PASSING_STATES = (LetterState.REJECTED, LetterState.DECLINED, LetterState.CANCELLED)


@dataclass(frozen=True)
class LetterFilters:
    """The archive search's filters; an empty value does not filter."""

    received_from: date | None = None
    received_to: date | None = None
    event_from: date | None = None  # event dates are compared in the region's time zone
    event_to: date | None = None
    sender: str = ""
    state: str = ""
    outcome: str = ""
    leader_id: int | None = None


def letters_search(
    *, user: Any, query: str = "", filters: LetterFilters | None = None
) -> QuerySet[Letter]:
    """The letters ``user`` may see that match ``query`` (every word, in the letter's fields
    or its files' text, case- and accent-insensitive) and ``filters``, best match first,
    each with ``rank``. Without query words: newest first, no ``rank``. Snippets with the
    matched words highlighted come from ``letter_search_snippets`` for the shown page only.

    The words are looked up in the full-text index (workflows.search) and the filters and
    permissions narrow what it found, so a search never scans the letters table.
    """
    f = filters or LetterFilters()
    letters = letters_visible_to(user=user).select_related("leader")
    if f.received_from:
        letters = letters.filter(received_date__gte=f.received_from)
    if f.received_to:
        letters = letters.filter(received_date__lte=f.received_to)
    if f.event_from:
        letters = letters.filter(event_start__gte=_day_start(f.event_from))
    if f.event_to:
        letters = letters.filter(event_start__lt=_day_start(f.event_to + timedelta(days=1)))
    if f.sender:
        letters = letters.filter(sender__icontains=f.sender)
    if f.state in PASSING_STATES:
        # Archived at once: found by their history, not by where they stand now.
        passed = LetterEvent.objects.filter(to_state=f.state).values("letter_id")
        letters = letters.filter(Q(state=f.state) | Q(pk__in=passed))
    elif f.state:
        letters = letters.filter(state=f.state)
    if f.outcome:
        letters = letters.filter(outcome=f.outcome)
    if f.leader_id:
        letters = letters.filter(leader_id=f.leader_id)
    return letters_matching(letters, query)


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


# Scans uploaded ahead of the registration form


def staged_scans(*, user: Any, ids: list[int]) -> QuerySet[Document]:
    """The scans ``user`` uploaded for a registration form not yet sent (no letter yet)."""
    return Document.objects.filter(pk__in=ids, uploaded_by=user, letters__isnull=True)


def staged_scans_abandoned(*, uploaded_before: datetime) -> QuerySet[Document]:
    """Uploads staged before ``uploaded_before`` that no letter, follow-up, report or later
    version holds: a registration form that was never sent."""
    return (
        Document.objects.filter(uploaded_at__lt=uploaded_before, letters__isnull=True)
        .exclude(pk__in=FollowUp.documents.through.objects.values("document_id"))
        .exclude(pk__in=EventReport.documents.through.objects.values("document_id"))
        .exclude(next_versions__isnull=False)
        .select_related("uploaded_by")
        .order_by("uploaded_at", "pk")
    )


def staged_scan_status(*, user: Any, document_id: int) -> dict[str, Any]:
    """How far the reader got with a staged scan and, once done, what it proposes for the
    registration form. Raises Document.DoesNotExist for anyone but its uploader."""
    document = Document.objects.get(pk=document_id, uploaded_by=user)
    done = document.extraction_status == Document.Extraction.DONE
    prefill = registration_prefill(document.extracted_fields, document.text) if done else None
    return {
        "id": document.pk,
        "name": document.original_name,
        "size": document.size,
        "pages": document.page_count,
        "status": document.extraction_status,
        "status_label": str(document.get_extraction_status_display()),
        "progress": 100 if done else document.extraction_progress,
        "error": document.extraction_error,
        "earlier": _agenda_numbers_holding(checksums=[document.sha256]),
        **(prefill.as_dict() if prefill else {"values": {}, "unsure": [], "letters": []}),
    }
