"""Viewflow's worklists, with the overview pages limited to who may see every letter.

Leaders and their staff keep the inbox, queue and archive (their own tasks); the
dashboard, the process and task lists and a process's page show letters of everyone, so
they need ``workflows.view_all_letters`` (or, for one process, a letter the user may see).
"""

from typing import Any

from csp.constants import NONE, UNSAFE_INLINE
from csp.decorators import csp
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django_filters import FilterSet
from django_filters.constants import EMPTY_VALUES
from viewflow.utils import viewprop
from viewflow.workflow.fields import get_task_ref
from viewflow.workflow.flow import FlowAppViewset
from viewflow.workflow.flow import views as flow_views
from viewflow.workflow.flow.views import filters, mixins

from organization.permissions import VIEW_ALL_LETTERS
from workflows.selectors import inbox_filter, letters_visible_to, queue_filter
from workflows.worklists import (
    WorklistCounts,
    dashboard_lines,
    step_choices,
    work_item_rows,
    work_items,
    work_rows_html,
    worklist_counts,
    worklist_rows,
)

PIN_LOCATION = "vf-pin-location"  # viewflow's session key: the list a task page returns to


def counts_for(request: HttpRequest, flow_class: Any) -> WorklistCounts:
    """The user's worklist counts (one query), once per request: the list, the lines of
    what waits and the menu all read them."""
    counts = getattr(request, "_lontar_worklist_counts", None)
    if counts is None:
        counts = worklist_counts(user=request.user, flow_class=flow_class)
        request._lontar_worklist_counts = counts
    return counts


class _PinLocationOnce:
    """viewflow's ``StoreRequestPathMixin`` writes the list's path into the session on
    every request, so every list page was a session UPDATE; written here only when it
    changes (the task pages' way back is the same). It stands in for that mixin's
    ``dispatch``, so no class between the two may have a ``dispatch`` of its own (a
    permission check there would be skipped): checked when a view is defined."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        mro = cls.__mro__
        if mixins.StoreRequestPathMixin in mro:
            between = mro[mro.index(_PinLocationOnce) + 1 : mro.index(mixins.StoreRequestPathMixin)]
            skipped = [klass.__name__ for klass in between if "dispatch" in vars(klass)]
            if skipped:
                raise TypeError(f"{cls.__name__}: _PinLocationOnce would skip {skipped}")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        path = request.get_full_path()
        if request.session.get(PIN_LOCATION) != path:
            request.session[PIN_LOCATION] = path
        return super(mixins.StoreRequestPathMixin, self).dispatch(request, *args, **kwargs)


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
        context["waiting"] = dashboard_lines(counts=counts_for(self.request, self.flow_class))
        context["step_columns"] = [
            (
                column["node"],
                column["node_ref"],
                work_items(column["tasks"][: self.SHOWN], user=self.request.user),
            )
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


class _LetterColumns(_PinLocationOnce):
    """Worklists of letters: a table on a desk, cards on a phone (``workflows/worklist.html``),
    each row with the letter fetched with the task in one query and its cover in one more.
    The inbox and the queue take their total, the lines of what waits and the filter's
    steps from the user's worklist counts (``counts_for``)."""

    template_name = "workflows/worklist.html"
    finished_list = False
    worklist = ""  # "inbox" or "queue": which of the counts is this list's

    @viewprop
    def queryset(self) -> Any:
        return super().queryset.select_related("process__letterprocess__letter", "owner")

    def page_items(self, page: Any) -> list[Any]:
        return work_items(page, user=self.request.user)

    def counts(self) -> WorklistCounts:
        return counts_for(self.request, self.flow_class)

    def steps(self) -> dict[Any, int]:
        return getattr(self.counts(), f"{self.worklist}_steps")

    def get_filterset(self, filterset_class: Any, queryset: Any) -> Any:
        filterset = super().get_filterset(filterset_class, queryset)
        if self.worklist:
            filterset.filters["flow_task"].field.choices = step_choices(self.steps())
        return filterset

    def unfiltered(self) -> bool:
        """No filter narrows the list (a page number or an order does not)."""
        form = self.filterset.form
        if not form.is_bound:
            return True
        return form.is_valid() and all(v in EMPTY_VALUES for v in form.cleaned_data.values())

    def get_paginator(self, queryset: Any, per_page: int, **kwargs: Any) -> Paginator:
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        if self.worklist and self.unfiltered():
            paginator.count = sum(self.steps().values())  # its COUNT(*), already counted
        return paginator

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page = context.get("page_obj") or context.get("object_list") or []
        context["work_items"] = self.page_items(page)
        context["work_rows"] = work_rows_html(
            context["work_items"], finished_list=self.finished_list
        )
        context["finished_list"] = self.finished_list
        if not self.finished_list:  # what waits, in words, above the inbox and queue
            context["waiting"] = dashboard_lines(counts=self.counts())
        return context


class _WorklistRows(_LetterColumns):
    """The inbox and the queue: their rows read as values (``worklists.worklist_rows``),
    one query for the page's tasks, owners, letters and covers."""

    def page_items(self, page: Any) -> list[Any]:
        return work_item_rows(page, user=self.request.user)


class WorklistFilter(filters.FlowUserTaskListFilter):
    """Viewflow's filter minus "process": its select lists every process in the worklist,
    which made a reviewer's queue of 8,000 tasks a 2 MB page. Its steps are set by the
    view from the worklist counts (viewflow's ``__init__`` asked the database for them
    with a ``DISTINCT`` over the worklist, twice with ours)."""

    process = None

    class Meta(filters.FlowUserTaskListFilter.Meta):
        fields = ("flow_task", "created")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        FilterSet.__init__(self, *args, **kwargs)


class InboxView(_WorklistRows, flow_views.FlowInboxListView):
    """Tasks assigned to the user, and to the leaders the user serves (their dispose tasks)."""

    title = _("Kotak masuk")
    filterset_class = WorklistFilter
    worklist = "inbox"

    @viewprop
    def queryset(self) -> Any:
        return worklist_rows(
            condition=inbox_filter(user=self.request.user), flow_class=self.flow_class
        )


class QueueView(_WorklistRows, flow_views.FlowQueueListView):
    title = _("Antrean")
    filterset_class = WorklistFilter
    worklist = "queue"

    @viewprop
    def queryset(self) -> Any:
        return worklist_rows(
            condition=queue_filter(user=self.request.user), flow_class=self.flow_class
        )


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

    def get_context_data(self, request: HttpRequest) -> dict[str, Any]:
        """The menu's numbers from the worklist counts, counted only if the menu shows
        them (viewflow's were two COUNTs over the whole task table)."""
        flow_class = self._flow_class
        return {
            "user_inbox": _MenuNumber(lambda: counts_for(request, flow_class).own),
            "user_queue": _MenuNumber(lambda: counts_for(request, flow_class).queue),
        }


class _MenuNumber:
    """What viewflow's menu template reads as ``{{ user_inbox.count }}``."""

    def __init__(self, count: Any) -> None:
        self.count = count
