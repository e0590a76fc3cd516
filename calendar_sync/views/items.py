"""Agenda items entered and changed by hand: by the protocol office and administrators
for any official, by a leader and their ajudan/sespri for that leader
(``selectors.agenda_may_edit``); anyone else is refused (403)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic

from calendar_sync.forms import AgendaItemCancelForm, AgendaItemForm
from calendar_sync.models import AgendaItem
from calendar_sync.panels import agenda_item_panels
from calendar_sync.selectors import (
    agenda_editable_officials,
    agenda_item_changes,
    agenda_item_clashes,
    agenda_may_edit,
    venue_bookings,
)
from calendar_sync.services import (
    agenda_item_cancel,
    agenda_item_confirm,
    agenda_item_create,
    agenda_item_update,
)
from calendar_sync.views.pages import AgendaPageMixin
from organization.models import Official


class AgendaItemCreateView(AgendaPageMixin, generic.FormView):
    template_name = "calendar_sync/item_form.html"
    form_class = AgendaItemForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.officials = agenda_editable_officials(user=request.user)
        if not self.officials.exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        official_pk = self.request.GET.get("official", "")
        if official_pk.isdigit():
            initial["official"] = self.officials.filter(pk=official_pk).first()
        if "day" in self.request.GET:
            initial["local_start"] = f"{self.day:%Y-%m-%d}T09:00"
        return initial

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "officials": self.officials, "region": self.region}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        if "form" not in kwargs:
            kwargs["form"] = self.get_form()
        form = kwargs["form"]
        kwargs.update(
            clash_official=getattr(form, "cleaned_data", {}).get("official"),
            clashes=form.clashes,
            venue_warnings=[i for i in form.venue_warnings if self.viewer.sees_details(i)],
        )
        return super().get_context_data(**kwargs)

    def form_valid(self, form: AgendaItemForm) -> HttpResponse:
        try:
            item = agenda_item_create(
                official=form.cleaned_data["official"],
                created_by=self.request.user,
                **form.values(),
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
            return self.form_invalid(form)
        messages.success(self.request, _("Agenda disimpan."))
        return HttpResponseRedirect(reverse("jadwal:item", args=[item.pk]))


class AgendaItemMixin(AgendaPageMixin):
    """A page about one item, for those who may change its official's agenda."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.item = get_object_or_404(
            AgendaItem.objects.select_related("official", "created_by"), pk=kwargs["pk"]
        )
        if not agenda_may_edit(user=request.user, official=self.item.official):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def item_url(self) -> str:
        return reverse("jadwal:item", args=[self.item.pk])


class AgendaItemView(AgendaItemMixin, generic.FormView):
    """An item's page: change it, with its clashes, venue warnings and history."""

    template_name = "calendar_sync/item_form.html"
    form_class = AgendaItemForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(),
            "officials": Official.objects.none(),
            "region": self.region,
            "item": self.item,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        item, form = self.item, kwargs.get("form")
        if form is not None and form.is_bound:
            clashes, warnings = form.clashes, form.venue_warnings
        elif item.status != AgendaItem.Status.CANCELLED:
            clashes = agenda_item_clashes(item=item, region=self.region)
            warnings = venue_bookings(
                venue=item.venue,
                start=item.start,
                end=item.end,
                exclude_officials=[item.official_id],
                region=self.region,
            )
        else:
            clashes, warnings = [], []
        kwargs.update(
            item=item,
            clash_official=item.official,
            clashes=clashes,
            venue_warnings=[i for i in warnings if self.viewer.sees_details(i)],
            changes=agenda_item_changes(item=item),
            panels=agenda_item_panels.render(self.request, item),
        )
        return super().get_context_data(**kwargs)

    def form_valid(self, form: AgendaItemForm) -> HttpResponse:
        try:
            agenda_item_update(item=self.item, actor=self.request.user, **form.values())
        except ValidationError as exc:
            form.add_error(None, exc.messages)
            return self.form_invalid(form)
        messages.success(self.request, _("Perubahan agenda disimpan."))
        return HttpResponseRedirect(self.item_url())


class AgendaItemCancelView(AgendaItemMixin, generic.FormView):
    template_name = "calendar_sync/item_cancel.html"
    form_class = AgendaItemCancelForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs["item"] = self.item
        return super().get_context_data(**kwargs)

    def form_valid(self, form: AgendaItemCancelForm) -> HttpResponse:
        try:
            agenda_item_cancel(
                item=self.item, actor=self.request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
            return self.form_invalid(form)
        messages.success(self.request, _("Agenda dibatalkan."))
        return HttpResponseRedirect(self.item_url())


class AgendaItemConfirmView(AgendaItemMixin, generic.View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            agenda_item_confirm(item=self.item, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Agenda dipastikan."))
        return HttpResponseRedirect(self.item_url())
