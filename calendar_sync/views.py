"""The agenda, read per official by day or week, in the viewer's region zone."""

from datetime import date, timedelta
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.views import generic

from calendar_sync.selectors import agenda_for_day_all, agenda_for_official
from organization.models import Official, Region


def _day_param(request: Any, zone: Any) -> date:
    return parse_date(request.GET.get("day", "") or "") or timezone.localdate(timezone=zone)


class AgendaDayView(LoginRequiredMixin, generic.TemplateView):
    """All officials' items on one day: the protocol office's overview."""

    template_name = "calendar_sync/agenda_day.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        region = Region.current()
        day = _day_param(self.request, region.zone)
        kwargs.update(
            day=day,
            previous_day=day - timedelta(days=1),
            next_day=day + timedelta(days=1),
            items=agenda_for_day_all(day=day, zone=region.zone),
            viewer_zone=region.zone,
        )
        return super().get_context_data(**kwargs)


class OfficialAgendaView(LoginRequiredMixin, generic.TemplateView):
    """One official's week."""

    template_name = "calendar_sync/agenda_official.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        region = Region.current()
        official = get_object_or_404(Official, pk=kwargs["official_pk"])
        day = _day_param(self.request, region.zone)
        first = day - timedelta(days=day.weekday())
        kwargs.update(
            official=official,
            first_day=first,
            previous_week=first - timedelta(days=7),
            next_week=first + timedelta(days=7),
            items=agenda_for_official(official=official, first_day=first, days=7, zone=region.zone),
            officials=Official.objects.filter(is_active=True),
        )
        return super().get_context_data(**kwargs)
