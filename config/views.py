"""The site's front door, and its health for the load balancer."""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.files.storage import default_storage
from django.db import connection
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from organization.roles import user_roles


def home(request: HttpRequest) -> HttpResponse:
    """``/``: the login page for a visitor (it answered "403 Akses ditolak"), a word of
    explanation for an account no role was given yet, and the letters' app for staff."""
    if not request.user.is_authenticated:
        return redirect_to_login("/letter/")
    if not (request.user.is_superuser or user_roles(request.user)):
        return render(request, "no_role.html", status=200)
    return HttpResponseRedirect("/letter/")


logger = logging.getLogger(__name__)


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _storage() -> None:
    default_storage.exists("healthz-probe")  # one request to the disk or the bucket


def _queue() -> None:
    """Background work is being taken: no task has waited for a worker longer than
    ``LONTAR_HEALTHZ_QUEUE_SECONDS`` (a worker that died, or too few for the load)."""
    from django_tasks_db.models import DBTaskResult, get_date_max

    waited = timezone.now() - timedelta(seconds=settings.LONTAR_HEALTHZ_QUEUE_SECONDS)
    ready = DBTaskResult.objects.filter(status="READY", enqueued_at__lt=waited)
    # A task with no run_after holds the largest date there; one with it waits from then.
    stalled = ready.filter(Q(run_after=get_date_max()) | Q(run_after__lt=waited)).exists()
    if stalled:
        raise RuntimeError("a task has waited too long for a worker")


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """``/healthz``: 200 when the database, the document storage and the task queue all
    answer, 503 naming what does not. No login, no detail beyond ok/failed."""
    checks = {}
    for name, check in (("database", _database), ("storage", _storage), ("queue", _queue)):
        try:
            check()
        except Exception:
            logger.exception("healthz: %s failed", name)
            checks[name] = "failed"
        else:
            checks[name] = "ok"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "failed", **checks}, status=200 if healthy else 503
    )
