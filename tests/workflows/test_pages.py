"""The pages people read: a letter, its lembar disposisi, and the worklists."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.factories import ROLE_USERS
from tests.workflows.walk import client_for, do_task, open_task, register, review_forward
from workflows.models import Letter

ROLES = ROLE_USERS


class _Tables(HTMLParser):
    """Rows of the tables with a given class, as lists of cell texts."""

    def __init__(self, css_class: str) -> None:
        super().__init__()
        self.css_class, self.depth, self.rows = css_class, 0, []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "table" and (self.depth or self.css_class in classes):
            self.depth += 1
        elif self.depth and tag == "tr":
            self.rows.append([])
        elif self.depth and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self.depth:
            self.depth -= 1
        elif self.depth and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def table_rows(html: str, css_class: str) -> list[list[str]]:
    parser = _Tables(css_class)
    parser.feed(html)
    return [row for row in parser.rows if row]


def text(html: str) -> str:
    """The page's text with tags dropped and whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _disposed_by_the_ajudan(world) -> Letter:
    letter = register(world.clerk)
    review_forward(world.reviewer, letter, world.mayor, note="Perlu sambutan Wali Kota.")
    do_task(
        world.adc,
        letter,
        "dispose",
        {
            "outcome": "represent",
            "delegates": [world.sekda.pk, world.kadis.pk],
            "instructions": ["wakili", "sambutan"],
            "note": "Sekda mewakili; Kadis siapkan bahan sambutan.",
        },
    )
    return Letter.objects.get(pk=letter.pk)


