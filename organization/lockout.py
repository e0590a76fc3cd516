"""The page a locked-out login gets (django-axes' ``AXES_LOCKOUT_CALLABLE``)."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def login_locked_out(request: HttpRequest, *args: Any) -> HttpResponse:
    """429 with a page in the user's language: how many failures, for how long, and that
    an administrator can unlock at once."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=429)
