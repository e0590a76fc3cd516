"""Reading the letter: dates and times as letters write them, the field parser, the
child process with its limits, the command-line contract and the background task."""

import datetime as dt
import json
import os
import shutil
import subprocess
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from documents import hooks
from documents.extraction import ocr
from documents.extraction.dates import find_date_range, find_time_range, find_zone
from documents.extraction.fields import FIELDS, parse_letter
from documents.extraction.runner import read_in_process, read_letter
from documents.models import Document
from documents.tasks import extract_document_text
from tests.documents.files import joined_pdf, scanned_pdf, text_pdf
from tests.factories import make_user

DEV = Path(os.environ.get("LONTAR_LETTERS_DEV", Path(__file__).parents[3] / "shared/letters/dev"))
needs_dev_letters = pytest.mark.skipif(
    not (DEV / "truth.json").exists(), reason=f"sample letters not found in {DEV}"
)
needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None,
    reason="tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-ind)",
)


# A layout not in the sample set: an agency letter with "Hal", a multi-day event in a
# sentence-free block with "Agenda", numeric letter date, Nopember, WIT.
LETTER_LINES = [
    "BADAN PENANGGULANGAN BENCANA DAERAH",
    "PROVINSI PAPUA",
    "Jl. Soa Siu Dok II No. 5 Jayapura Telp. (0967) 533111",
    "Nomor : 360/O87/BPBD/Xl/2026",
    "Sifat : Segera",
    "Lampiran : 1 (satu) berkas",
    "Hal : Undangan Rapat Koordinasi Kesiapsiagaan",
    "Jayapura, 02-11-2026",
    "Kepada Yth. Bapak Gubernur Papua",
    "di - Jayapura",
    "Dengan hormat, kami mengundang Bapak untuk hadir pada:",
    "Hari/Tanggal : Senin s.d. Rabu, 23 s.d. 25 Nopember 2026",
    "Waktu : pukul 09.00 WIT s.d. selesai",
    "Lokasi : Aula BPBD Provinsi Papua",
    "Agenda : Rapat Koordinasi Kesiapsiagaan",
    "Menghadapi Musim Hujan",
    "Demikian undangan ini kami sampaikan.",
]


# Dates, times and zones


def test_nopember_and_pebruari_are_read_as_november_and_february():
    assert find_date_range("Kamis, 19 Nopember 2026").start == dt.date(2026, 11, 19)
    assert find_date_range("2 Pebruari 2026").start == dt.date(2026, 2, 2)


def test_numeric_dates_with_dashes_and_slashes_are_day_month_year():
    assert find_date_range("19-11-2026").start == dt.date(2026, 11, 19)
    assert find_date_range("Kediri, 07/10/2026").start == dt.date(2026, 10, 7)


def test_a_multi_day_event_gives_its_first_and_last_day():
    found = find_date_range("Senin s.d. Rabu, 7 s.d. 9 Desember 2026")
    assert (found.start, found.end) == (dt.date(2026, 12, 7), dt.date(2026, 12, 9))
    found = find_date_range("30 November sampai dengan 2 Desember 2026")
    assert (found.start, found.end) == (dt.date(2026, 11, 30), dt.date(2026, 12, 2))


def test_ocr_misreadings_in_numbers_are_repaired():
    assert find_date_range("2O Agustus 2O26").start == dt.date(2026, 8, 20)
    assert find_time_range("O9.3O s.d. l2.OO WITA").start == "09:30"


def test_a_time_range_gives_start_end_and_zone():
    found = find_time_range("09.00 s.d. 12.00 WITA")
    assert (found.start, found.end, found.zone) == ("09:00", "12:00", "Asia/Makassar")
    found = find_time_range("19:00 WITA s/d 21:30 WITA")
    assert (found.start, found.end) == ("19:00", "21:30")


def test_s_d_selesai_is_an_open_end():
    found = find_time_range("pukul 09.00 WIB s.d. selesai")
    assert (found.start, found.end, found.open_end) == ("09:00", None, True)
    assert find_time_range("Pukul 08:00 Wib sampai dengan selesai").zone == "Asia/Jakarta"


