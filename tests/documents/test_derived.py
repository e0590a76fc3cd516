"""Derived files: a searchable PDF/A for scans and a first-page thumbnail, made in the
background beside an original that is never touched, on local disk and on S3."""

import hashlib
import io
import shutil
import subprocess
from io import StringIO

import pikepdf
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.core.management import call_command
from django.core.management.base import CommandError
from PIL import Image

from documents.kinds import KINDS, PDFA, THUMBNAIL
from documents.models import Document
from documents.tasks import extract_document_text, make_derived_files
from tests.documents import files
from tests.factories import make_user

needs_ocr = pytest.mark.skipif(
    shutil.which("tesseract") is None or shutil.which("pdftoppm") is None,
    reason="tesseract and poppler-utils are needed (apt-get install tesseract-ocr-ind "
    "poppler-utils)",
)

LINES = [
    "PEMERINTAH KOTA PALU",
    "Nomor : 005/321/Setda/2026",
    "Hal : Undangan Rapat Koordinasi",
    "Dengan hormat, kami mengundang Bapak Wali Kota",
    "Tempat : Ruang Rapat Bantaya",
]


@pytest.fixture
def stored(db):
    user = make_user("petugas_turunan")

    def store(content: bytes, name: str = "surat.pdf", content_type: str = "") -> Document:
        document = Document(
            original_name=name,
            content_type=content_type or "application/pdf",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            uploaded_by=user,
        )
        document.file.save(name, ContentFile(content), save=False)
        document.save()
        return document

    return store


