"""Show times in the region's zone (WIB/WITA/WIT) whatever the server's TIME_ZONE is;
hold a signed-in user who owes a second factor on its pages."""

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from organization.models import Region
from organization.twofactor import has_second_factor, requires_second_factor


class RegionTimeZoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.region = Region.current()
        timezone.activate(request.region.zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class SecondFactorMiddleware:
    """Until a signed-in user has given their second factor, they reach only the
    verification and enrollment pages, logout and the language switch.

    A user with a confirmed device is sent to ``/akun/verifikasi/``; one who must have a
    second factor but has none yet to ``/akun/2fa/`` to enroll. Installed after
    django-otp's OTPMiddleware, which sets ``request.user.is_verified()``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not user.is_verified() and not _open_path(request.path):
            if has_second_factor(user):
                return _redirect_with_next("twofactor:verify", request)
            if requires_second_factor(user):
                return _redirect_with_next("twofactor:setup", request)
        return self.get_response(request)


def _open_path(path: str) -> bool:
    open_paths = {reverse("twofactor:verify"), reverse("twofactor:setup"), reverse("logout")}
    return (
        path in open_paths
        or path.startswith(reverse("set_language"))
        or path.startswith(settings.STATIC_URL)
    )


def _redirect_with_next(view_name: str, request: HttpRequest) -> HttpResponse:
    return HttpResponseRedirect(
        f"{reverse(view_name)}?{urlencode({'next': request.get_full_path()})}"
    )