def test_zone_words_map_to_their_iana_zones():
    assert find_zone("10.00 WIB") == "Asia/Jakarta"
    assert find_zone("10.00 WITA") == "Asia/Makassar"
    assert find_zone("10.00 WIT") == "Asia/Jayapura"


# The field parser


def test_a_letter_in_an_unseen_layout_is_read_by_its_conventions():
    fields = parse_letter("\n".join(LETTER_LINES)).values
    assert fields["letter_number"] == "360/087/BPBD/XI/2026"
    assert fields["letter_date"] == "2026-11-02"
    assert fields["classification"] == "segera"
    assert fields["subject"] == "Undangan Rapat Koordinasi Kesiapsiagaan"
    assert fields["addressee"] == "Gubernur Papua"
    assert fields["sender"].startswith("Badan Penanggulangan Bencana Daerah")
    assert (fields["event_date"], fields["event_end_date"]) == ("2026-11-23", "2026-11-25")
    assert (fields["start_time"], fields["end_time"]) == ("09:00", None)
    assert fields["timezone"] == "Asia/Jayapura"
    assert fields["venue"] == "Aula BPBD Provinsi Papua"
    assert fields["event_title"] == "Rapat Koordinasi Kesiapsiagaan Menghadapi Musim Hujan"


def test_an_event_told_in_a_sentence_is_read_too():
    text = "\n".join(
        [
            "DINAS SOSIAL",
            "Nomor : 460/12/Dinsos/2026 Palu, 3 Maret 2026",
            "Perihal : Permohonan Kehadiran",
            "Yth. Wali Kota Palu",
            "Dalam rangka Peringatan Hari Sosial, dengan hormat kami mengharapkan kehadiran",
            "Bapak pada hari Rabu tanggal 18 Maret 2026, pukul 08.00 WITA s/d 11.00 WITA,",
            "bertempat di Hotel Santika, Jl. Diponegoro No. 40. Demikian kami sampaikan.",
        ]
    )
    fields = parse_letter(text).values
    assert fields["event_title"] == "Peringatan Hari Sosial"
    assert fields["event_date"] == "2026-03-18"
    assert (fields["start_time"], fields["end_time"]) == ("08:00", "11:00")
    assert fields["venue"] == "Hotel Santika, Jl. Diponegoro No. 40"
    assert fields["classification"] is None  # the letter does not say


def test_a_tanggal_above_the_addressee_dates_the_letter_not_the_event():
    text = "\n".join(
        [
            "SEKRETARIAT DAERAH",
            "Nomor : 000.1/55/Setda",
            "Tanggal : 3 Desember 2026",
            "Hal : Undangan Rapat",
            "Kepada Yth.",
            "Bapak Wali Kota Palu",
            "Hari : Selasa",
            "Tanggal : 8 Desember 2026 s/d 10 Desember 2026",
            "Waktu : 09.00 Wita - Selesai",
        ]
    )
    fields = parse_letter(text).values
    assert fields["letter_date"] == "2026-12-03"
    assert (fields["event_date"], fields["event_end_date"]) == ("2026-12-08", "2026-12-10")
    assert fields["addressee"] == "Wali Kota Palu"


def test_fuzzy_and_missing_values_are_marked_unsure():
    result = parse_letter("Perihai : Undangan\nNomor : 1/2/3\n", ocr=True)
    assert result.values["subject"] == "Undangan"
    assert "subject" in result.unsure
    assert result.values["venue"] is None and "venue" not in result.unsure


# The child process


def test_a_text_pdf_is_read_in_a_child_process(tmp_path):
    path = tmp_path / "surat.pdf"
    path.write_bytes(text_pdf(LETTER_LINES))
    result = read_letter(path, time_limit=60)
    assert result.error is None
    assert result.page_count == 1 and not result.ocr
    assert result.fields["event_end_date"] == "2026-11-25"


