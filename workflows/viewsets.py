"""Viewflow's worklists, with the overview pages limited to who may see every letter.

Leaders and their staff keep the inbox, queue and archive (their own tasks); the
dashboard, the process and task lists and a process's page show letters of everyone, so
they need ``workflows.view_all_letters`` (or, for one process, a letter the user may see).
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from viewflow.workflow.flow import FlowAppViewset
from viewflow.workflow.flow import views as flow_views

from workflows.selectors import letters_visible_to

SEE_ALL = "workflows.view_all_letters"


class _SeeAllRequired:
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm(SEE_ALL):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class DashboardView(flow_views.DashboardView):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not request.user.has_perm(SEE_ALL):
            return HttpResponseRedirect(request.resolver_match.flow_viewset.reverse("inbox"))
        return super().dispatch(request, *args, **kwargs)


class ProcessListView(_SeeAllRequired, flow_views.DashboardProcessListView):
    pass


class TaskListView(_SeeAllRequired, flow_views.DashboardTaskListView):
    pass


class ProcessDetailView(flow_views.DetailProcessView):
    def get_queryset(self) -> Any:
        return (
            super()
            .get_queryset()
            .filter(letter__in=letters_visible_to(user=self.request.user).values("pk"))
        )


class LetterFlowViewset(FlowAppViewset):
    dashboard_view_class = DashboardView
    process_list_view_class = ProcessListView
    task_list_view_class = TaskListView
    process_detail_view_class = ProcessDetailView
