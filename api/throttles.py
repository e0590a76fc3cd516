"""DRF throttles whose rates are read from ``settings.LONTAR_API_RATES`` at each request
(DRF's own read theirs once, at import), so an environment variable or a test can set them."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle


class _SettingsRate:
    scope: str  # the subclass's (DRF's "anon" and "user", or "login")

    def get_rate(self) -> str:
        return settings.LONTAR_API_RATES[self.scope]


class AnonThrottle(_SettingsRate, AnonRateThrottle):
    """Anonymous callers (the public agenda, the login), counted per address."""


class UserThrottle(_SettingsRate, UserRateThrottle):
    """Signed-in callers, counted per user."""


class LoginThrottle(_SettingsRate, SimpleRateThrottle):
    """Every login attempt, counted per address whoever it names: guessing passwords is
    slowed before the account is."""

    scope = "login"

    def get_cache_key(self, request: object, view: object) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
