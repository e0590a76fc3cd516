"""The agenda pages under /jadwal/: per official by day, week and month; all leaders
side by side; a printable day; the day as a WhatsApp message.

Days are the region's; each time is shown in the item's own zone with its zone word.
Every page reads items as ``AgendaEntry``: a confidential item is "Sibuk" to whoever may
not read it (``selectors.agenda_viewer``).
"""

from datetime import date, timedelta
from functools import cached_property
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views import generic

from calendar_sync import layout
from calendar_sync.selectors import (
    AgendaEntry,
    AgendaViewer,
    agenda_editable_officials,
    agenda_entries,
    agenda_for_day_all,
    agenda_for_official,
    agenda_for_officials_day,
    agenda_viewer,
    department_events_for_days,
)
from organization.models import Official, Region

# Nobody in a WhatsApp group may read a confidential item, whoever writes the message.
GROUP_READER = AgendaViewer(sees_all=False, official_ids=frozenset())


def asked_day(request: HttpRequest, today: date) -> date:
    """``?day=YYYY-MM-DD``; ``today`` when missing, malformed, impossible (2026-02-30) or
    so far off that a week's arithmetic would leave the calendar (9999-12-31)."""
    try:
        asked = parse_date(request.GET.get("day", "") or "")
    except ValueError:  # well formed but no such day
        return today
    return asked if asked and 2000 <= asked.year <= 2100 else today


def _leaders() -> list[Official]:
    return list(Official.objects.filter(is_active=True, position__in=Official.LEADER_POSITIONS))


class AgendaPageMixin(LoginRequiredMixin):
    """The region, the viewer's rights and the chosen day, shared by every agenda page."""

    @cached_property
    def region(self) -> Region:
        return Region.current()

    @cached_property
    def viewer(self) -> AgendaViewer:
        return agenda_viewer(user=self.request.user)

    @cached_property
    def day(self) -> date:
        return asked_day(self.request, timezone.localdate(timezone=self.region.zone))

    @cached_property
    def open_end_default(self) -> timedelta:
        return self.region.open_end_default

    def entries(self, items: Any) -> list[AgendaEntry]:
        return agenda_entries(items=items, viewer=self.viewer)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        editable = set(
            agenda_editable_officials(user=self.request.user).values_list("pk", flat=True)
        )
        kwargs.setdefault("day", self.day)
        kwargs.update(
            today=timezone.localdate(timezone=self.region.zone),
            region=self.region,
            viewer_zone=self.region.zone,
            editable_ids=editable,
            can_add=bool(editable),
        )
        return super().get_context_data(**kwargs)


class AgendaDayView(AgendaPageMixin, generic.TemplateView):
    """All officials' items on one day, and the departments' events of that day: the
    protocol office's overview."""

    template_name = "calendar_sync/agenda_day.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        day = self.day
        kwargs.update(
            previous_day=day - timedelta(days=1),
            next_day=day + timedelta(days=1),
            items=self.entries(agenda_for_day_all(day=day, zone=self.region.zone)),
            officials=Official.objects.filter(is_active=True),
            department_events=department_events_for_days(
                first_day=day, days=1, zone=self.region.zone
            ),
        )
        return super().get_context_data(**kwargs)


