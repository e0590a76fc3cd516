"""DRF throttles counted in the database (``intake.throttle``, the public forms' sliding
window), so every gunicorn worker and every machine shares one count: DRF's own keep
theirs in the cache, which is each process's memory here. Rates are read from
``settings.LONTAR_API_RATES`` at each request (DRF reads its own once, at import), so an
environment variable or a test can set them."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

from intake.throttle import BUCKETS, throttle_count


class _SharedCount:
    scope: str  # the subclass's (DRF's "anon" and "user", or "login")

    def get_rate(self) -> str:
        return settings.LONTAR_API_RATES[self.scope]

    def allow_request(self, request: Any, view: Any) -> bool:
        key = self.get_cache_key(request, view)  # type: ignore[attr-defined]
        if key is None:
            return True
        allowed, seconds = self.parse_rate(self.get_rate())  # type: ignore[attr-defined]
        self.window = seconds
        return throttle_count(
            scope=f"api_{self.scope}", allowed=allowed, window=timedelta(seconds=seconds), key=key
        )

    def wait(self) -> float:
        """Retry-After: the oldest slice of the window leaves it within one slice."""
        return max(self.window / BUCKETS, 1)


class AnonThrottle(_SharedCount, AnonRateThrottle):
    """Anonymous callers (the public agenda, the login), counted per address."""


class UserThrottle(_SharedCount, UserRateThrottle):
    """Signed-in callers, counted per user."""


class LoginThrottle(_SharedCount, SimpleRateThrottle):
    """Every login attempt, counted per address whoever it names: guessing passwords is
    slowed before the account is."""

    scope = "login"

    def get_cache_key(self, request: object, view: object) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