def test_the_letter_page_shows_fields_documents_chart_and_full_history(world):
    letter = _disposed_by_the_ajudan(world)
    client = client_for(world.reviewer)
    response = client.get(reverse("letters:detail", args=[letter.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    page = text(html)

    for shown in [
        "0001/UND/2026",
        "Dinas Kesehatan Kota Palu",
        "440/1172/Dinkes/2026",
        "20 November 2026",  # tanggal surat
        "23 November 2026",  # diterima tanggal
        "Undangan Pembukaan Pekan Imunisasi",
        "Pembukaan Pekan Imunisasi Nasional",
        "Aula Dinas Kesehatan",
        "Batik",
        "Ibu Sari 0812-0000-0000",
        "Rabu, 2 Desember 2026, 09.00–12.00 WITA",
        "Didisposisi",
        "Diwakilkan",
    ]:
        assert shown in page, shown

    document = letter.documents.get()
    assert reverse("letters:document", args=[letter.pk, document.pk]) in html
    assert "undangan.pdf" in page
    assert document.sha256[:16] in page

    chart = reverse("letter:process_chart", args=[letter.process.pk])
    assert f'src="{chart}"' in html
    assert client.get(chart).status_code == 200

    history = table_rows(html, "lt-history")[1:]  # without the header
    assert len(history) == letter.events.count() == 3
    register_row, forward_row, dispose_row = history
    assert "Persuratan" in register_row[1]
    assert "Surat diregistrasi." in register_row[3]
    assert "Protokol" in forward_row[1]
    assert forward_row[2] == "Diterima → Ditelaah"
    assert forward_row[3] == "Perlu sambutan Wali Kota."
    assert "Ajudan Wk" in dispose_row[1]
    assert "atas nama Wali Kota Palu" in dispose_row[1]
    assert dispose_row[2] == "Ditelaah → Didisposisi"
    assert dispose_row[3] == "Sekda mewakili; Kadis siapkan bahan sambutan."

    # The disposition card says who recorded it for whom, and to whom it goes.
    assert "atas nama Wali Kota Palu" in page
    assert "Sekda Kota Palu" in page and "Kepala Dinas Kesehatan" in page


def test_the_letter_page_names_the_system_for_automatic_steps(world):
    letter = register(world.clerk)
    do_task(world.reviewer, letter, "review", {"decision": "reject", "note": "Salah alamat."})
    html = client_for(world.auditor).get(reverse("letters:detail", args=[letter.pk]))
    rows = table_rows(html.content.decode(), "lt-history")[1:]
    assert [row[2] for row in rows] == [
        "Diterima",
        "Diterima → Ditolak (bukan untuk pimpinan)",
        "Ditolak (bukan untuk pimpinan) → Diarsipkan",
    ]
    assert "Sistem" in rows[-1][1]


def test_the_disposition_sheet_has_every_field_of_the_paper_form(world):
    letter = _disposed_by_the_ajudan(world)
    response = client_for(world.scheduler).get(reverse("letters:sheet", args=[letter.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    page = text(html)

    assert '<link rel="stylesheet" href="/static/print_disposition.css">' in html
    css = Path(finders.find("print_disposition.css")).read_text()
    assert re.search(r"@page\s*\{[^}]*size:\s*165mm 215mm", css), "half-folio @page size"
    for label, value in [
        ("Surat dari", "Dinas Kesehatan Kota Palu"),
        ("Nomor surat", "440/1172/Dinkes/2026"),
        ("Tanggal surat", "20 November 2026"),
        ("Diterima tanggal", "23 November 2026"),
        ("Nomor agenda", "0001/UND/2026"),
        ("Sifat", "Biasa · Segera"),
        ("Perihal", "Undangan Pembukaan Pekan Imunisasi"),
    ]:
        assert re.search(rf"{re.escape(label)}\s+{re.escape(value)}", page), (label, value)
    for label in ("Diteruskan kepada", "Dengan hormat harap", "Catatan", "LEMBAR DISPOSISI"):
        assert label in page, label

    ticked = set(re.findall(r'<li class="on">([^<]+)</li>', html))
    unticked = set(re.findall(r'<li class="">([^<]+)</li>', html))
    assert ticked == {"Wakili", "Siapkan sambutan/bahan"}
    assert {"Untuk diketahui", "Hadir", "Arsip", "Jadwalkan"} <= unticked
    assert re.search(r"<ol>\s*<li>Sekda Kota Palu</li>\s*<li>Kepala Dinas Kesehatan</li>", html)
    assert "Sekda mewakili; Kadis siapkan bahan sambutan." in page
    assert "a.n. pimpinan" in page  # recorded by the ajudan
    assert "Pemerintah Kota Palu" in page


def test_the_disposition_sheet_of_an_undisposed_letter_has_empty_boxes(world):
    letter = register(world.clerk)
    html = client_for(world.clerk).get(reverse("letters:sheet", args=[letter.pk]))
    html = html.content.decode()
    assert '<li class="on">' not in html
    assert len(re.findall(r'<li class="">', html)) == 9


@pytest.fixture
def worklists(world):
    """A review waiting, one dispose task for each leader, a correction for the clerk."""
    waiting = register(world.clerk, subject="Menunggu telaah")
    for_mayor = register(world.clerk, subject="Untuk Wali Kota")
    review_forward(world.reviewer, for_mayor, world.mayor)
    for_deputy = register(world.clerk, subject="Untuk Wakil")
    review_forward(world.reviewer, for_deputy, world.deputy)
    returned = register(world.clerk, subject="Dikembalikan")
    do_task(world.reviewer, returned, "review", {"decision": "return", "note": "Tanpa lampiran."})
    return {
        "review": open_task(waiting, "review"),
        "mayor_dispose": open_task(for_mayor, "dispose"),
        "deputy_dispose": open_task(for_deputy, "dispose"),
        "correct": open_task(returned, "correct"),
    }


def _task_pks(response) -> set[int]:
    return {item.task.pk for item in response.context["work_items"]}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", ["letter:inbox", "letter:queue"])
def test_every_role_can_open_its_worklists(world, worklists, role, page):
    response = client_for(getattr(world, role)).get(reverse(page))
    assert response.status_code == 200
    visible = _task_pks(response)
    expected = {
        ("letter:queue", "reviewer"): {"review"},
        # A dispose task is assigned to its leader and shown to their ajudan/sespri too.
        ("letter:inbox", "mayor_user"): {"mayor_dispose"},
        ("letter:inbox", "adc"): {"mayor_dispose"},
        ("letter:inbox", "deputy_adc"): {"deputy_dispose"},
        ("letter:inbox", "clerk"): {"correct"},
    }.get((page, role), set())
    assert visible == {worklists[name].pk for name in expected}


def test_the_inbox_links_each_task_and_shows_its_letter(world, worklists):
    task = worklists["mayor_dispose"]
    html = client_for(world.adc).get(reverse("letter:inbox")).content.decode()
    assert reverse("letter:dispose:index", args=[task.process_id, task.pk]) in html
    assert "Untuk Wali Kota" in html
    assert "Untuk Wakil" not in html
    deputy_html = client_for(world.deputy_adc).get(reverse("letter:inbox")).content.decode()
    assert "Untuk Wakil" in deputy_html
    assert "Untuk Wali Kota" not in deputy_html


def test_a_taken_task_moves_from_the_queue_to_the_takers_inbox(world, worklists):
    task = worklists["review"]
    client = client_for(world.reviewer)
    client.post(reverse("letter:review:assign", args=[task.process_id, task.pk]))
    assert task.pk not in _task_pks(client.get(reverse("letter:queue")))
    assert task.pk in _task_pks(client.get(reverse("letter:inbox")))