class OfficialPageMixin(AgendaPageMixin):
    @cached_property
    def official(self) -> Official:
        return get_object_or_404(Official, pk=self.kwargs["official_pk"])

    def items(self, first_day: date, days: int) -> list[AgendaEntry]:
        return self.entries(
            agenda_for_official(
                official=self.official, first_day=first_day, days=days, zone=self.region.zone
            )
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.update(official=self.official, officials=Official.objects.filter(is_active=True))
        return super().get_context_data(**kwargs)


class OfficialDayView(OfficialPageMixin, generic.TemplateView):
    template_name = "calendar_sync/agenda_official_day.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        day = self.day
        kwargs.update(
            previous_day=day - timedelta(days=1),
            next_day=day + timedelta(days=1),
            items=self.items(day, 1),
        )
        return super().get_context_data(**kwargs)


class OfficialAgendaView(OfficialPageMixin, generic.TemplateView):
    """One official's week."""

    template_name = "calendar_sync/agenda_official.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        first = self.day - timedelta(days=self.day.weekday())
        kwargs.update(
            first_day=first,
            previous_week=first - timedelta(days=7),
            next_week=first + timedelta(days=7),
            items=self.items(first, 7),
        )
        return super().get_context_data(**kwargs)


class OfficialMonthView(OfficialPageMixin, generic.TemplateView):
    """One official's month as a calendar grid (a list of days on a phone)."""

    template_name = "calendar_sync/agenda_official_month.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        month = self.day.replace(day=1)
        grid_first, grid_days = layout.month_grid(month)
        days = layout.entries_by_day(
            self.items(grid_first, grid_days),
            first_day=grid_first,
            days=grid_days,
            zone=self.region.zone,
            open_end_default=self.open_end_default,
        )
        kwargs.update(
            month=month,
            previous_month=(month - timedelta(days=1)).replace(day=1),
            next_month=(month + timedelta(days=32)).replace(day=1),
            weeks=layout.month_weeks(days, month),
        )
        return super().get_context_data(**kwargs)


class CombinedDayView(AgendaPageMixin, generic.TemplateView):
    """The leaders side by side on one day: a column each, a row per hour."""

    template_name = "calendar_sync/agenda_combined.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        day, leaders = self.day, _leaders()
        entries = self.entries(
            agenda_for_officials_day(officials=leaders, day=day, zone=self.region.zone)
        )
        kwargs.update(
            previous_day=day - timedelta(days=1),
            next_day=day + timedelta(days=1),
            leaders=leaders,
            rows=layout.hour_rows(
                entries,
                officials=leaders,
                day=day,
                zone=self.region.zone,
                open_end_default=self.open_end_default,
            ),
        )
        return super().get_context_data(**kwargs)


class PrintDayView(AgendaPageMixin, generic.TemplateView):
    """The day's agenda on A4 landscape, every official's (or one official's) items."""

    template_name = "calendar_sync/agenda_print.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        day, zone = self.day, self.region.zone
        official_pk = self.request.GET.get("official", "")
        official = None
        if official_pk.isdigit():
            official = get_object_or_404(Official, pk=official_pk)
            items = agenda_for_officials_day(officials=[official], day=day, zone=zone)
        else:
            items = agenda_for_day_all(day=day, zone=zone)
        groups: dict[int, tuple[Official, list[AgendaEntry]]] = {}
        for entry in self.entries(items):
            groups.setdefault(entry.official.pk, (entry.official, []))[1].append(entry)
        kwargs.update(official=official, groups=list(groups.values()), printed_at=timezone.now())
        return super().get_context_data(**kwargs)


class ShareView(AgendaPageMixin, generic.TemplateView):
    """An official's day as the message offices post in their WhatsApp groups."""

    template_name = "calendar_sync/agenda_share.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        leaders = _leaders()
        official_pk = self.request.GET.get("official", "")
        if official_pk.isdigit():
            official = get_object_or_404(Official, pk=official_pk, is_active=True)
        else:
            official = leaders[0] if leaders else Official.objects.filter(is_active=True).first()
            if official is None:
                raise Http404(_("Belum ada pejabat."))
        omit = self.request.GET.get("rahasia") == "hilangkan"
        items = agenda_for_officials_day(officials=[official], day=self.day, zone=self.region.zone)
        text = layout.share_text(
            official=official,
            day=self.day,
            entries=agenda_entries(items=items, viewer=GROUP_READER),
            omit_hidden=omit,
        )
        kwargs.update(
            official=official,
            officials=Official.objects.filter(is_active=True),
            omit_hidden=omit,
            share_text=text,
        )
        return super().get_context_data(**kwargs)
