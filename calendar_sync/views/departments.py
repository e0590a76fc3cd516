"""Departments' own events under /jadwal/kegiatan-opd/ (Kalender Kegiatan OPD).

Every signed-in member of staff reads the week of every department, so that an officer
planning a cross-unit event sees what else is on. An event is entered and changed by its
department's officers, the protocol office and administrators
(``selectors.department_event_departments``); anyone else is refused (403).
"""

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic

from calendar_sync.forms import AgendaItemCancelForm, DepartmentEventForm
from calendar_sync.models import DepartmentEvent
from calendar_sync.selectors import (
    EventChecks,
    department_event_changes,
    department_event_checks,
    department_event_departments,
    department_events_for_days,
)
from calendar_sync.services import (
    department_event_cancel,
    department_event_create,
    department_event_update,
)
from calendar_sync.views.pages import AgendaPageMixin
from organization.models import Department


class DepartmentEventListView(AgendaPageMixin, generic.TemplateView):
    """One week of all departments' events (``?day=``, ``?opd=`` for one department)."""

    template_name = "calendar_sync/department_events.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        first = self.day - timedelta(days=self.day.weekday())
        departments = Department.objects.all()
        chosen = self.request.GET.get("opd", "")
        department = departments.filter(pk=chosen).first() if chosen.isdigit() else None
        events = list(
            department_events_for_days(
                first_day=first, days=7, zone=self.region.zone, department=department
            )
        )
        days = []
        for n in range(7):
            day = first + timedelta(days=n)
            days.append((day, [e for e in events if _on_day(e, day, self.region.zone)]))
        editable = set(
            department_event_departments(user=self.request.user).values_list("pk", flat=True)
        )
        kwargs.update(
            first_day=first,
            last_day=first + timedelta(days=6),
            previous_day=first - timedelta(days=7),
            next_day=first + timedelta(days=7),
            days=days,
            departments=departments,
            department=department,
            editable_department_ids=editable,
            can_add_event=bool(editable),
        )
        return super().get_context_data(**kwargs)


def _on_day(event: DepartmentEvent, day: Any, zone: Any) -> bool:
    start = event.start.astimezone(zone).date()
    last = (event.effective_end(timedelta()) - timedelta(microseconds=1)).astimezone(zone).date()
    return start <= day <= max(start, last)


class DepartmentEventCreateView(AgendaPageMixin, generic.FormView):
    template_name = "calendar_sync/department_event_form.html"
    form_class = DepartmentEventForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.departments = department_event_departments(user=request.user)
        if not self.departments.exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        if "day" in self.request.GET:
            initial["local_start"] = f"{self.day:%Y-%m-%d}T09:00"
            initial["local_end"] = f"{self.day:%Y-%m-%d}T12:00"
        return initial

    def get_form_kwargs(self) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(),
            "departments": self.departments,
            "region": self.region,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        form = kwargs.get("form") or self.get_form()
        kwargs.update(form=form, checks=form.checks)
        return super().get_context_data(**kwargs)

    def form_valid(self, form: DepartmentEventForm) -> HttpResponse:
        try:
            event = department_event_create(
                department=form.cleaned_data["department"],
                actor=self.request.user,
                **form.values(),
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
            return self.form_invalid(form)
        messages.success(self.request, _("Kegiatan disimpan."))
        return HttpResponseRedirect(reverse("jadwal:event", args=[event.pk]))


class DepartmentEventMixin(AgendaPageMixin):
    """A page about one event, for those who may change its department's events."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.event = get_object_or_404(
            DepartmentEvent.objects.select_related("department", "created_by"), pk=kwargs["pk"]
        )
        allowed = department_event_departments(user=request.user)
        if not allowed.filter(pk=self.event.department_id).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def event_url(self) -> str:
        return reverse("jadwal:event", args=[self.event.pk])


class DepartmentEventView(DepartmentEventMixin, generic.FormView):
    """An event's page: change it, with what else holds its room and its hour, and its
    history."""

    template_name = "calendar_sync/department_event_form.html"
    form_class = DepartmentEventForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(),
            "departments": Department.objects.none(),
            "region": self.region,
            "event": self.event,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        event, form = self.event, kwargs.get("form")
        if form is not None and form.is_bound:
            checks = form.checks
        elif not event.is_cancelled:
            checks = department_event_checks(
                start=event.start,
                end=event.end,
                venue=event.venue,
                exclude_ids=(event.pk,),
                region=self.region,
            )
        else:
            checks = EventChecks()
        kwargs.update(event=event, checks=checks, changes=department_event_changes(event=event))
        return super().get_context_data(**kwargs)

    def form_valid(self, form: DepartmentEventForm) -> HttpResponse:
        try:
            department_event_update(event=self.event, actor=self.request.user, **form.values())
        except ValidationError as exc:
            form.add_error(None, exc.messages)
            return self.form_invalid(form)
        messages.success(self.request, _("Perubahan kegiatan disimpan."))
        return HttpResponseRedirect(self.event_url())


class DepartmentEventCancelView(DepartmentEventMixin, generic.FormView):
    template_name = "calendar_sync/department_event_cancel.html"
    form_class = AgendaItemCancelForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs["event"] = self.event
        return super().get_context_data(**kwargs)

    def form_valid(self, form: AgendaItemCancelForm) -> HttpResponse:
        try:
            department_event_cancel(
                event=self.event, actor=self.request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
            return self.form_invalid(form)
        messages.success(self.request, _("Kegiatan dibatalkan."))
        return HttpResponseRedirect(self.event_url())
