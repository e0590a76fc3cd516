"""The report page (/laporan/) and its PDF and XLSX exports: the figures in each, the SVG
charts and the tables, and who may read which."""

import io
import re
from datetime import date

import pdfplumber
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditEntry
from organization.models import Department
from tests.factories import make_user
from tests.reports.test_figures import make_letter
from tests.workflows.walk import client_for
from workflows.models import Letter

PAGE = reverse("laporan:index")


def download(user, export_format: str, **query):
    return client_for(user).get(reverse("laporan:download", args=[export_format]), query)


@pytest.fixture
def letters(world):
    bappeda = Department.objects.create(name="Bappeda", short_name="Bappeda")
    return [
        make_letter(world, month=4, leader=world.mayor, outcome="attend", department=world.dinkes),
        make_letter(world, month=4, leader=world.deputy, outcome="decline", department=bappeda),
        make_letter(world, month=6, leader=world.mayor, outcome="represent", department=bappeda),
    ]


def test_the_page_shows_the_charts_as_svg_and_the_numbers_as_tables(world, letters):
    response = client_for(world.reviewer).get(PAGE, {"tahun": 2026})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<svg") == 2 and 'role="img"' in page
    assert "<table" in page and "Per pimpinan" in page
    # April: 2 letters received, one attended, one declined; the total row says 3.
    april = re.search(r"<tr><th scope=\"row\">April</th>(.*?)</tr>", page).group(1)
    assert re.findall(r"<td>(\d+)</td>", april)[:5] == ["2", "1", "0", "1", "0"]
    assert re.search(r"<tfoot><tr><th scope=\"row\">Jumlah</th><td>3</td>", page)
    assert 'style="' not in page.split("<svg", 1)[1]  # the charts use no inline style


def test_the_pdf_is_an_a4_pdf_with_the_letterhead_and_the_figures(world, letters):
    response = download(world.auditor, "pdf", tahun=2026)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "laporan-surat-undangan-2026.pdf" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF-")
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        first = pdf.pages[0]
        assert (round(first.width), round(first.height)) == (595, 842)  # A4 in points
        text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "PEMERINTAH KOTA PALU" in text
    assert "Tahun 2026" in text
    assert re.search(r"Jumlah 3 1 1 1 0 0", text), text
    assert re.search(r"Wali Kota Palu 2 1 1 0 0 0", text), text


def test_the_xlsx_holds_the_numbers_of_each_table(world, letters):
    response = download(world.auditor, "xlsx", tahun=2026)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Per bulan", "Per pimpinan", "Per OPD", "Waktu per tahap"]
    months = {row[0]: row[1:] for row in book["Per bulan"].iter_rows(values_only=True) if row}
    assert months["April"][:5] == (2, 1, 0, 1, 0)
    assert months["Juni"][:5] == (1, 0, 1, 0, 0)
    assert months["Jumlah"][0] == Letter.objects.count() == 3
    leaders = {row[0]: row[1:] for row in book["Per pimpinan"].iter_rows(values_only=True) if row}
    assert leaders["Wakil Wali Kota Palu"][:4] == (1, 0, 0, 1)
    steps = [row[0] for row in book["Waktu per tahap"].iter_rows(values_only=True) if row]
    assert "Telaah sampai disposisi" in steps
    [audited] = AuditEntry.objects.filter(action="export")
    assert audited.actor == world.auditor
    assert audited.after["kind"] == "report.xlsx"
    assert audited.after["file"] == "laporan-surat-undangan-2026.xlsx"


def test_a_month_is_a_report_of_its_own(world, letters):
    response = download(world.auditor, "xlsx", tahun=2026, bulan=6)
    assert "laporan-surat-undangan-2026-06.xlsx" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    months = [row for row in book["Per bulan"].iter_rows(values_only=True) if row and row[1]]
    assert [m[0] for m in months[1:]] == ["Juni", "Jumlah"]


def test_a_department_officer_sees_only_their_departments_figures(world, letters):
    officer = client_for(world.dept_officer)
    page = officer.get(PAGE, {"tahun": 2026}).content.decode()
    assert "Bappeda" not in page  # neither as a row nor as a choice
    assert re.search(r"<tfoot><tr><th scope=\"row\">Jumlah</th><td>1</td>", page)
    other = Department.objects.get(name="Bappeda")
    refused = officer.get(PAGE, {"tahun": 2026, "opd": other.pk})
    assert refused.status_code == 400
    book = load_workbook(io.BytesIO(download(world.dept_officer, "xlsx", tahun=2026).content))
    months = {row[0]: row[1:] for row in book["Per bulan"].iter_rows(values_only=True) if row}
    assert months["Jumlah"][0] == 1


def test_a_leader_sees_only_their_own_figures(world, letters):
    page = client_for(world.deputy_user).get(PAGE, {"tahun": 2026}).content.decode()
    assert re.search(r"<tfoot><tr><th scope=\"row\">Jumlah</th><td>1</td>", page)
    refused = client_for(world.deputy_user).get(PAGE, {"tahun": 2026, "pimpinan": world.mayor.pk})
    assert refused.status_code == 400


@pytest.mark.parametrize("name", ["clerk", "scheduler"])
def test_someone_else_cannot_read_a_report(world, letters, name):
    user = getattr(world, name)
    assert client_for(user).get(PAGE).status_code == 403
    assert download(user, "pdf", tahun=2026).status_code == 403
    assert download(user, "xlsx", tahun=2026).status_code == 403


def test_an_officer_without_a_department_cannot_read_a_report(world):
    loose = make_user("operator_lepas", "department_officer")
    assert client_for(loose).get(PAGE).status_code == 403


def test_a_signed_out_visitor_is_sent_to_the_login_page(db, client):
    response = client.get(PAGE)
    assert response.status_code == 302 and "login" in response["Location"]


def test_bad_input_is_answered_with_400_not_500(world):
    reviewer = client_for(world.reviewer)
    assert reviewer.get(PAGE, {"tahun": "abc"}).status_code == 400
    assert reviewer.get(PAGE, {"tahun": 1900}).status_code == 400
    assert reviewer.get(PAGE, {"bulan": 13}).status_code == 400
    assert download(world.reviewer, "docx", tahun=2026).status_code == 404
    assert download(world.reviewer, "pdf", tahun="x").status_code == 400


def test_each_role_that_may_read_reports_opens_the_page(world):
    allowed = {"reviewer", "auditor", "admin", "mayor_user", "deputy_user", "adc", "deputy_adc"}
    allowed.add("dept_officer")
    for name, user in world.users().items():
        status = client_for(user).get(PAGE, {"tahun": date.today().year}).status_code
        assert status == (200 if name in allowed else 403), name
