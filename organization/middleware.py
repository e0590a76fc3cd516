"""Show times in the region's zone (WIB/WITA/WIT) whatever the server's TIME_ZONE is; end
a signed-in session left idle; hold a signed-in user who owes a second factor on its
pages."""

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from organization.models import Region
from organization.twofactor import second_factor_owed


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


LAST_SEEN = "lontar_last_seen"
# The last-seen time is written at most this often: a list request is then not a session
# write each time.
LAST_SEEN_STEP = 60


class IdleSessionMiddleware:
    """A signed-in session ends after ``LONTAR_IDLE_MINUTES`` without a request (BSSN
    4/2021): the next request goes to the login page, and comes back after it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.idle = settings.LONTAR_IDLE_MINUTES * 60

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_SEEN)
            if last is not None and now - last > self.idle:
                logout(request)
                messages.info(
                    request, _("Sesi Anda berakhir karena lama tidak aktif; silakan masuk lagi.")
                )
                return redirect_to_login(request.get_full_path())
            if last is None or now - last >= LAST_SEEN_STEP:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


# A signed-in user who owes no second factor (none enrolled, none required) is asked
# again at most this often, not on every request (a query each time): a device enrolled
# elsewhere, or a role given that requires one, holds the session within this time.
OWES_NOTHING = "lontar_2fa_owes_nothing_at"
OWES_NOTHING_SECONDS = 60


class SecondFactorMiddleware:
    """Until a signed-in user has given their second factor, they reach only the
    verification and enrollment pages (with the passkey endpoints they call), logout
    and the language switch.

    A user with a confirmed device is sent to ``/akun/verifikasi/``; one who must have a
    second factor but has none yet to ``/akun/2fa/`` to enroll. Installed after
    django-otp's OTPMiddleware, which sets ``request.user.is_verified()``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not user.is_verified() and not _open_path(request.path):
            now = int(time.time())
            checked = request.session.get(OWES_NOTHING)
            if checked is None or not 0 <= now - checked < OWES_NOTHING_SECONDS:
                owed = second_factor_owed(user)
                if owed:
                    request.session.pop(OWES_NOTHING, None)
                    return _redirect_with_next(f"twofactor:{owed}", request)
                request.session[OWES_NOTHING] = now
        return self.get_response(request)


# The passkey ceremonies (organization.passkeys); the package refuses to register one
# until an enrolled account has given its second factor.
PASSKEY_PATH = "/akun/kunci-sandi/"


def _open_path(path: str) -> bool:
    open_paths = {reverse("twofactor:verify"), reverse("twofactor:setup"), reverse("logout")}
    return (
        path in open_paths
        or path.startswith(reverse("set_language"))
        or path.startswith(PASSKEY_PATH)
        or path.startswith(settings.STATIC_URL)
    )


def _redirect_with_next(view_name: str, request: HttpRequest) -> HttpResponse:
    return HttpResponseRedirect(
        f"{reverse(view_name)}?{urlencode({'next': request.get_full_path()})}"
    )
