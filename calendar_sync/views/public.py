"""The leaders' public agenda at /agenda/, no login: a day and a week (``?day=``).

Each item is shown on the days of its own zone's clock, with its zone word. The pages may
be cached by anyone for a minute; their language follows the language cookie.
"""

from datetime import date, timedelta
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.dateparse import parse_date
from django.views import generic

from calendar_sync.layout import public_entries
from calendar_sync.selectors import agenda_public_for_days
from calendar_sync.views.feeds import feed_urls, request_region


def _asked_day(request: HttpRequest, today: date) -> date:
    """``?day=YYYY-MM-DD``; today when missing, malformed, impossible or far off."""
    try:
        asked = parse_date(request.GET.get("day", "") or "")
    except ValueError:  # well formed but no such day, e.g. 2026-02-30
        return today
    return asked if asked and 2000 <= asked.year <= 2100 else today


class _PublicAgendaView(generic.TemplateView):
    days = 1

    def first_day(self, today: date, asked: date) -> date:
        return asked

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        region = request_region(self.request)
        today = timezone.localdate(timezone=region.zone)
        asked = _asked_day(self.request, today)
        first = self.first_day(today, asked)
        open_default = region.open_end_default
        items = agenda_public_for_days(
            first_day=first, days=self.days, open_end_default=open_default
        )
        days = [first + timedelta(days=n) for n in range(self.days)]
        feed_https, feed_webcal = feed_urls(self.request, reverse("public_agenda:feed"))
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
