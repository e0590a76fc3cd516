"""The clerk picks the scan first; the page uploads it, shows the reading's progress and
fills the form, marking what to check. The clerk corrects one field and registers."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from documents.models import Document
from tests.browser.test_walkthrough import PHONE, assert_fits_width, log_in, submit
from tests.factories import INVITATION_LINES, MINIMAL_PDF, make_world
from tests.pdfs import text_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(transactional_db, settings):
    # The reading runs as soon as the upload is committed, inside the live server: the
    # page sees the same progress and result it would get from a db_worker.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return make_world()


def test_the_scan_fills_the_registration_form(live_server, world, browser, shoot, tmp_path):
    letter = tmp_path / "undangan-dinkes.pdf"
    letter.write_bytes(text_pdf(INVITATION_LINES))
    attachment: Path = tmp_path / "daftar-hadir.pdf"
    attachment.write_bytes(MINIMAL_PDF)

    clerk = log_in(browser, live_server.url, world.clerk.username)
    clerk.goto("/letter/register/")
    form = clerk.locator("form.lt-form")
    # The clerk has already typed the subject their own way: the reader must not overwrite it.
    form.locator("#id_subject").fill("Undangan imunisasi (diketik petugas)")
    form.locator("#id_scans").set_input_files([letter, attachment])

    rows = clerk.locator(".lt-scans .lt-scan")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_have_attribute("data-state", "done", timeout=60_000)
    expect(rows.nth(0)).to_contain_text("undangan-dinkes.pdf (1 halaman)")
    expect(rows.nth(0)).to_contain_text("kolom diisi, 0 perlu diperiksa")
    expect(rows.nth(1)).to_have_attribute("data-state", "done", timeout=60_000)

    expect(form.locator("#id_letter_number")).to_have_value("440/1234/Dinkes/2026")
    expect(form.locator("#id_letter_date")).to_have_value("2026-11-02")
    expect(form.locator("#id_sender_department")).to_have_value(str(world.dinkes.pk))
    expect(form.locator("#id_local_start")).to_have_value("2026-11-17T09:00")
    expect(form.locator("#id_local_end")).to_have_value("2026-11-17T12:00")
    expect(form.locator("#id_venue")).to_have_value("Aula Dinas Kesehatan Kota Palu")
    expect(form.locator("#id_subject")).to_have_value("Undangan imunisasi (diketik petugas)")
    expect(form.locator("#field-letter_number")).to_have_class(re.compile("lt-field--filled"))
    # "Sifat: Penting" says nothing of speed: no urgency is proposed, the clerk picks one.
    urgency = form.locator("#field-urgency")
    expect(urgency).not_to_have_class(re.compile("lt-field--(unsure|filled)"))
    # A letter date typed after the event's day is said under the event's start, live.
    warnings = form.locator("#field-local_start .lt-date-warnings")
    form.locator("#id_letter_date").fill("2026-11-20")
    expect(warnings).to_contain_text("Tanggal acara lebih awal dari tanggal surat")
    shoot(clerk, "register-date-warning.png")
    form.locator("#id_letter_date").fill("2026-11-02")
    expect(form.locator("#field-local_start")).not_to_contain_text("lebih awal dari tanggal")
    shoot(clerk, "register-prefilled.png")
    clerk.set_viewport_size(PHONE)  # the mailroom's phone: no sideways scrolling
    assert_fits_width(clerk)
    shoot(clerk, "register-prefilled-phone.png")

    form.locator("#id_urgency").select_option("biasa")

    submit(clerk)
    expect(clerk.get_by_text("Surat 0001/UND/2026: Diterima.")).to_be_visible()

    # The letter's page lists both scans, uploaded before the form was sent.
    clerk.goto("/letters/")
    clerk.locator("a[href^='/letters/']", has_text="0001/UND/2026").first.click()
    docs = clerk.locator(".lt-docs")
    expect(docs).to_contain_text("undangan-dinkes.pdf")
    expect(docs).to_contain_text("daftar-hadir.pdf")
    expect(clerk.locator(".lt-fields").first).to_contain_text("440/1234/Dinkes/2026")
    expect(clerk.locator(".lt-fields").first).to_contain_text("Biasa")


def test_a_file_with_two_letters_says_so_and_which_to_register_apart(
    live_server, world, browser, tmp_path
):
    from tests.documents.letter_gen import make_letter

    letter = make_letter(1, "two_letters", "held")
    first, second = (item["letter_number"] for item in letter.letters)
    path = tmp_path / "dua-surat.pdf"
    path.write_bytes(letter.pdf)
    clerk = log_in(browser, live_server.url, world.clerk.username)
    clerk.goto("/letter/register/")
    clerk.locator("#id_scans").set_input_files(path)
    row = clerk.locator(".lt-scans .lt-scan")
    expect(row).to_have_attribute("data-state", "done", timeout=60_000)
    expect(row.locator(".lt-scan__letters")).to_have_text(
        f"Berkas ini berisi 2 surat: hlm. 1 (nomor {first}), hlm. 2 (nomor {second}). "
        "Yang kedua perlu diregistrasi tersendiri."
    )


def test_a_refused_scan_is_explained_and_the_form_stays_usable(
    live_server, world, browser, tmp_path
):
    fake = tmp_path / "undangan.pdf"
    fake.write_bytes(b"MZ\x90\x00 an executable, renamed")
    clerk = log_in(browser, live_server.url, world.clerk.username)
    clerk.goto("/letter/register/")
    clerk.locator("#id_scans").set_input_files(fake)
    row = clerk.locator(".lt-scans .lt-scan")
    expect(row).to_have_attribute("data-state", "refused")
    expect(row).to_contain_text("bukan PDF, JPEG atau PNG")
    expect(clerk.locator("form.lt-form button[type=submit]")).to_be_enabled()


def test_the_reading_progress_shows_a_plain_percent_sign(
    live_server, world, settings, browser, tmp_path
):
    # No worker runs here: the scan waits, and the test moves its reading on as a worker
    # would report it.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    letter = tmp_path / "undangan.pdf"
    letter.write_bytes(text_pdf(INVITATION_LINES))
    clerk = log_in(browser, live_server.url, world.clerk.username)
    clerk.goto("/letter/register/")
    clerk.locator("#id_scans").set_input_files(letter)
    row = clerk.locator(".lt-scans .lt-scan")
    expect(row).to_have_attribute("data-state", "pending")

    Document.objects.update(extraction_status=Document.Extraction.RUNNING, extraction_progress=40)
    expect(row).to_have_attribute("data-state", "running")
    expect(row.locator(".lt-scan__status")).to_have_text("Sedang dibaca… 40%")


def test_a_sent_form_cannot_be_sent_again(live_server, world, browser):
    clerk = log_in(browser, live_server.url, world.clerk.username)
    clerk.goto("/letter/register/")
    form = clerk.locator("form.lt-form")
    # Keep the page from leaving, to see the state between a first and a second click (and
    # skip the browser's check of the empty required fields, which would stop the submit).
    form.evaluate(
        "f => { f.noValidate = true; f.addEventListener('submit', e => e.preventDefault()); }"
    )
    button = form.locator("button[type=submit]")
    expect(button).to_be_enabled()
    button.click()
    expect(button).to_be_disabled()
