"""Reads behind the worklists (inbox, queue, archive) and the dashboard's plain counts.

A leader's dispose task is assigned to the leader (``flows.LeaderTask``); their
ajudan/sespri find it in their own inbox too, since they act on the leader's behalf.
"""

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from django.db import connections, router
from django.db.models import OuterRef, Q, QuerySet, Subquery, Sum
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from viewflow.workflow.fields import get_task_ref
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from organization.zones import local_span
from workflows.deadlines import escalation_due_at
from workflows.letter_list import ROW_FIELDS as LETTER_ROW_FIELDS
from workflows.letter_list import (
    UrlPattern,
    cover_candidates,
    letter_badges,
    letter_cover_documents,
    thumbnail_cell,
)
from workflows.models import Letter, TaskCountDelta
from workflows.selectors import (
    inbox_filter,
    of_flow,
    queue_filter,
    tasks_where,
)


@dataclass(frozen=True)
class WorkItem:
    """One row of a worklist, a card on a phone: its texts made here, once, so that the
    rows' HTML (``work_rows_html``, 25 per page) only places them."""

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


# The inbox's and the queue's rows are read as values: one query for the page's tasks with
# their owners, letters and covers, and two model instances a row (the task and its
# letter) instead of five (task, process, letter process, letter, owner) and a second
# query for the covers. The dashboard and the task archive read model instances
# (``work_items``).


def _in_model_order(model: Any, names: tuple[str, ...]) -> tuple[str, ...]:
    # ``Model.from_db`` takes the values of the fields named in the model's own order.
    return tuple(f.attname for f in model._meta.concrete_fields if f.attname in names)


_ROW_LETTER = "process__letterprocess__letter__"
_ROW_TASK = _in_model_order(
    Task, ("id", "flow_task", "status", "created", "finished", "owner_id", "process_id")
)
_ROW_LETTER_FIELDS = _in_model_order(Letter, ("id", *LETTER_ROW_FIELDS))  # as the letter list
_ROW_OWNER = ("owner__username", "owner__first_name", "owner__last_name")
_ROW_COVER = "lt_cover_id"
ROW_VALUES = (
    *_ROW_TASK,
    *_ROW_OWNER,
    *(_ROW_LETTER + name for name in _ROW_LETTER_FIELDS),
    _ROW_COVER,
)
_TASK_END = len(_ROW_TASK)
_OWNER_END = _TASK_END + len(_ROW_OWNER)
_LETTER_END = _OWNER_END + len(_ROW_LETTER_FIELDS)


def worklist_rows(*, condition: Q, flow_class: Any) -> QuerySet:
    """The tasks of ``flow_class`` meeting ``condition`` (``selectors.inbox_filter``,
    ``queue_filter``), newest first, as the tuples of ``ROW_VALUES`` that
    ``work_item_rows`` makes rows of: the task, its owner's names, its letter and the
    letter's cover (``letter_list.cover_candidates``' first, as a subquery), in one
    query. The query is built once per condition (``_kept_rows``) and copied."""
    return _kept_rows(condition, flow_class).all()


@lru_cache(maxsize=2000)
def _kept_rows(condition: Q, flow_class: Any) -> QuerySet:
    """``worklist_rows``' query, never run itself (only its copies are): building it (its
    filter, joins and subquery) cost ~3 ms of every worklist page. The conditions differ
    only in the user's id, permissions and the leaders they serve (``Q`` objects compare
    and hash by their contents), so a process keeps one per user and worklist; the least
    recently used go first."""
    cover = cover_candidates().filter(letter_id=OuterRef(_ROW_LETTER + "id"))[:1]
    return (
        tasks_where(condition=condition, flow_class=flow_class)
        .select_related(None)
        .annotate(**{_ROW_COVER: Subquery(cover)})
        .values_list(*ROW_VALUES)
    )


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


