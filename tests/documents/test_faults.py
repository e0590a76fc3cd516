"""Files no one could open are refused clearly; parsing them never hangs or kills the
worker; and a storage outage leaves no row pointing at a missing object.

The refusals run on the storage that goes with the database (local disk on SQLite, the
S3 server on PostgreSQL; see conftest.py), and check that nothing reached it.
"""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.urls import reverse

from documents.models import Document
from documents.tasks import extract_document_text
from tests.documents import files
from tests.factories import letter_form_data, letter_values, make_world, scan
from tests.workflows.walk import client_for
from workflows.models import AgendaCounter, Letter, LetterEvent
from workflows.services import letter_register


@pytest.fixture
def world(db):
    return make_world()


def post_register(world, *uploads):
    data = {**letter_form_data(), "scans": list(uploads)}
    return client_for(world.clerk).post(reverse("letter:register:execute"), data)


def form_errors(response) -> list[str]:
    form = response.context["form"]
    return [*form.errors.get("scans", []), *form.non_field_errors()]


def assert_no_rows() -> None:
    assert not Letter.objects.exists()
    assert not Document.objects.exists()
    assert not LetterEvent.objects.exists()
    assert not AgendaCounter.objects.filter(last__gt=0).exists()


def assert_registers_normally(world) -> None:
    """The worker that refused the bad file still serves the next clerk."""
    response = post_register(world, scan("surat_baik.pdf"))
    assert response.status_code == 302, form_errors(response)
    assert Letter.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "terkunci.pdf",
            files.pdf_needing_a_password(),
            "Berkas terkunci.pdf dikunci dengan kata sandi sehingga tidak dapat dibuka. "
            "Unggah salinan tanpa kata sandi atau pindai ulang suratnya.",
        ),
        (
            "rusak.pdf",
            files.MALFORMED_PDF,
            "Berkas rusak.pdf rusak dan tidak dapat dibuka sebagai PDF. Pindai ulang suratnya.",
        ),
        (
            "terpotong.pdf",
            files.TRUNCATED_PDF,
            "Berkas terpotong.pdf rusak dan tidak dapat dibuka sebagai PDF. Pindai ulang suratnya.",
        ),
        (
            "bom.png",
            files.decompression_bomb_png(),
            "Gambar bom.png terlalu besar untuk dibuka (lebih dari 80 megapiksel). "
            "Pindai ulang dengan resolusi 300 dpi.",
        ),
        (
            "rusak.jpg",
            b"\xff\xd8\xff\xe0" + b"\x00\x10JFIF" + b"\x13" * 500,
            "Gambar rusak.jpg rusak dan tidak dapat dibuka. Pindai ulang suratnya.",
        ),
    ],
    ids=["needs_password", "malformed", "truncated", "decompression_bomb", "broken_jpeg"],
)
def test_a_file_that_cannot_be_opened_is_refused_in_bahasa_indonesia(
    world, stored_objects, name, content, expected
):
    response = post_register(world, scan(name, content))
    assert response.status_code == 200
    assert form_errors(response) == [expected]
    assert expected in response.content.decode()
    assert_no_rows()
    assert stored_objects() == []
    assert_registers_normally(world)


def test_a_pdf_that_makes_the_parser_loop_is_stopped_at_the_time_limit(
    world, stored_objects, settings
):
    settings.LONTAR_VALIDATION_TIMEOUT = 2
    response = post_register(world, scan("berputar.pdf", files.pdf_that_never_finishes()))
    assert response.status_code == 200
    assert form_errors(response) == [
        "Berkas berputar.pdf tidak selesai dibaca dalam 2 detik; kemungkinan berkas rusak. "
        "Pindai ulang suratnya."
    ]
    assert_no_rows()
    assert stored_objects() == []
    assert_registers_normally(world)


def test_an_encrypted_pdf_that_opens_without_a_password_is_kept_byte_identical(world):
    """Permissions-only encryption is how signed PDFs often arrive: rewriting it to strip
    the encryption would break the signature, and any reader opens it, so it is kept."""
    content = files.pdf_with_permissions_only()
    response = post_register(world, scan("ditandatangani.pdf", content))
    assert response.status_code == 302, form_errors(response)
    document = Document.objects.get()
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    with document.file.open("rb") as stored:
        assert stored.read() == content


