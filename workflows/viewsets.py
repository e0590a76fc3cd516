"""Viewflow's worklists, with the overview pages limited to who may see every letter.

Leaders and their staff keep the inbox, queue and archive (their own tasks); the
dashboard, the process and task lists and a process's page show letters of everyone, so
they need ``workflows.view_all_letters`` (or, for one process, a letter the user may see).
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from viewflow.utils import viewprop
from viewflow.workflow.flow import FlowAppViewset
from viewflow.workflow.flow import views as flow_views
from viewflow.workflow.flow.views import filters

from organization.permissions import VIEW_ALL_LETTERS
from organization.zones import local_span
from workflows.selectors import letters_visible_to, tasks_inbox, tasks_queue


class _SeeAllRequired:
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm(VIEW_ALL_LETTERS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class DashboardView(flow_views.DashboardView):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not request.user.has_perm(VIEW_ALL_LETTERS):
            return HttpResponseRedirect(request.resolver_match.flow_viewset.reverse("inbox"))
        return super().dispatch(request, *args, **kwargs)


class ProcessListView(_SeeAllRequired, flow_views.DashboardProcessListView):
    pass


class TaskListView(_SeeAllRequired, flow_views.DashboardTaskListView):
    pass


class ProcessChartView(flow_views.FlowChartView):
    """The flow's diagram for whoever may use the flow; one process's chart (the state of
    each of its steps) only for those who may see its letter."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        process_pk = kwargs.get("process_pk")
        if process_pk is not None:
            visible = letters_visible_to(user=request.user).filter(process__pk=process_pk)
            if not visible.exists():
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class _OnlyTasksOfTheUser:
    """A bulk action's tasks limited to those the user may act on, before anything is
    shown: the confirmation page listed another leader's tasks (ids, steps, age) and only
    the action itself refused them."""

    check = "can_assign"

    def get_queryset(self) -> Any:
        tasks = super().get_queryset()
        user = self.request.user
        allowed = [
            task.pk
            for task in tasks
            if callable(check := getattr(task.flow_task, self.check, None)) and check(user, task)
        ]
        if not allowed:
            raise PermissionDenied
        return tasks.filter(pk__in=allowed)


class BulkAssignView(_OnlyTasksOfTheUser, flow_views.BulkAssignTasksActionView):
    pass


class BulkUnassignView(_OnlyTasksOfTheUser, flow_views.BulkUnassignTasksActionView):
    check = "can_unassign"


class _LetterColumns:
    """Worklist columns that read the letter, fetched with the task in one query."""

    columns = ("task_id", "task_title", "agenda_number", "subject", "event_when", "created")

    @staticmethod
    def _letter(task: Any) -> Any:
        return getattr(task.process, "letterprocess", None) and task.process.letterprocess.letter

    def agenda_number(self, task: Any) -> str:
        letter = self._letter(task)
        return (letter.agenda_number or _("(belum bernomor)")) if letter else ""

    agenda_number.short_description = _("Nomor agenda")

    def subject(self, task: Any) -> str:
        letter = self._letter(task)
        return letter.subject if letter else ""

    subject.short_description = _("Perihal")

    def event_when(self, task: Any) -> str:
        letter = self._letter(task)
        if letter is None:
            return ""
        return local_span(letter, style="start")

    event_when.short_description = _("Acara")

    @viewprop
    def queryset(self) -> Any:
        return super().queryset.select_related("process__letterprocess__letter")


class WorklistFilter(filters.FlowUserTaskListFilter):
    """Viewflow's filter minus "process": its select lists every process in the worklist,
    which made a reviewer's queue of 8,000 tasks a 2 MB page."""

    process = None

    class Meta(filters.FlowUserTaskListFilter.Meta):
        fields = ("flow_task", "created")


class InboxView(_LetterColumns, flow_views.FlowInboxListView):
    filterset_class = WorklistFilter

    @viewprop
    def queryset(self) -> Any:
        return tasks_inbox(user=self.request.user, flow_class=self.flow_class)


class QueueView(_LetterColumns, flow_views.FlowQueueListView):
    filterset_class = WorklistFilter

    @viewprop
    def queryset(self) -> Any:
        return tasks_queue(user=self.request.user, flow_class=self.flow_class)


class ArchiveView(_LetterColumns, flow_views.FlowArchiveListView):
    columns = ("task_id", "task_title", "agenda_number", "subject", "finished")

    def task_title(self, task: Any) -> str:
        return task.title

    task_title.short_description = _("Tugas")


class LetterFlowViewset(FlowAppViewset):
    dashboard_view_class = DashboardView
    process_list_view_class = ProcessListView
    task_list_view_class = TaskListView
    inbox_view_class = InboxView
    queue_view_class = QueueView
    archive_view_class = ArchiveView
    chart_view_class = ProcessChartView
    tasks_assign_view_class = BulkAssignView
    tasks_unassign_view_class = BulkUnassignView
