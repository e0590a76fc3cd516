"""My tasks (inbox, queue) and the task actions. An action runs the task as the web's task
page does (``workflows.activations``): the node's permission, the web's form on the
values, the same service, then the task is finished in the same transaction."""

from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from api.inputs import DisposeInput, ReviewInput, ScheduleTaskInput
from api.serializers import (
    AgendaEntrySerializer,
    LetterSummarySerializer,
    OfficialRefSerializer,
    TaskDetailSerializer,
    TaskPageSerializer,
    TaskResultSerializer,
    TaskSerializer,
)
from api.views._common import Pages, checked, form_or_error
from calendar_sync.selectors import agenda_entries, agenda_viewer
from organization.models import Official
from workflows import selectors, services
from workflows.activations import task_assign, task_execute
from workflows.flows import LetterFlow
from workflows.forms import DisposeForm, ReviewForm, ScheduleForm
from workflows.models import Letter
from workflows.worklists import worklist_counts


def task_rows(request: Request, tasks: list[Task]) -> list[dict[str, Any]]:
    """Tasks as the caller may read them: a letter they may not see is left out."""
    letter_ids = [
        t.process.letterprocess.letter_id for t in tasks if hasattr(t.process, "letterprocess")
    ]
    visible = set(
        selectors.letters_visible_to(user=request.user)
        .filter(pk__in=letter_ids)
        .values_list("pk", flat=True)
    )
    context = {"request": request, "visible_letter_ids": visible}
    return TaskSerializer(tasks, many=True, context=context).data


class _WorklistView(APIView):
    select: Callable[..., Any]
    worklist = ""  # "inbox" or "queue": which of the kept counts is this list's total

    def get(self, request: Request) -> Response:
        # The total from the open tasks' numbers the database keeps, as the web's lists
        # do, instead of a COUNT over the worklist's rows.
        counts = worklist_counts(user=request.user, flow_class=LetterFlow)
        pages = Pages(count=getattr(counts, self.worklist))
        tasks = pages.paginate_queryset(
            self.select(user=request.user, flow_class=LetterFlow), request, view=self
        )
        return pages.get_paginated_response(task_rows(request, tasks))


class InboxView(_WorklistView):
    """Tasks assigned to me (viewflow's inbox)."""

    select = staticmethod(selectors.tasks_inbox)
    worklist = "inbox"

    @extend_schema(responses=TaskPageSerializer, operation_id="tasks_inbox")
    def get(self, request: Request) -> Response:
        return super().get(request)


class QueueView(_WorklistView):
    """Tasks of my roles nobody has taken that I may take (viewflow's queue)."""

    select = staticmethod(selectors.tasks_queue)
    worklist = "queue"

    @extend_schema(responses=TaskPageSerializer, operation_id="tasks_queue")
    def get(self, request: Request) -> Response:
        return super().get(request)


def _result(request: Request, letter: Letter) -> Response:
    """The letter after the step (if the caller may still see it) and its open tasks."""
    visible = selectors.letters_visible_to(user=request.user).filter(pk=letter.pk).first()
    tasks = list(
        Task.objects.filter(
            process__letterprocess__letter=letter,
            flow_task_type="HUMAN",
            status__in=[STATUS.NEW, STATUS.ASSIGNED],
        ).select_related("process__letterprocess__letter")
    )
    return Response(
        {
            "letter": LetterSummarySerializer(visible).data if visible else None,
            "next_tasks": task_rows(request, tasks) if visible else [],
        }
    )


def _clash_officials(task: Task, letter: Letter) -> list[Official]:
    node = task.flow_task.name
    if node == "review":
        return list(Official.objects.filter(position__in=Official.LEADER_POSITIONS, is_active=True))
    if node == "dispose":
        return [letter.leader] if letter.leader else []
    if node == "schedule":
        return selectors.attending_officials(letter=letter)
    return []


