"""The report page (/laporan/) and its exports: who may read it is
``selectors.report_access_for``; a department officer's form offers only their department,
a leader's only themselves, and the figures are counted within that."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from reports.charts import month_bars_svg, outcome_split_svg
from reports.exports import FORMATS, report_export
from reports.forms import ReportForm
from reports.selectors import Report, ReportAccess, report_access_for, report_build


def _access(request: HttpRequest) -> ReportAccess:
    access = report_access_for(user=request.user)
    if access is None:
        raise PermissionDenied
    return access


def _report(form: ReportForm, access: ReportAccess) -> Report:
    data = form.cleaned_data
    return report_build(
        access=access,
        period=form.period(),
        leader_id=data.get("pimpinan"),
        department_id=data.get("opd"),
    )


@login_required
@require_safe
def report_page(request: HttpRequest) -> HttpResponse:
    access = _access(request)
    form = ReportForm(request.GET or None, access=access)
    if request.GET and not form.is_valid():
        return render(request, "reports/report.html", {"form": form}, status=400)
    if not request.GET:
        form = ReportForm({}, access=access)
        form.is_valid()
    report = _report(form, access)
    query = urlencode({k: v for k, v in form.cleaned_data.items() if v is not None})
    context: dict[str, Any] = {
        "form": form,
        "report": report,
        "query": query,
        "month_chart": month_bars_svg(report),
        "outcome_chart": outcome_split_svg(report),
    }
    return render(request, "reports/report.html", context)


@login_required
@require_safe
def report_download(request: HttpRequest, export_format: str) -> HttpResponse:
    if export_format not in FORMATS:
        raise Http404
    access = _access(request)
    form = ReportForm(request.GET, access=access)
    if not form.is_valid():
        return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain")
    export = report_export(
        user=request.user, report=_report(form, access), export_format=export_format
    )
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response
