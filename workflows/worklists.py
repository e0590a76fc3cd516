"""Reads behind the worklists (inbox, queue, archive) and the dashboard's plain counts.

A leader's dispose task is assigned to the leader (``flows.LeaderTask``); their
ajudan/sespri find it in their own inbox too, since they act on the leader's behalf.
"""

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from django.db import connections, router
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from viewflow.workflow.fields import get_task_ref
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from organization.zones import local_span
from workflows.deadlines import escalation_due_at
from workflows.letter_list import ROW_FIELDS as LETTER_ROW_FIELDS
from workflows.letter_list import letter_badges
from workflows.models import Letter, TaskCountDelta
from workflows.selectors import inbox_filter, letter_cover_documents, of_flow, queue_filter


@dataclass(frozen=True)
class WorkItem:
    """One row of a worklist, a card on a phone: its texts made here, once, so that the
    row template (``workflows/_work_rows.html``, 25 per page) only places them."""

    task: Task
    url: str
    letter: Letter | None
    cover_id: int | None
    when: str  # the event's time in its zone, with the zone word
    due: str  # when the task is due, in the event's zone
    title: str = ""  # the step's title
    number: str = ""  # the agenda number, or "Tugas <id>" without a letter
    for_whom: str = ""  # "untuk <name>": a task assigned to someone the user serves
    thumbnail_url: str = ""
    badges: str = ""  # workflows/_work_badges.html, rendered once per kind of letter

    def __getitem__(self, name: str) -> Any:
        # A template looks ``item.x`` up as ``item["x"]`` first; answering it spares the
        # TypeError it would raise and catch for every value of every row.
        return getattr(self, name)


# What a worklist row reads of its task, the task's letter and owner: the rows are
# fetched with only these columns (a letter row has ~40, most of them never shown here).
_ROW_LETTER = "process__letterprocess__letter__"
ROW_FIELDS = (
    "id",
    "flow_task",
    "status",
    "created",
    "finished",
    "owner_id",
    "process_id",
    "process__id",
    "process__letterprocess__process_ptr_id",
    "process__letterprocess__letter_id",
    _ROW_LETTER + "id",
    *(_ROW_LETTER + name for name in LETTER_ROW_FIELDS),  # what the letter list shows too
    "owner__id",
    "owner__username",
    "owner__first_name",
    "owner__last_name",
)


def worklist_rows(tasks: Any) -> Any:
    """A worklist's tasks (``selectors.tasks_inbox`` and the like, with their letters and
    owners fetched with them) reading only what a row shows (``work_items``)."""
    return tasks.select_related("process__letterprocess__letter", "owner").only(*ROW_FIELDS)


def task_due_at(task: Task, letter: Letter) -> datetime | None:
    """When the task should be done: a disposition before it is escalated; any other
    open step before the event begins. A finished task is due no more."""
    if task.finished:
        return None
    if task.flow_task.name == "dispose":
        return escalation_due_at(letter, since=task.created)
    return letter.event_start


def _due_text(task: Task, letter: Letter) -> str:
    due = task_due_at(task, letter)
    if due is None:
        return ""
    return f"{due.astimezone(letter.zone):%d-%m-%Y %H.%M} {letter.zone_word}"


def _for_whom(task: Task, user: Any) -> str:
    if user is None or not task.owner_id or task.owner_id == user.pk:
        return ""
    name = task.owner.get_full_name() or task.owner.username
    return _("untuk %(name)s") % {"name": name}


def work_items(tasks: Any, *, user: Any = None) -> list[WorkItem]:
    """The page's tasks with their letters (fetched with them) and covers (one query).
    With ``user``, a task assigned to someone else (the leader a staff member serves)
    says for whom."""
    rows = []
    for task in tasks:
        process = getattr(task.process, "letterprocess", None)
        rows.append((task, process.letter if process else None))
    covers = letter_cover_documents(letter_ids=[letter.pk for _t, letter in rows if letter])
    unnumbered = _("(belum bernomor)")
    badges: dict[tuple[str, str], str] = {}  # by urgency and security class
    items = []
    for task, letter in rows:
        cover_id = covers.get(letter.pk) if letter else None
        if letter:
            number = letter.agenda_number or unnumbered
        else:
            number = _("Tugas %(id)s") % {"id": task.pk}
        items.append(
            WorkItem(
                task=task,
                url=task.flow_task.reverse("index", args=[task.process_id, task.pk]),
                letter=letter,
                cover_id=cover_id,
                when=local_span(letter) if letter else "",
                due=_due_text(task, letter) if letter else "",
                title=str(task.title or ""),
                number=number,
                for_whom=_for_whom(task, user),
                thumbnail_url=reverse(
                    "letters:document_derived", args=[letter.pk, cover_id, "thumbnail"]
                )
                if cover_id
                else "",
                badges=letter_badges(letter, badges) if letter else "",
            )
        )
    return items