class _Rows:
    """What every row of one page shares: the task links' and thumbnails' patterns (one
    ``reverse`` each per step, not per row), the badges (rendered once per kind of
    letter), the texts."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.links: dict[Any, UrlPattern] = {}
        self.thumbnail = UrlPattern("letters:document_derived", 2, "thumbnail")
        self.badges: dict[tuple[str, str], str] = {}
        self.unnumbered = _("(belum bernomor)")

    def link(self, task: Task) -> str:
        node = task.flow_task
        pattern = self.links.get(node)
        if pattern is None:
            pattern = UrlPattern("index", 2, reverse_with=lambda n, a: node.reverse(n, args=a))
            self.links[node] = pattern
        return pattern(task.process_id, task.pk)

    def for_whom(self, task: Task, owner_name: str | None) -> str:
        """ "untuk <name>" on a task assigned to someone else (the leader a staff member
        serves). Without ``owner_name`` the name is read from ``task.owner``."""
        if self.user is None or not task.owner_id or task.owner_id == self.user.pk:
            return ""
        if owner_name is None:
            owner_name = task.owner.get_full_name() or task.owner.username
        return _("untuk %(name)s") % {"name": owner_name}

    def item(
        self,
        task: Task,
        letter: Letter | None,
        cover_id: int | None,
        owner_name: str | None = None,
    ) -> WorkItem:
        if letter:
            number = letter.agenda_number or self.unnumbered
        else:
            number = _("Tugas %(id)s") % {"id": task.pk}
        return WorkItem(
            task=task,
            url=self.link(task),
            letter=letter,
            cover_id=cover_id,
            when=local_span(letter) if letter else "",
            due=_due_text(task, letter) if letter else "",
            title=str(task.title or ""),
            number=number,
            for_whom=self.for_whom(task, owner_name),
            thumbnail_url=self.thumbnail(letter.pk, cover_id) if cover_id else "",
            badges=letter_badges(letter, self.badges) if letter else "",
        )


def work_items(tasks: Any, *, user: Any = None) -> list[WorkItem]:
    """The rows of model tasks (the dashboard's, the task archive's) with their letters
    (fetched with them) and covers (one query). With ``user``, a task assigned to someone
    else (the leader a staff member serves) says for whom."""
    rows = []
    for task in tasks:
        process = getattr(task.process, "letterprocess", None)
        rows.append((task, process.letter if process else None))
    covers = letter_cover_documents(letter_ids=[letter.pk for _t, letter in rows if letter])
    made = _Rows(user)
    return [
        made.item(task, letter, covers.get(letter.pk) if letter else None) for task, letter in rows
    ]


def work_item_rows(rows: Any, *, user: Any = None) -> list[WorkItem]:
    """The rows of ``worklist_rows``' tuples (the inbox's, the queue's), as ``work_items``
    makes them of model tasks: the same texts and links."""
    database = router.db_for_read(Task)
    made = _Rows(user)
    items = []
    for row in rows:
        task = Task.from_db(database, _ROW_TASK, row[:_TASK_END])
        username, first, last = row[_TASK_END:_OWNER_END]
        owner_name = f"{first} {last}".strip() or username or ""
        letter = None
        if row[_OWNER_END] is not None:  # a task of a letter
            letter = Letter.from_db(database, _ROW_LETTER_FIELDS, row[_OWNER_END:_LETTER_END])
        items.append(made.item(task, letter, row[_LETTER_END], owner_name))
    return items


def work_rows_html(items: list[WorkItem], *, finished_list: bool = False) -> SafeString:
    """The table rows of a worklist (``workflows/worklist.html``; on a phone each row is a
    card, its cells labelled by ``data-label``), made here: as a template they were ~12
    variable lookups and escapes a row, a tenth of the page's time. Every text is escaped;
    the badges are already HTML (``letter_badges``). The archive shows when a task was
    finished (in the user's zone, as the ``date`` filter did), the others when it is due."""
    if not items:
        return mark_safe(f'<tr><td colspan="8">{escape(_("Tidak ada tugas."))}</td></tr>')
    label_from, label_event = escape(_("Dari")), escape(_("Acara"))
    label_due = escape(_("Selesai") if finished_list else _("Tenggat"))
    rows = []
    for item in items:
        letter = item.letter
        for_whom = (
            f' <span class="lt-work__for">{escape(item.for_whom)}</span>' if item.for_whom else ""
        )
        if finished_list:
            finished = item.task.finished
            due = date_format(template_localtime(finished), "d-m-Y H.i") if finished else ""
        else:
            due = item.due
        rows.append(
            f'<tr class="lt-work" data-task="{item.task.pk}">'
            f"{thumbnail_cell(item.thumbnail_url)}"
            f'<td class="lt-work__number"><a href="{escape(item.url)}">'
            f"{escape(item.number)}</a></td>"
            f'<td class="lt-work__task">{escape(item.title)}{for_whom}</td>'
            f'<td class="lt-work__sender" data-label="{label_from}">'
            f"{escape(letter.sender) if letter else ''}</td>"
            f'<td class="lt-work__subject">{escape(letter.subject) if letter else ""}</td>'
            f'<td class="lt-work__event" data-label="{label_event}">{escape(item.when)}</td>'
            f'<td class="lt-work__badges">{item.badges}</td>'
            f'<td class="lt-work__due" data-label="{label_due}">{escape(due)}</td></tr>'
        )
    return mark_safe("\n".join(rows))


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
