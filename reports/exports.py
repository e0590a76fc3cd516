"""The report as a file to hand in: PDF (WeasyPrint, A4, under the region's letterhead)
or XLSX (openpyxl, one sheet per table).

Every export goes through ``report_export``: the one place where an export is made, so the
one place where it is audited (who exported which report, when, in which format)."""

import base64
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import EXPORT, audit_record
from organization.models import Region
from reports.charts import month_bars_svg, outcome_split_svg
from reports.selectors import Report, Row

FORMATS = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
PDF_STYLESHEET = Path(__file__).resolve().parent / "static" / "reports" / "report_pdf.css"


@dataclass(frozen=True)
class Export:
    content: bytes
    content_type: str
    filename: str


def report_export(*, user: Any, report: Report, export_format: str) -> Export:
    """The report as ``export_format`` ("pdf" or "xlsx") for ``user``, who the caller has
    checked may read it. Raises ValueError for another format."""
    if export_format not in FORMATS:
        raise ValueError(f"Unknown report format {export_format!r}")
    region = Region.current()
    content = (
        report_pdf(report=report, region=region)
        if export_format == "pdf"
        else report_xlsx(report=report, region=region)
    )
    filename = f"laporan-surat-undangan-{report.period.slug}.{export_format}"
    audit_record(
        action=EXPORT,
        actor=user,
        obj_label=filename,
        after={"kind": f"report.{export_format}", "file": filename, "bytes": len(content)},
    )
    return Export(content=content, content_type=FORMATS[export_format], filename=filename)


def _logo_data_uri(region: Region) -> str:
    """The region's logo inlined, so WeasyPrint fetches nothing (no URL, no storage)."""
    logo = getattr(region, "logo", None)
    if not logo:
        return ""
    try:
        with logo.open("rb") as f:
            data = f.read()
    except (OSError, ValueError):
        return ""
    kind = "image/svg+xml" if logo.name.lower().endswith(".svg") else "image/png"
    if logo.name.lower().endswith((".jpg", ".jpeg")):
        kind = "image/jpeg"
    return f"data:{kind};base64,{base64.b64encode(data).decode()}"


def report_pdf(*, report: Report, region: Region) -> bytes:
    from weasyprint import CSS, HTML  # heavy: loaded only when a PDF is made

    html = render_to_string(
        "reports/report_pdf.html",
        {
            "report": report,
            "region": region,
            "logo": _logo_data_uri(region),
            "month_chart": month_bars_svg(report, chart_id="pdf-bulanan"),
            "outcome_chart": outcome_split_svg(report, chart_id="pdf-hasil"),
            "made_at": timezone.localtime(report.made_at),
        },
    )
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(PDF_STYLESHEET))])


def _row_values(row: Row) -> list[Any]:
    return [
        row.label,
        row.received,
        *row.outcome_counts,
        row.overdue_dispositions,
        row.overdue_followups,
        row.reports_filed,
    ]


def report_xlsx(*, report: Report, region: Region) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    header = [
        _("Diterima"),
        *report.outcome_labels,
        _("Disposisi terlambat"),
        _("Tindak lanjut terlambat"),
        _("Laporan kegiatan"),
    ]
    title = [
        f"{_('Pemerintah')} {region.name}",
        f"{_('Laporan surat undangan')}: {report.period.label}",
        report.scope_label,
    ]
    book = Workbook()
    sheets = [
        (_("Per bulan"), _("Bulan"), [*report.by_month, report.total]),
        (_("Per pimpinan"), _("Pimpinan"), report.by_leader),
        (_("Per OPD"), _("OPD"), report.by_department),
    ]
    for i, (name, first, rows) in enumerate(sheets):
        sheet = book.active if i == 0 else book.create_sheet()
        sheet.title = str(name)
        for line in title:
            sheet.append([line])
        sheet["A1"].font = Font(bold=True)
        sheet.append([])
        sheet.append([str(first), *map(str, header)])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(_row_values(row))
        sheet.column_dimensions["A"].width = 36
    steps = book.create_sheet(str(_("Waktu per tahap")))
    for line in title:
        steps.append([line])
    steps.append([])
    steps.append([_("Tahap"), _("Jumlah surat"), _("Median (jam)"), _("P90 (jam)")])
    for step in report.steps:
        steps.append(
            [
                step.label,
                step.count,
                None if step.median_hours is None else round(step.median_hours, 2),
                None if step.p90_hours is None else round(step.p90_hours, 2),
            ]
        )
    steps.column_dimensions["A"].width = 36
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
