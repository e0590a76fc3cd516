"""Reads behind the worklists (inbox, queue, archive) and the dashboard's plain counts.

A leader's dispose task is assigned to the leader (``flows.LeaderTask``); their
ajudan/sespri find it in their own inbox too, since they act on the leader's behalf.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from organization.zones import local_span
from workflows.deadlines import escalation_due_at
from workflows.models import Letter
from workflows.selectors import inbox_filter, letter_cover_documents


def inbox_tasks(*, user: Any, tasks: QuerySet[Task]) -> QuerySet[Task]:
    """``tasks`` (one flow's) in ``user``'s inbox (``selectors.inbox_filter``)."""
    return tasks.filter(inbox_filter(user=user))


@dataclass(frozen=True)
class WorkItem:
    """One row of a worklist, a card on a phone."""

    task: Task
    url: str
    letter: Letter | None
    cover_id: int | None
    when: str  # the event's time in its zone, with the zone word
    due: str  # when the task is due, in the event's zone


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


def work_items(tasks: Any) -> list[WorkItem]:
    """The page's tasks with their letters (fetched with them) and covers (one query)."""
    rows = []
    for task in tasks:
        process = getattr(task.process, "letterprocess", None)
        rows.append((task, process.letter if process else None))
    covers = letter_cover_documents(letter_ids=[letter.pk for _t, letter in rows if letter])
    return [
        WorkItem(
            task=task,
            url=task.flow_task.reverse("index", args=[task.process_id, task.pk]),
            letter=letter,
            cover_id=covers.get(letter.pk) if letter else None,
            when=local_span(letter) if letter else "",
            due=_due_text(task, letter) if letter else "",
        )
        for task, letter in rows
    ]


@dataclass(frozen=True)
class DashboardLine:
    count: int
    text: str
    url_name: str


def dashboard_lines(*, user: Any, tasks: QuerySet[Task]) -> list[DashboardLine]:
    """What waits for ``user`` in plain words: "3 surat menunggu disposisi Anda"."""
    mine = inbox_tasks(user=user, tasks=tasks)
    queue = tasks.user_queue(user).filter(status=STATUS.NEW)
    dispose = mine.filter(flow_task__endswith=".dispose").count()
    other_mine = mine.exclude(flow_task__endswith=".dispose").count()
    queued = queue.count()
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
