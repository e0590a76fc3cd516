"""The calendar feeds over HTTP, and the pages that hand out and revoke private feed
addresses (calendar_sync.public_urls).

Feeds answer a conditional GET with 304 after one aggregate query (count and latest
change of the feed's items); the body is built only when something changed. A body is
gzipped for clients that accept it (5,000 events: about 2 MB of text); the ETag then
turns weak, which If-None-Match compares weakly anyway.
"""

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic
from django.views.decorators.cache import cache_control
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import condition, require_safe

from calendar_sync.feeds import Feed, agenda_feed, department_feed, feed_body
from calendar_sync.forms import FeedTokenForm
from calendar_sync.models import FeedToken
from calendar_sync.selectors import (
    feed_token_active,
    feed_tokens_for_user,
    officials_for_feed_tokens,
)
from calendar_sync.services import feed_token_create, feed_token_revoke
from organization.models import Department, Official, Region


def request_region(request: HttpRequest) -> Region:
    """The region the middleware loaded for this request (a query only without it)."""
    return getattr(request, "region", None) or Region.current()


def feed_urls(request: HttpRequest, path: str) -> tuple[str, str]:
    """The https:// (or http://) address of a feed and its webcal:// twin for calendar apps."""
    url = request.build_absolute_uri(path)
    return url, "webcal://" + url.split("://", 1)[1]


# The feeds


def _feed(request: HttpRequest, token: str | None = None, department: str | int = "") -> Feed:
    """The feed asked for, with its version; computed once per request (the ETag and the
    Last-Modified callbacks of ``condition`` both need it). An unknown or revoked token is
    a 404."""
    cached = getattr(request, "_lontar_feed", None)
    if cached is not None:
        return cached
    region = request_region(request)
    if department:
        request._lontar_feed = department_feed(
            region=region,
            department=None
            if department == "semua"
            else get_object_or_404(Department, pk=department),
        )
        return request._lontar_feed
    official: Official | None = None
    if token is not None:
        feed_token = feed_token_active(token=token)
        if feed_token is None:
            raise Http404
        official = feed_token.official
    feed = agenda_feed(region=region, official=official)
    request._lontar_feed = feed
    return feed


def _etag(request: HttpRequest, token: str | None = None, department: str | int = "") -> str:
    return _feed(request, token, department).etag


def _last_modified(
    request: HttpRequest, token: str | None = None, department: str | int = ""
) -> datetime:
    return _feed(request, token, department).last_modified(request_region(request).zone)


def _feed_response(request: HttpRequest, feed: Feed) -> HttpResponse:
    return HttpResponse(
        feed_body(feed, region=request_region(request)),
        content_type="text/calendar; charset=utf-8",
    )


@require_safe
@gzip_page
@cache_control(public=True, max_age=300)
@condition(etag_func=_etag, last_modified_func=_last_modified)
def public_feed(request: HttpRequest) -> HttpResponse:
    """Public items of the leaders, for anyone to subscribe to."""
    return _feed_response(request, _feed(request))


@require_safe
@gzip_page
@cache_control(public=True, max_age=300)
@condition(etag_func=_etag, last_modified_func=_last_modified)
def department_feed_view(request: HttpRequest, department: str | int) -> HttpResponse:
    """Public events of one department (``semua``: of every department)."""
    return _feed_response(request, _feed(request, department=department))


@require_safe
@gzip_page
@cache_control(private=True, max_age=300)
@condition(etag_func=_etag, last_modified_func=_last_modified)
def private_feed(request: HttpRequest, token: str) -> HttpResponse:
    """Every item of one official, full details; the secret token is the only key."""
    response = _feed_response(request, _feed(request, token))
    response["X-Robots-Tag"] = "noindex"
    return response


# Private feed addresses: hand out and revoke


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
            https, webcal = feed_urls(
                self.request, reverse("public_agenda:private_feed", args=[token.token])
            )
            tokens.append((token, https, webcal))
        kwargs.update(tokens=tokens, region=request_region(self.request))
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