class TaskDetailView(APIView):
    """A task of the letter process I may see (as viewflow's task page: the process's
    view permission and the letter), with the agenda clashes its form weighs. A clash
    that is a confidential item I may not read is "Sibuk"."""

    @extend_schema(responses=TaskDetailSerializer, operation_id="task")
    def get(self, request: Request, pk: int) -> Response:
        task = Task.objects.select_related("process__letterprocess__letter").get(pk=pk)
        if task.flow_task is None or task.flow_task.flow_class is not LetterFlow:
            raise Task.DoesNotExist
        if not LetterFlow.instance.has_view_permission(request.user, obj=task.process):
            raise Task.DoesNotExist  # as if there were none: nothing about it leaks
        row = task_rows(request, [task])[0]
        letter = task.process.letterprocess.letter
        viewer = agenda_viewer(user=request.user)
        officials = _clash_officials(task, letter) if row["letter"] else []
        clashes = selectors.attendee_clashes(letter=letter, officials=officials)
        row["clashes"] = [
            {
                "official": OfficialRefSerializer(o).data,
                "clashes": AgendaEntrySerializer(
                    agenda_entries(items=[c.item for c in clashes[o.pk]], viewer=viewer),
                    many=True,
                ).data,
            }
            for o in officials
        ]
        return Response(row)


class AssignView(APIView):
    """Take a task from my queue into my inbox."""

    @extend_schema(request=None, responses=TaskSerializer, operation_id="task_assign")
    def post(self, request: Request, pk: int) -> Response:
        task = Task.objects.filter(pk=pk).first()
        if task is None or task.flow_task is None or task.flow_task.flow_class is not LetterFlow:
            raise Task.DoesNotExist
        task_assign(user=request.user, flow_task=task.flow_task, task_id=pk)
        task.refresh_from_db()
        return Response(task_rows(request, [task])[0])


class ActionView(APIView):
    """A task action: ``act`` calls the step's service on the task's letter."""

    node = ""

    def act(self, request: Request, letter: Letter) -> Any:
        raise NotImplementedError

    def post(self, request: Request, pk: int) -> Response:
        def perform(letter: Letter) -> Letter:
            changed = self.act(request, letter)
            return changed if isinstance(changed, Letter) else letter

        letter = task_execute(
            request=request, flow_task=getattr(LetterFlow, self.node), task_id=pk, perform=perform
        )
        return _result(request, letter)


class ReviewView(ActionView):
    """The protocol review: forward to a leader, return to the mailroom, or reject."""

    node = "review"

    @extend_schema(request=ReviewInput, responses=TaskResultSerializer, operation_id="review")
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)

    def act(self, request: Request, letter: Letter) -> Any:
        values = checked(ReviewInput, request.data).validated_data
        data = form_or_error(ReviewForm(data=values)).cleaned_data
        return services.letter_review_decide(
            actor=request.user,
            letter=letter,
            decision=data["decision"],
            leader=data["leader"],
            note=data["note"],
        )


class DisposeView(ActionView):
    """The leader's disposition (or their staff's, on the leader's behalf)."""

    node = "dispose"

    @extend_schema(request=DisposeInput, responses=TaskResultSerializer, operation_id="dispose")
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)

    def act(self, request: Request, letter: Letter) -> Any:
        values = checked(DisposeInput, request.data).validated_data
        data = form_or_error(DisposeForm(data=values, leader=letter.leader)).cleaned_data
        return services.letter_dispose(
            actor=request.user,
            letter=letter,
            outcome=data["outcome"],
            note=data["note"],
            delegates=list(data["delegates"]),
            instructions=list(data["instructions"]),
            due_date=data["due_date"],
        )


class ScheduleView(ActionView):
    """Put the event on each attending official's agenda; a clash needs a reason."""

    node = "schedule"

    @extend_schema(
        request=ScheduleTaskInput, responses=TaskResultSerializer, operation_id="schedule"
    )
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)

    def act(self, request: Request, letter: Letter) -> Any:
        values = checked(ScheduleTaskInput, request.data).form_data()
        officials = selectors.attending_officials(letter=letter)
        clashes = selectors.attendee_clashes(letter=letter, officials=officials)
        form = form_or_error(ScheduleForm(data=values, officials=officials, clashes=clashes))
        return services.letter_schedule(
            actor=request.user,
            letter=letter,
            entries=[
                services.ScheduleInput(official=o, clash_override_reason=form.override_reason(o))
                for o in form.officials
            ],
            visibility=form.cleaned_data["visibility"],
            confirmed=form.cleaned_data["confirmed"],
        )