def test_an_image_is_accepted_with_its_page_count(world):
    response = post_register(world, scan("halaman.png", files.png(2480, 3508)))
    assert response.status_code == 302, form_errors(response)
    document = Document.objects.get()
    assert (document.content_type, document.page_count) == ("image/png", 1)


TOO_MANY_PIXELS = (
    "Gambar {name} terlalu besar untuk dibuka (lebih dari {megapixels} megapiksel). "
    "Pindai ulang dengan resolusi 300 dpi."
)


def test_an_image_of_85_megapixels_is_refused_at_upload_as_reading_would_refuse_it(
    world, stored_objects
):
    """Under Pillow's own limit (89.5 megapixels), which the upload once applied, but over
    the 80 at which reading refuses an image: accepted, the scan could never be read."""
    big = files.png(10_000, 8_500)  # one colour, 1 bit a pixel: a few kilobytes
    response = post_register(world, scan("besar.png", big))
    assert response.status_code == 200
    assert form_errors(response) == [TOO_MANY_PIXELS.format(name="besar.png", megapixels=80)]
    assert_no_rows()
    assert stored_objects() == []


def test_the_upload_and_the_reading_refuse_images_at_the_same_pixel_setting(world, settings):
    settings.LONTAR_MAX_IMAGE_PIXELS = 4_000_000
    over = files.png(2_000, 2_001)
    response = post_register(world, scan("besar.png", over))
    assert form_errors(response) == [TOO_MANY_PIXELS.format(name="besar.png", megapixels=4)]
    # The same image stored before the limit was lowered: the reader refuses it too.
    document = Document(
        original_name="lama.png",
        content_type="image/png",
        size=len(over),
        sha256=hashlib.sha256(over).hexdigest(),
        uploaded_by=world.clerk,
    )
    document.file.save("lama.png", ContentFile(over), save=False)
    document.save()
    assert extract_document_text.call(document.pk) == "failed"
    document.refresh_from_db()
    assert document.extraction_error == (
        "Gambar original.png terlalu besar untuk dibuka (lebih dari 4 megapiksel)."
    )


STORAGE_DOWN = (
    "Penyimpanan berkas sedang tidak dapat dihubungi; berkas {name} belum tersimpan dan "
    "surat belum dicatat. Coba lagi beberapa saat lagi."
)


def die_during_upload(monkeypatch, s3_server, *, after: int = 0) -> list[str]:
    """Stop the server when the storage is asked for object number ``after + 1``; it stays
    down while the form with the error is rendered (no page needs the storage), and the
    ``s3_storage`` fixture starts it again after the test."""
    storage_class = type(storages["default"])
    original_save = storage_class._save
    saved: list[str] = []

    def save(self, name, content):
        if len(saved) < after:
            saved.append(original_save(self, name, content))
            return saved[-1]
        s3_server.stop()
        return original_save(self, name, content)

    monkeypatch.setattr(storage_class, "_save", save)
    return saved


def test_the_storage_server_down_during_the_upload_gives_a_clear_error_and_no_row(
    world, s3_storage, s3_server, monkeypatch
):
    die_during_upload(monkeypatch, s3_server)
    response = post_register(world, scan("undangan.pdf"))
    assert response.status_code == 200
    assert form_errors(response) == [STORAGE_DOWN.format(name="undangan.pdf")]
    assert_no_rows()
    monkeypatch.undo()
    s3_server.start()
    assert_registers_normally(world)


def test_the_storage_server_going_down_between_two_files_saves_no_row(
    world, s3_storage, s3_server, monkeypatch
):
    """The first object is written, then the server dies before the second: the letter
    and the first document's row roll back with the transaction."""
    saved = die_during_upload(monkeypatch, s3_server, after=1)
    response = post_register(world, scan("halaman1.pdf"), scan("lampiran.pdf"))
    assert response.status_code == 200
    assert form_errors(response) == [STORAGE_DOWN.format(name="lampiran.pdf")]
    assert len(saved) == 1
    assert_no_rows()


def test_registering_while_the_storage_server_is_down_raises_a_clear_error(
    world, s3_storage, s3_server
):
    s3_server.stop()
    with pytest.raises(ValidationError) as raised:
        with transaction.atomic():
            letter_register(actor=world.clerk, values=letter_values(), uploads=[scan()])
    assert raised.value.code == "storage"
    assert raised.value.messages == [STORAGE_DOWN.format(name="undangan.pdf")]
    assert_no_rows()
