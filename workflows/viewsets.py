"""Viewflow's worklists, with the overview pages limited to who may see every letter.

Leaders and their staff keep the inbox, queue and archive (their own tasks); the
dashboard, the process and task lists and a process's page show letters of everyone, so
they need ``workflows.view_all_letters`` (or, for one process, a letter the user may see).
"""

from typing import Any

from csp.constants import NONE, UNSAFE_INLINE
from csp.decorators import csp
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from viewflow.utils import viewprop
from viewflow.workflow.fields import get_task_ref
from viewflow.workflow.flow import FlowAppViewset
from viewflow.workflow.flow import views as flow_views
from viewflow.workflow.flow.views import filters

from organization.permissions import VIEW_ALL_LETTERS
from workflows.selectors import letters_visible_to, tasks_inbox, tasks_queue
from workflows.worklists import dashboard_lines, work_items


class _SeeAllRequired:
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm(VIEW_ALL_LETTERS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class DashboardView(flow_views.DashboardView):
    """For who sees every letter: what waits for them in plain words, then each step's
    letters (viewflow's cards showed "#5/15" under English titles)."""

    template_name = "workflows/dashboard.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        tasks = self.flow_class.task_class._default_manager.filter(
            process__flow_class=self.flow_class
        )
        context["waiting"] = dashboard_lines(user=self.request.user, tasks=tasks)
        context["step_columns"] = [
            (column["node"], column["node_ref"], work_items(column["tasks"][: self.SHOWN]))
            for column in context["columns"]
        ]
        return context

    SHOWN = 5

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not request.user.has_perm(VIEW_ALL_LETTERS):
            return HttpResponseRedirect(request.resolver_match.flow_viewset.reverse("inbox"))
        return super().dispatch(request, *args, **kwargs)


def _task_choices(queryset: Any) -> list[tuple[str, str]]:
    """The filter's steps by their titles (viewflow shows "Surat undangan/Dispose")."""
    refs = queryset.order_by("flow_task").values_list("flow_task", flat=True).distinct()
    return [(get_task_ref(node), str(node.task_title)) for node in refs]


class ProcessListView(_SeeAllRequired, flow_views.DashboardProcessListView):
    # viewflow's headers come from its method names ("Process id", "Active tasks").
    columns = ("process_id", "brief", "created", "finished", "active_tasks")

    def get_queryset(self) -> Any:
        # Newest first, and a stable order for the paginator.
        return super().get_queryset().order_by("-created", "-pk")

    def process_id(self, process: Any) -> str:
        return super().process_id(process)

    process_id.short_description = _("Nomor proses")

    def brief(self, process: Any) -> str:
        return process.brief

    brief.short_description = _("Ringkasan")

    def active_tasks(self, process: Any) -> int:
        return process.active_tasks_count

    active_tasks.short_description = _("Tugas aktif")


class TaskListFilter(filters.DashboardTaskListViewFilter):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["flow_task"].field.choices = _task_choices(self.queryset)


class TaskListView(_SeeAllRequired, flow_views.DashboardTaskListView):
    filterset_class = TaskListFilter

    @viewprop
    def queryset(self) -> Any:
        return super().queryset.order_by("-created", "-pk")

    def flow_task(self, task: Any) -> str:
        return str(task.flow_task.task_title)

    flow_task.short_description = _("Tahap")

    def process_summary(self, task: Any) -> str:
        return task.process.coerced.brief

    process_summary.short_description = _("Ringkasan")

    def owner(self, task: Any) -> str:
        return str(task.owner or "")

    owner.short_description = _("Pemegang")


# The chart is an SVG image drawn by viewflow (its graph.svg template), styled by its own
# <style> element and style="" attributes. Its answer gets a policy of its own: those
# inline styles, and nothing else at all (no script, no fetch, no framing); the site's
# policy (config/content_policy.py) stays strict. README: "Content-Security-Policy".
CHART_POLICY = {
    "default-src": [NONE],
    "style-src": [UNSAFE_INLINE],
    "base-uri": [NONE],
    "form-action": [NONE],
    "frame-ancestors": [NONE],
}


@method_decorator(csp(CHART_POLICY), name="dispatch")
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
    """Worklists of letters: a table on a desk, cards on a phone (``workflows/worklist.html``),
    each row with the letter fetched with the task in one query and its cover in one more."""

    template_name = "workflows/worklist.html"

    @viewprop
    def queryset(self) -> Any:
        return super().queryset.select_related("process__letterprocess__letter", "owner")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page = context.get("page_obj") or context.get("object_list") or []
        context["work_items"] = work_items(page)
        context["finished_list"] = self.finished_list
        if not self.finished_list:  # what waits, in words, above the inbox and queue
            tasks = self.model._default_manager.filter(process__flow_class=self.flow_class)
            context["waiting"] = dashboard_lines(user=self.request.user, tasks=tasks)
        return context

    finished_list = False


class WorklistFilter(filters.FlowUserTaskListFilter):
    """Viewflow's filter minus "process": its select lists every process in the worklist,
    which made a reviewer's queue of 8,000 tasks a 2 MB page."""

    process = None

    class Meta(filters.FlowUserTaskListFilter.Meta):
        fields = ("flow_task", "created")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["flow_task"].field.choices = _task_choices(self.queryset)


class InboxView(_LetterColumns, flow_views.FlowInboxListView):
    """Tasks assigned to the user, and to the leaders the user serves (their dispose tasks)."""

    title = _("Kotak masuk")
    filterset_class = WorklistFilter

    @viewprop
    def queryset(self) -> Any:
        return tasks_inbox(user=self.request.user, flow_class=self.flow_class)


class QueueView(_LetterColumns, flow_views.FlowQueueListView):
    title = _("Antrean")
    filterset_class = WorklistFilter

    @viewprop
    def queryset(self) -> Any:
        return tasks_queue(user=self.request.user, flow_class=self.flow_class)


class ArchiveFilter(filters.FlowArchiveListFilter):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["flow_task"].field.choices = _task_choices(self.queryset)


class ArchiveView(_LetterColumns, flow_views.FlowArchiveListView):
    title = _("Arsip tugas")
    filterset_class = ArchiveFilter
    finished_list = True


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
