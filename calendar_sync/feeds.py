"""The public agenda (no login), its iCalendar feed, and each official's private feed.

Feeds answer a conditional GET with 304 after one aggregate query (count and latest
change of the feed's items); the body is built only when something changed. A body is
gzipped for clients that accept it (5,000 events: about 2 MB of text); the ETag then
turns weak, which If-None-Match compares weakly anyway.
"""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from django.views.decorators.cache import cache_control
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import condition, require_safe

from calendar_sync import ical
from calendar_sync.models import AgendaItem, FeedToken
from calendar_sync.selectors import (
    agenda_feed_items,
    agenda_feed_version,
    agenda_public_for_days,
    feed_token_active,
    feed_tokens_for_user,
    officials_for_feed_tokens,
)
from calendar_sync.services import feed_token_create, feed_token_revoke
from organization.models import Official, Region

# Bump when the feed's text changes shape, so clients holding an old ETag refetch.
FEED_FORMAT = "1"
FEED_PAST = timedelta(days=90)
FEED_FUTURE = timedelta(days=366)
CANCELLED_KEPT = timedelta(days=30)


def _region(request: HttpRequest) -> Region:
    return getattr(request, "region", None) or Region.current()


def _feed_url(request: HttpRequest, path: str) -> tuple[str, str]:
    """The https:// (or http://) address of a feed and its webcal:// twin for calendar apps."""
    url = request.build_absolute_uri(path)
    return url, "webcal://" + url.split("://", 1)[1]


# The feeds


@dataclass
class Feed:
    items: QuerySet[AgendaItem]
    name: str
    full_details: bool
    count: int
    last_change: datetime | None
    window_day: date
    # What else the text depends on: scope, calendar name, region settings. Not in it: a
    # leader's new title in the public feed's summaries, which shows with the next change.
    key: str

    @property
    def etag(self) -> str:
        last = self.last_change.isoformat() if self.last_change else "-"
        raw = f"{FEED_FORMAT}|{self.key}|{self.window_day}|{self.count}|{last}"
        return hashlib.sha256(raw.encode()).hexdigest()[:32]

    def last_modified(self, zone: Any) -> datetime:
        # The window moves at midnight, so the feed may change then without an item changing.
        midnight = datetime.combine(self.window_day, time.min, tzinfo=zone)
        return max(self.last_change, midnight) if self.last_change else midnight


def _feed(request: HttpRequest, token: str | None = None) -> Feed:
    """The feed asked for, with its version; computed once per request (the ETag and the
    Last-Modified callbacks of ``condition`` both need it). An unknown or revoked token is
    a 404.

    Feeds are always in the site's language: calendar apps send no language cookie, and a
    shared cache must not hand one subscriber another's language under the same URL.
    """
    cached = getattr(request, "_lontar_feed", None)
    if cached is not None:
        return cached
    region = _region(request)
    official: Official | None = None
    if token is not None:
        feed_token = feed_token_active(token=token)
        if feed_token is None:
            raise Http404
        official = feed_token.official
    today = timezone.localdate(timezone=region.zone)
    midnight = datetime.combine(today, time.min, tzinfo=region.zone)
    items = agenda_feed_items(
        official=official,
        since=midnight - FEED_PAST,
        until=midnight + FEED_FUTURE,
        cancelled_since=midnight - CANCELLED_KEPT,
    )
    count, last_change = agenda_feed_version(items)
    with translation.override(settings.LANGUAGE_CODE):
        if official is None:
            name = _("Agenda Pimpinan %(region)s") % {"region": region.name}
            scope = "public"
        else:
            name = _("Agenda %(official)s") % {"official": official.title}
            scope = f"official:{official.pk}"
    key = "|".join([scope, name, region.time_zone, str(region.open_end_default_minutes)])
    feed = Feed(
        items=items,
        name=name,
        full_details=official is not None,
        count=count,
        last_change=last_change,
        window_day=today,
        key=key,
    )
    request._lontar_feed = feed
    return feed


def _etag(request: HttpRequest, token: str | None = None) -> str:
    return _feed(request, token).etag


def _last_modified(request: HttpRequest, token: str | None = None) -> datetime:
    return _feed(request, token).last_modified(_region(request).zone)


def _feed_response(request: HttpRequest, feed: Feed) -> HttpResponse:
    region = _region(request)
    with translation.override(settings.LANGUAGE_CODE):
        text = ical.feed_text(
            feed.items,
            name=feed.name,
            time_zone=region.time_zone,
            open_end_default=timedelta(minutes=region.open_end_default_minutes),
            full_details=feed.full_details,
        )
    return HttpResponse(text.encode(), content_type="text/calendar; charset=utf-8")


