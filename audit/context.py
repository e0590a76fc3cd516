"""Who is acting, from where: the current request's user and client address, carried in a
context variable so services and signal receivers need not be handed the request."""

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse


@dataclass(frozen=True)
class RequestContext:
    request: HttpRequest
    ip: str | None

    @property
    def user(self) -> Any:
        user = getattr(self.request, "user", None)
        return user if user is not None and user.is_authenticated else None


_current: ContextVar[RequestContext | None] = ContextVar("audit_request", default=None)


def client_ip(request: HttpRequest | None) -> str | None:
    """REMOTE_ADDR, or the entry the trusted reverse proxy added to X-Forwarded-For when
    LONTAR_TRUST_X_FORWARDED_FOR is on (as the login throttle and intake read it)."""
    if request is None:
        return None
    if getattr(settings, "LONTAR_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def current() -> RequestContext | None:
    return _current.get()


def current_user() -> Any:
    context = _current.get()
    return context.user if context is not None else None


def current_ip() -> str | None:
    context = _current.get()
    return context.ip if context is not None else None


class AuditContextMiddleware:
    """Before the authentication middleware is fine: the user is read lazily."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _current.set(RequestContext(request=request, ip=client_ip(request)))
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