def test_a_parser_that_loops_is_killed_at_the_time_limit_with_a_clear_error(tmp_path):
    path = tmp_path / "loop.pdf"
    path.write_bytes(text_pdf(["x"]))
    started = time.monotonic()
    result = read_letter(path, time_limit=2, target="tests.documents.child_targets:spin_forever")
    assert time.monotonic() - started < 15
    assert "batas waktu" in result.error
    assert result.fields == {}


def test_a_child_over_its_memory_limit_fails_cleanly(tmp_path):
    path = tmp_path / "surat.pdf"
    path.write_bytes(text_pdf(LETTER_LINES))
    result = read_letter(
        path,
        time_limit=30,
        memory_limit=512 * 1024 * 1024,
        target="tests.documents.child_targets:hog_memory",
    )
    assert "memori" in result.error


# Scanned pages of a PDF: one Tesseract run for all of them

FIRST_PAGE = ["UNDANGAN RAPAT KOORDINASI", "Nomor : 005/123/Bappeda/2026"]
SECOND_PAGE = ["Lampiran daftar peserta", "Kepala Dinas Pendidikan"]


@pytest.fixture
def tesseract_runs(monkeypatch):
    """The Tesseract processes started while the test runs (their argument lists)."""
    runs: list[list[str]] = []
    real_popen = subprocess.Popen

    def popen(args, *rest, **options):
        if isinstance(args, list) and args and args[0] == "tesseract":
            runs.append(args)
        return real_popen(args, *rest, **options)

    monkeypatch.setattr(subprocess, "Popen", popen)
    return runs


@needs_tesseract
def test_the_scanned_pages_of_a_pdf_go_through_one_tesseract_run(tmp_path, tesseract_runs):
    path = tmp_path / "scan.pdf"
    # scan, text page, scan: the text page is read by pdfplumber, not by Tesseract
    path.write_bytes(
        joined_pdf(scanned_pdf(FIRST_PAGE), text_pdf(LETTER_LINES), scanned_pdf(SECOND_PAGE))
    )
    seen: list[int] = []
    result = read_in_process(str(path), progress=seen.append)
    assert len(tesseract_runs) == 1
    assert result["page_count"] == 3 and result["ocr"] is True
    first, middle, last = result["text"].split("\n\f")
    assert "KOORDINASI" in first and "Bappeda" in first
    assert "Aula BPBD" in middle
    assert "peserta" in last and "Pendidikan" in last
    assert seen == sorted(seen) and seen[-1] == 100  # progress never goes back


@needs_tesseract
def test_batched_pages_read_the_same_as_pages_read_one_by_one(tmp_path, monkeypatch):
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_pdf(FIRST_PAGE, SECOND_PAGE, FIRST_PAGE))
    together = ocr.ocr_pdf_pages(path, [1, 2, 3])
    monkeypatch.setattr(ocr, "BATCH_PAGES", 2)  # two runs: pages 1-2, then 3
    started: list[int] = []
    in_batches = ocr.ocr_pdf_pages(path, [1, 2, 3], started=started.append)
    one_by_one = {n: ocr.ocr_pdf_pages(path, [n])[n] for n in (1, 2, 3)}
    assert together == in_batches == one_by_one
    assert started == [0, 1, 2]
    assert together[1] == together[3] != together[2]


@needs_tesseract
def test_a_tesseract_failure_in_a_batch_is_reported(tmp_path):
    broken = tmp_path / "not-an-image.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n but nothing more")
    with pytest.raises(ocr.OCRFailed):
        ocr.ocr_images([broken])


# The command-line contract