def stored_sha256(field_file) -> str:
    with field_file.open("rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def read_bytes(field_file) -> bytes:
    with field_file.open("rb") as handle:
        return handle.read()


def pdf_text(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def assert_is_searchable_pdfa(content: bytes, *words: str) -> None:
    assert content.startswith(b"%PDF-")
    with pikepdf.open(io.BytesIO(content)) as pdf:
        assert pdf.open_metadata().pdfa_status == "2B"  # pdfaid:part 2, conformance B
    text = pdf_text(content)
    for word in words:
        assert word in text


def image_size(content: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(content)) as image:
        assert image.format == "JPEG"
        return image.size


@needs_ocr
def test_a_scanned_pdf_gets_a_searchable_pdfa_and_a_thumbnail_and_stays_untouched(stored):
    content = files.scanned_pdf(LINES)
    document = stored(content, "pindaian.pdf")
    assert PDFA.stored(document) is None
    assert make_derived_files.call(document.pk) == "done"
    document.refresh_from_db()
    assert document.derived_status == Document.Derived.DONE
    assert document.derived_error == ""
    pdfa = PDFA.stored(document)
    assert pdfa.name.startswith("derived/") and pdfa.name.endswith("-pindaian-pdfa.pdf")
    assert_is_searchable_pdfa(read_bytes(pdfa), "Koordinasi", "Bantaya")
    thumbnail = THUMBNAIL.stored(document)
    assert thumbnail.name.startswith("thumbnails/")
    width, height = image_size(read_bytes(thumbnail))
    assert width == 300 and 400 < height < 450  # A4 proportions
    # The original: same object, same bytes.
    assert stored_sha256(document.file) == document.sha256 == hashlib.sha256(content).hexdigest()
    # Idempotent: done stays done, nothing is made again.
    assert make_derived_files.call(document.pk) == "done"
    document.refresh_from_db()
    assert PDFA.stored(document).name == pdfa.name


@needs_ocr
def test_a_photographed_letter_gets_a_pdfa_of_a_sensible_page_size(stored):
    document = stored(files.scanned_image(LINES, kind="JPEG"), "foto.jpg", "image/jpeg")
    assert make_derived_files.call(document.pk) == "done"
    document.refresh_from_db()
    content = read_bytes(document.searchable_pdf)
    assert_is_searchable_pdfa(content, "Undangan")
    with pikepdf.open(io.BytesIO(content)) as pdf:
        width = float(pdf.pages[0].mediabox[2])
    assert 590 < width < 600  # 1240 px at the image's 150 dpi: A4, 595 pt


def test_a_text_pdf_gets_a_thumbnail_but_no_pdfa(stored):
    document = stored(files.text_pdf(LINES))
    assert make_derived_files.call(document.pk) == "done"
    document.refresh_from_db()
    assert PDFA.stored(document) is None  # already searchable
    assert document.searchable_pdf.name == ""
    assert image_size(read_bytes(document.thumbnail))[0] == 300


def test_the_thumbnail_width_follows_the_setting(stored, settings):
    settings.LONTAR_THUMBNAIL_WIDTH = 120
    # A small image is scaled up to the width too: the list's layout stays even.
    document = stored(files.png(100, 140), "kecil.png", "image/png")
    assert make_derived_files.call(document.pk) == "done"
    document.refresh_from_db()
    assert image_size(read_bytes(document.thumbnail)) == (120, 168)


def test_a_decompression_bomb_records_an_error_and_nothing_is_made(stored):
    document = stored(files.decompression_bomb_png(), "bom.png", "image/png")
    assert make_derived_files.call(document.pk) == "failed"  # not raised
    document.refresh_from_db()
    assert document.derived_status == Document.Derived.FAILED
    assert "Gambar kecil" in document.derived_error
    assert "terlalu besar" in document.derived_error
    assert not document.thumbnail and not document.searchable_pdf
    assert stored_sha256(document.file) == document.sha256


def test_a_broken_pdf_records_an_error_without_raising(stored):
    document = stored(files.MALFORMED_PDF, "rusak.pdf")
    assert make_derived_files.call(document.pk) == "failed"
    document.refresh_from_db()
    assert document.derived_status == Document.Derived.FAILED
    assert "tidak dapat dibuat" in document.derived_error
    assert THUMBNAIL.stored(document) is None
    assert stored_sha256(document.file) == document.sha256
    # A vanished original and an unknown document: recorded or answered, never raised.
    document.file.storage.delete(document.file.name)
    assert make_derived_files.call(document.pk) == "failed"
    assert make_derived_files.call(999_999) == "missing"


@needs_ocr
def test_a_pdfa_over_its_time_limit_keeps_the_thumbnail_and_is_made_on_the_next_run(
    stored, settings
):
    document = stored(files.scanned_pdf(LINES), "lambat.pdf")
    settings.LONTAR_PDFA_TIME_LIMIT = 0.5  # not even OCRmyPDF's import fits in this
    assert make_derived_files.call(document.pk) == "failed"
    document.refresh_from_db()
    assert document.derived_status == Document.Derived.FAILED
    assert "PDF/A" in document.derived_error and "batas waktu" in document.derived_error
    assert PDFA.stored(document) is None
    thumbnail = THUMBNAIL.stored(document).name
    del settings.LONTAR_PDFA_TIME_LIMIT
    assert make_derived_files.call(document.pk) == "done"  # a failed one is tried again
    document.refresh_from_db()
    assert document.thumbnail.name == thumbnail  # only what was missing is made
    assert PDFA.stored(document) is not None


def test_a_storage_failure_is_recorded_and_no_row_names_a_missing_object(stored, monkeypatch):
    document = stored(files.text_pdf(LINES))
    real_save = Storage.save

    def failing_save(self, name, content, max_length=None):
        if name.startswith("thumbnails/"):
            raise OSError("disk full")
        return real_save(self, name, content, max_length=max_length)

    # Storage.save is the entry point of local disk and S3 alike.
    monkeypatch.setattr(Storage, "save", failing_save)
    assert make_derived_files.call(document.pk) == "failed"
    document.refresh_from_db()
    assert document.derived_status == Document.Derived.FAILED
    assert "penyimpanan" in document.derived_error and "disk full" in document.derived_error
    assert document.thumbnail.name == ""


def test_the_text_extraction_queues_the_derived_files_after_it(
    stored, monkeypatch, django_capture_on_commit_callbacks
):
    document = stored(files.text_pdf(LINES))
    queued: list[int] = []
    monkeypatch.setattr(
        "documents.tasks.document_queue_derived", lambda document_id: queued.append(document_id)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert extract_document_text.call(document.pk) == "done"
    assert queued == [document.pk]


def test_the_command_makes_what_is_missing_and_remakes_on_request(stored):
    first = stored(files.text_pdf(LINES), "satu.pdf")
    second = stored(files.text_pdf(LINES), "dua.pdf")
    out = StringIO()
    call_command("make_derived_files", "--missing", stdout=out)
    assert out.getvalue().split("\n")[:2] == [f"{first.pk} done", f"{second.pk} done"]
    out = StringIO()
    call_command("make_derived_files", "--missing", stdout=out)
    assert out.getvalue() == ""  # nothing missing any more
    before = Document.objects.get(pk=first.pk).thumbnail.name
    call_command("make_derived_files", str(first.pk), stdout=StringIO())
    after = Document.objects.get(pk=first.pk).thumbnail
    assert after.name != before  # made again under a fresh name
    assert not after.storage.exists(before)  # the replaced file is gone
    with pytest.raises(CommandError):
        call_command("make_derived_files", stdout=StringIO())


def test_the_accessor_knows_only_the_two_kinds(stored):
    document = stored(files.text_pdf(LINES))
    assert list(KINDS) == ["thumbnail", "pdfa"]  # the order they are made in
    assert KINDS.get("original") is None
    assert KINDS["thumbnail"].stored(document) is None  # not made yet


@needs_ocr
def test_on_s3_the_derived_files_are_objects_beside_the_original(stored, s3_storage, s3_server):
    content = files.scanned_pdf(LINES)
    document = stored(content, "pindaian.pdf")
    assert make_derived_files.call(document.pk) == "done"
    document.refresh_from_db()
    pdfa = s3_server.object_path(s3_storage, document.searchable_pdf.name).read_bytes()
    assert_is_searchable_pdfa(pdfa, "Koordinasi")
    thumbnail = s3_server.object_path(s3_storage, document.thumbnail.name).read_bytes()
    assert image_size(thumbnail)[0] == 300
    assert s3_server.object_path(s3_storage, document.file.name).read_bytes() == content


def test_on_s3_an_unreachable_store_is_recorded_without_raising(stored, s3_storage, s3_server):
    document = stored(files.text_pdf(LINES))
    s3_server.stop()
    assert make_derived_files.call(document.pk) == "failed"
    document.refresh_from_db()
    assert document.derived_status == Document.Derived.FAILED
    assert document.derived_error
    assert not document.thumbnail and not document.searchable_pdf
