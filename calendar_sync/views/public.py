"""The public agenda at /agenda/, no login: the leaders' public items, and the departments'
public events at /agenda/opd/ (``?opd=`` for one); a day and a week (``?day=``).

Each item is shown on the days of its own zone's clock, with its zone word. The pages may
be cached by anyone for a minute; their language follows the language cookie.
"""

from datetime import date, timedelta
from functools import cached_property
from typing import Any

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views import generic

from calendar_sync.layout import public_entries
from calendar_sync.selectors import (
    agenda_public_for_days,
    department_events_public_for_days,
    departments_with_public_events,
)
from calendar_sync.views.feeds import feed_urls, request_region
from calendar_sync.views.pages import asked_day
from organization.models import Department


class _PublicAgendaView(generic.TemplateView):
    days = 1
    feed_name = "public_agenda:feed"

    def first_day(self, today: date, asked: date) -> date:
        return asked

    def entries(self, *, first_day: date, open_end_default: timedelta) -> list[Any]:
        """The calendar entries of the page's days (``on_own_local_days``)."""
        return agenda_public_for_days(
            first_day=first_day, days=self.days, open_end_default=open_end_default
        )

    def feed_path(self) -> str:
        return reverse(self.feed_name)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        region = request_region(self.request)
        today = timezone.localdate(timezone=region.zone)
        asked = asked_day(self.request, today)
        first = self.first_day(today, asked)
        open_default = region.open_end_default
        items = self.entries(first_day=first, open_end_default=open_default)
        days = [first + timedelta(days=n) for n in range(self.days)]
        feed_https, feed_webcal = feed_urls(self.request, self.feed_path())
        kwargs.update(
            region=region,
            today=today,
            day=asked,
            first_day=first,
            last_day=days[-1],
            days=[(day, public_entries(items, day, open_default)) for day in days],
            previous_day=first - timedelta(days=self.days),
            next_day=first + timedelta(days=self.days),
            feed_https=feed_https,
            feed_webcal=feed_webcal,
        )
        return super().get_context_data(**kwargs)

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        response = super().render_to_response(context, **kwargs)
        response["Cache-Control"] = "public, max-age=60"
        # The language cookie (config.middleware) chooses the page's language.
        patch_vary_headers(response, ["Cookie"])
        return response


class PublicDayView(_PublicAgendaView):
    """The leaders' public agenda of one day (``?day=YYYY-MM-DD``, default today)."""

    template_name = "calendar_sync/public/day.html"


class PublicWeekView(_PublicAgendaView):
    """Monday to Sunday of the week holding ``?day=``."""

    template_name = "calendar_sync/public/week.html"
    days = 7

    def first_day(self, today: date, asked: date) -> date:
        return asked - timedelta(days=asked.weekday())


class _DepartmentsMixin(_PublicAgendaView):
    """The departments' public events (``?opd=`` for one department), with the feed of the
    department shown or of them all."""

    template_name = "calendar_sync/public/departments.html"

    @cached_property
    def department(self) -> Department | None:
        chosen = self.request.GET.get("opd", "")
        if not chosen.isdigit():
            return None
        return Department.objects.filter(pk=chosen).first()

    def entries(self, *, first_day: date, open_end_default: timedelta) -> list[Any]:
        return department_events_public_for_days(
            first_day=first_day,
            days=self.days,
            open_end_default=open_end_default,
            department=self.department,
        )

    def feed_path(self) -> str:
        if self.department is None:
            return reverse("public_agenda:departments_feed")
        return reverse("public_agenda:department_feed", args=[self.department.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.update(
            department=self.department,
            departments=departments_with_public_events(),
            period_days=self.days,
        )
        return super().get_context_data(**kwargs)


class PublicDepartmentsDayView(_DepartmentsMixin):
    """The departments' public events of one day."""


class PublicDepartmentsWeekView(_DepartmentsMixin):
    """The departments' public events, Monday to Sunday of the week holding ``?day=``."""

    days = 7

    def first_day(self, today: date, asked: date) -> date:
        return asked - timedelta(days=asked.weekday())