@require_safe
@gzip_page
@cache_control(public=True, max_age=300)
@condition(etag_func=_etag, last_modified_func=_last_modified)
def public_feed(request: HttpRequest) -> HttpResponse:
    """Public items of the leaders, for anyone to subscribe to."""
    return _feed_response(request, _feed(request))


@require_safe
@gzip_page
@cache_control(private=True, max_age=300)
@condition(etag_func=_etag, last_modified_func=_last_modified)
def private_feed(request: HttpRequest, token: str) -> HttpResponse:
    """Every item of one official, full details; the secret token is the only key."""
    response = _feed_response(request, _feed(request, token))
    response["X-Robots-Tag"] = "noindex"
    return response


# The public pages


@dataclass(frozen=True)
class Entry:
    item: AgendaItem
    multi_day: bool
    continued: bool  # began on an earlier day than the one it is listed under


def _entries(items: list[AgendaItem], day: date, open_end_default: timedelta) -> list[Entry]:
    """The items on ``day`` in their own local time."""
    entries = []
    for item in items:
        zone = item.zone
        start = item.local_start
        # An end at midnight closes the day before (22.00–00.00 is one evening).
        last_moment = item.effective_end(open_end_default).astimezone(zone) - timedelta(
            microseconds=1
        )
        if start.date() <= day <= max(last_moment.date(), start.date()):
            end = item.local_end
            entries.append(
                Entry(
                    item=item,
                    multi_day=end is not None
                    and (end - timedelta(microseconds=1)).date() != start.date(),
                    continued=start.date() < day,
                )
            )
    return entries


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
        region = _region(self.request)
        today = timezone.localdate(timezone=region.zone)
        asked = _asked_day(self.request, today)
        first = self.first_day(today, asked)
        open_default = timedelta(minutes=region.open_end_default_minutes)
        items = agenda_public_for_days(
            first_day=first, days=self.days, open_end_default=open_default
        )
        days = [first + timedelta(days=n) for n in range(self.days)]
        feed_https, feed_webcal = _feed_url(self.request, reverse("public_agenda:feed"))
        kwargs.update(
            region=region,
            today=today,
            day=asked,
            first_day=first,
            last_day=days[-1],
            days=[(day, _entries(items, day, open_default)) for day in days],
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


# Private feed addresses: hand out and revoke


class FeedTokenForm(forms.Form):
    official = forms.ModelChoiceField(
        label=gettext_lazy("Pejabat"), queryset=Official.objects.none(), empty_label=None
    )
    label = forms.CharField(
        label=gettext_lazy("Untuk"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("Mis. kalender HP ajudan, Outlook sespri"),
    )

    def __init__(self, *args: Any, officials: QuerySet[Official], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["official"].queryset = officials


class FeedTokenListView(LoginRequiredMixin, generic.FormView):
    """The private feed addresses of the officials this user may manage; a new one."""

    template_name = "calendar_sync/public/feed_tokens.html"
    form_class = FeedTokenForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            self.officials = officials_for_feed_tokens(user=request.user)
            if not self.officials.exists():
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "officials": self.officials}

    def form_valid(self, form: FeedTokenForm) -> HttpResponse:
        token = feed_token_create(
            official=form.cleaned_data["official"],
            label=form.cleaned_data["label"],
            created_by=self.request.user,
        )
        messages.success(
            self.request,
            _("Tautan kalender untuk %(official)s dibuat.") % {"official": token.official.title},
        )
        return HttpResponseRedirect(f"{reverse('public_agenda:tokens')}#token-{token.pk}")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        tokens = []
        # Addresses in use first, revoked ones after (a stable sort keeps the selector's order).
        found = sorted(feed_tokens_for_user(user=self.request.user), key=lambda t: not t.is_active)
        for token in found:
            https, webcal = _feed_url(
                self.request, reverse("public_agenda:private_feed", args=[token.token])
            )
            tokens.append((token, https, webcal))
        kwargs.update(tokens=tokens, region=_region(self.request))
        return super().get_context_data(**kwargs)


class FeedTokenRevokeView(LoginRequiredMixin, generic.View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        token = get_object_or_404(FeedToken.objects.select_related("official"), pk=pk)
        if not officials_for_feed_tokens(user=request.user).filter(pk=token.official_id).exists():
            raise PermissionDenied
        feed_token_revoke(token=token, revoked_by=request.user)
        messages.success(
            request,
            _("Tautan kalender %(official)s dicabut; aplikasi kalender tidak lagi menerimanya.")
            % {"official": token.official.title},
        )
        return HttpResponseRedirect(reverse("public_agenda:tokens"))