def run_command(*files: str) -> list[dict]:
    out = StringIO()
    call_command("extract_letter", *files, stdout=out)  # returns normally: exit code 0
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_extract_letter_prints_one_json_line_per_file_with_every_field(tmp_path):
    letter = tmp_path / "surat.pdf"
    letter.write_bytes(text_pdf(LETTER_LINES))
    broken = tmp_path / "rusak.pdf"
    broken.write_bytes(b"%PDF-1.4\nthis is not a pdf at all")
    fake = tmp_path / "program.pdf"
    fake.write_bytes(b"MZ\x90\x00 an executable")
    lines = run_command(str(letter), str(broken), str(fake), str(tmp_path / "missing.pdf"))
    assert [line["file"] for line in lines] == [
        str(letter), str(broken), str(fake), str(tmp_path / "missing.pdf")
    ]  # fmt: skip
    assert all(set(FIELDS) <= set(line) for line in lines)
    assert lines[0]["letter_number"] == "360/087/BPBD/XI/2026"
    assert lines[0]["classification"] == "segera"
    assert "error" not in lines[0]
    for line in lines[1:]:
        assert line["error"]
        assert all(line[name] is None for name in FIELDS)


def test_a_field_the_letter_does_not_state_is_null(tmp_path):
    letter = tmp_path / "surat.pdf"
    letter.write_bytes(text_pdf([line for line in LETTER_LINES if not line.startswith("Sifat")]))
    (line,) = run_command(str(letter))
    assert line["classification"] is None


@needs_dev_letters
def test_a_text_pdf_from_the_sample_set_gives_the_right_key_fields():
    truth = json.loads((DEV / "truth.json").read_text())
    name = next(n for n, t in sorted(truth.items()) if not t["scanned"])
    (line,) = run_command(str(DEV / name))
    for field in ("letter_number", "letter_date", "event_date", "start_time", "timezone"):
        assert line[field] == truth[name][field], field


@needs_dev_letters
@needs_tesseract
def test_a_scan_from_the_sample_set_gives_the_right_key_fields():
    truth = json.loads((DEV / "truth.json").read_text())
    # The smallest image: one OCR run keeps the suite fast.
    name = min(
        (n for n, t in truth.items() if t["scanned"] and not n.endswith(".pdf")),
        key=lambda n: (DEV / n).stat().st_size,
    )
    (line,) = run_command(str(DEV / name))
    assert line["ocr"] is True
    for field in ("letter_number", "letter_date", "event_date", "start_time", "timezone"):
        assert line[field] == truth[name][field], field


# The background task


@pytest.fixture
def stored(db):
    user = make_user("petugas")

    def store(content: bytes, name: str = "surat.pdf") -> Document:
        document = Document(
            original_name=name, content_type="application/pdf", size=len(content),
            sha256="0" * 64, uploaded_by=user,
        )  # fmt: skip
        document.file.save(name, ContentFile(content), save=False)
        document.save()
        return document

    return store


def test_the_task_records_text_fields_and_done(stored, django_capture_on_commit_callbacks):
    document = stored(text_pdf(LETTER_LINES))
    told: list[int] = []

    def listener(document_id: int) -> None:
        told.append(document_id)

    hooks.on_text_extracted(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            assert extract_document_text.call(document.pk) == "done"
    finally:
        hooks._text_extracted.remove(listener)
    assert told == [document.pk]  # the search hears that the text is ready
    document.refresh_from_db()
    assert document.extraction_status == Document.Extraction.DONE
    assert document.extraction_progress == 100
    assert document.page_count == 1
    assert "Aula BPBD" in document.text
    assert document.extracted_fields["event_date"] == "2026-11-23"
    # Idempotent: a second run leaves the result alone.
    assert extract_document_text.call(document.pk) == "done"


def test_the_task_records_failed_and_never_raises(stored):
    document = stored(b"%PDF-1.4\nbroken beyond repair")
    assert extract_document_text.call(document.pk) == "failed"
    document.refresh_from_db()
    assert document.extraction_status == Document.Extraction.FAILED
    assert "rusak" in document.extraction_error
    # Even the stored file vanishing is recorded, not raised.
    document.file.storage.delete(document.file.name)
    assert extract_document_text.call(document.pk) == "failed"
    assert extract_document_text.call(999_999) == "missing"
