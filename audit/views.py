"""The auditor's log page (not the admin): the log filtered by letter, user, action and
dates, newest first, with the status of the last walk of the chain."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from audit import selectors
from audit.forms import LogFilterForm

PAGE_SIZE = 50


@login_required
@require_safe
def audit_log(request: HttpRequest) -> HttpResponse:
    if not selectors.audit_log_readable(user=request.user):
        raise PermissionDenied
    form = LogFilterForm(request.GET or None)
    query = form.query() if form.is_bound else selectors.LogQuery()
    rows = selectors.audit_entries(user=request.user, query=query).select_related("content_type")
    # No COUNT(*) over a million rows for a page: one row more than a page says whether
    # there is a next one.
    number = _page_number(request.GET.get("page"))
    start = (number - 1) * PAGE_SIZE
    fetched = list(rows[start : start + PAGE_SIZE + 1])
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "form": form,
        "entries": fetched[:PAGE_SIZE],
        "page": number,
        "previous_page": number - 1 if number > 1 else None,
        "next_page": number + 1 if len(fetched) > PAGE_SIZE else None,
        "query_string": params.urlencode(),
        "check": selectors.audit_check_latest(),
        "action_groups": selectors.ACTION_GROUPS,
    }
    return render(request, "audit/log.html", context)


def _page_number(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 100_000))
    except ValueError:
        return 1