# The worklists' numbers, counted once per page


@dataclass(frozen=True)
class WorklistCounts:
    """How many tasks wait for a user, per step (viewflow's node), in one flow:
    ``inbox_steps`` in their inbox (``inbox_filter``), ``queue_steps`` in their queue
    (``queue_filter``), ``own`` of the inbox assigned to the user themselves (viewflow's
    inbox, the number its menu shows)."""

    inbox_steps: dict[Any, int]
    queue_steps: dict[Any, int]
    own: int

    @property
    def inbox(self) -> int:
        return sum(self.inbox_steps.values())

    @property
    def queue(self) -> int:
        return sum(self.queue_steps.values())

    @property
    def inbox_dispose(self) -> int:
        return sum(n for node, n in self.inbox_steps.items() if node.name == "dispose")


@lru_cache(maxsize=2000)
def _counts_sql(database: str, flow: Q, mine: Q, queue: Q, own: Q) -> tuple[str, tuple]:
    """The counts' SQL as the ORM writes it, kept by the conditions it is built from
    (``Q`` objects compare and hash by their contents): building this one query (a filter
    and three filtered sums) cost the ORM ~7 ms of each worklist page, the database 0.4.
    The conditions differ only in the user's id, permissions and the leaders they serve,
    so a process keeps one per user (the least recently used go first)."""
    rows = (
        TaskCountDelta.objects.using(database)
        .filter(mine | queue, flow)
        .values("flow_task")
        .annotate(
            inbox=Sum("n", filter=mine, default=0),
            queue=Sum("n", filter=queue, default=0),
            own=Sum("n", filter=own, default=0),
        )
        .order_by()
    )
    return rows.query.sql_with_params()


def worklist_counts(*, user: Any, flow_class: Any) -> WorklistCounts:
    """Everything a worklist page counts, in one query: the paginator's total, the lines
    of what waits, the menu's two numbers and the steps the filter offers. It sums the
    open tasks' numbers that the database keeps (``TaskCountDelta``: a row per
    combination of step, status, owner and permission), so its cost follows those
    combinations, not the open tasks or the archive; the conditions are the worklists'
    own (``inbox_filter``, ``queue_filter``)."""
    mine, queue = inbox_filter(user=user), queue_filter(user=user)
    own = Q(status=STATUS.ASSIGNED, owner=user)
    database = router.db_for_read(TaskCountDelta)
    sql = _counts_sql(database, of_flow(flow_class), mine, queue, own)
    connection = connections[database]
    with connection.cursor() as cursor:
        cursor.execute(*sql)
        found = cursor.fetchall()
    step_field = TaskCountDelta._meta.get_field("flow_task")
    inbox_steps, queue_steps, own_total = {}, {}, 0
    for ref, inbox, queued, owned in found:
        node = step_field.from_db_value(ref, None, connection)
        if node is None:  # a step no longer in the flow's code
            continue
        if inbox:
            inbox_steps[node] = inbox
        if queued:
            queue_steps[node] = queued
        own_total += owned
    return WorklistCounts(inbox_steps=inbox_steps, queue_steps=queue_steps, own=own_total)


def step_choices(steps: Any) -> list[tuple[str, str]]:
    """A worklist filter's steps by their titles, in the order of their references."""
    refs = sorted((get_task_ref(node), node) for node in steps)
    return [(ref, str(node.task_title)) for ref, node in refs]


@dataclass(frozen=True)
class DashboardLine:
    count: int
    text: str
    url_name: str


def dashboard_lines(*, counts: WorklistCounts) -> list[DashboardLine]:
    """What waits for the user in plain words: "3 surat menunggu disposisi Anda"."""
    dispose, queued = counts.inbox_dispose, counts.queue
    other_mine = counts.inbox - dispose
    lines = []
    if dispose:
        text = ngettext(
            "%(count)d surat menunggu disposisi Anda",
            "%(count)d surat menunggu disposisi Anda",
            dispose,
        )
        lines.append(DashboardLine(dispose, text % {"count": dispose}, "inbox"))
    if other_mine:
        text = ngettext(
            "%(count)d tugas menunggu Anda kerjakan",
            "%(count)d tugas menunggu Anda kerjakan",
            other_mine,
        )
        lines.append(DashboardLine(other_mine, text % {"count": other_mine}, "inbox"))
    if queued:
        text = ngettext(
            "%(count)d tugas dalam antrean dapat Anda ambil",
            "%(count)d tugas dalam antrean dapat Anda ambil",
            queued,
        )
        lines.append(DashboardLine(queued, text % {"count": queued}, "queue"))
    if not lines:
        lines.append(DashboardLine(0, _("Tidak ada tugas yang menunggu Anda."), "archive"))
    return lines
