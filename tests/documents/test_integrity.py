"""``verify_documents`` re-reads every original, checks the derived files, and lists
objects no document refers to; on local disk and on S3."""

import hashlib
import io
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.urls import reverse

from documents.models import Document
from documents.services import document_store
from tests.documents import files
from tests.factories import letter_form_data, make_world, scan
from tests.workflows.walk import client_for, do_task
from workflows.models import Letter


@pytest.fixture
def world(db):
    return make_world()


def store(world, name: str, content: bytes) -> Document:
    return document_store(upload=scan(name, content), uploaded_by=world.clerk)


def overwrite(document: Document, content: bytes, any_storage, request) -> None:
    """Change an original behind the application's back (bit rot, a careless admin)."""
    if any_storage is None:
        Path(document.file.path).write_bytes(content)
    else:
        client = request.getfixturevalue("s3_server").client()
        client.put_object(Bucket=any_storage, Key=document.file.name, Body=content)


def remove(document: Document, any_storage, request) -> None:
    if any_storage is None:
        Path(document.file.path).unlink()
    else:
        client = request.getfixturevalue("s3_server").client()
        client.delete_object(Bucket=any_storage, Key=document.file.name)


def verify(*args: str) -> tuple[str, CommandError | None]:
    out = io.StringIO()
    try:
        call_command("verify_documents", *args, stdout=out)
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


def test_intact_originals_pass(world, any_storage):
    store(world, "a.pdf", files.pdf_with_pages(1))
    store(world, "b.png", files.png(200, 300))
    out, error = verify()
    assert error is None
    assert out.strip() == "2 berkas diperiksa: 0 hilang, 0 berubah."


def test_a_changed_and_a_missing_original_are_listed_and_fail_the_command(
    world, any_storage, request
):
    kept = store(world, "utuh.pdf", files.pdf_with_pages(1))
    altered = store(world, "diubah.pdf", files.pdf_with_pages(2))
    gone = store(world, "hilang.pdf", files.pdf_with_pages(3))
    replacement = files.pdf_with_pages(1)
    overwrite(altered, replacement, any_storage, request)
    remove(gone, any_storage, request)

    out, error = verify()

    assert error is not None and error.returncode != 0
    assert str(error) == "3 berkas diperiksa: 1 hilang, 1 berubah."
    lines = out.strip().splitlines()
    assert lines[0] == (
        f"BERUBAH\t{altered.pk}\t{altered.file.name}\t"
        f"tercatat {altered.sha256} terbaca {hashlib.sha256(replacement).hexdigest()}"
    )
    assert lines[1] == f"HILANG\t{gone.pk}\t{gone.file.name}"
    assert kept.file.name not in out


def test_a_failed_check_exits_with_code_one(world, media_root):
    document = store(world, "a.pdf", files.MINIMAL_PDF)
    Path(document.file.path).write_bytes(b"%PDF-1.4 diganti")
    with pytest.raises(CommandError) as raised:
        call_command("verify_documents", stdout=io.StringIO())
    assert raised.value.returncode == 1


def test_registering_a_file_already_on_record_warns_with_the_earlier_agenda_number(
    world, any_storage
):
    content = files.pdf_with_pages(1)
    clerk = client_for(world.clerk)
    url = reverse("letter:register:execute")
    first = clerk.post(url, {**letter_form_data(), "scans": [scan("a.pdf", content)]})
    assert first.status_code == 302
    second = clerk.post(
        url, {**letter_form_data(), "scans": [scan("salinan.pdf", content)]}, follow=True
    )
    shown = [str(message) for message in second.context["messages"]]
    assert any(
        "Perhatian: berkas yang sama persis sudah tercatat pada surat 0001/UND/2026." in text
        for text in shown
    ), shown
    # Both uploads are kept, each its own row over the same bytes.
    same_bytes = Document.objects.filter(sha256=hashlib.sha256(content).hexdigest())
    assert list(same_bytes) == list(Document.objects.order_by("pk"))
    assert same_bytes.count() == 2


def test_a_corrected_upload_adds_a_version_and_keeps_the_first(world, any_storage):
    first_scan, corrected_scan = files.pdf_with_pages(1), files.pdf_with_pages(2)
    clerk = client_for(world.clerk)
    response = clerk.post(
        reverse("letter:register:execute"),
        {**letter_form_data(), "scans": [scan("undangan.pdf", first_scan)]},
    )
    assert response.status_code == 302
    letter = Letter.objects.get()
    do_task(world.reviewer, letter, "review", {"decision": "return", "note": "Halaman 2?"})
    do_task(
        world.clerk,
        letter,
        "correct",
        {
            **letter_form_data(),
            "note": "Halaman kedua ditambahkan.",
            "scans": [
                scan("undangan.pdf", corrected_scan),
                scan("lampiran.png", files.png(10, 10)),
            ],
        },
    )
    original, version, attachment = letter.documents.order_by("pk")
    assert version.previous_version == original
    assert attachment.previous_version is None
    with original.file.open("rb") as stored:
        assert stored.read() == first_scan  # the first upload is kept, untouched
    with version.file.open("rb") as stored:
        assert stored.read() == corrected_scan
    page = clerk.get(reverse("letters:detail", args=[letter.pk])).content.decode()
    assert "Versi perbaikan dari undangan.pdf" in page


def add_derived_files(document: Document) -> Document:
    """What the background reading leaves beside an original."""
    document.searchable_pdf.save("cari.pdf", ContentFile(files.pdf_with_pages(1)), save=False)
    document.thumbnail.save("kecil.png", ContentFile(files.png(20, 30)), save=False)
    document.save(update_fields=["searchable_pdf", "thumbnail"])
    return document


def test_derived_files_are_checked_and_count_as_referenced(world, any_storage):
    add_derived_files(store(world, "a.pdf", files.pdf_with_pages(1)))
    out, error = verify("--grace-minutes=0")
    assert error is None
    assert out.strip() == "3 berkas diperiksa: 0 hilang, 0 berubah."


def test_a_missing_derived_file_is_listed_and_fails_the_command(world, any_storage, request):
    document = add_derived_files(store(world, "a.pdf", files.pdf_with_pages(1)))
    if any_storage is None:
        Path(document.thumbnail.path).unlink()
    else:
        client = request.getfixturevalue("s3_server").client()
        client.delete_object(Bucket=any_storage, Key=document.thumbnail.name)
    out, error = verify()
    assert error is not None and error.returncode == 1
    assert str(error) == "3 berkas diperiksa: 1 hilang, 0 berubah."
    assert out.strip().splitlines() == [f"HILANG\t{document.pk}\t{document.thumbnail.name}"]


def test_an_upload_whose_row_was_rolled_back_is_listed_as_an_object_without_a_document(
    world, any_storage
):
    """The database failing after the object was written leaves the object behind."""
    kept = store(world, "utuh.pdf", files.pdf_with_pages(1))
    with pytest.raises(RuntimeError), transaction.atomic():
        lost = store(world, "yatim.pdf", files.pdf_with_pages(2))
        raise RuntimeError("the database went away before the commit")
    assert not Document.objects.filter(pk=lost.pk).exists()
    assert default_storage.exists(lost.file.name)
    stray = default_storage.save("thumbnails/2026/01/sisa.png", ContentFile(files.png(5, 5)))

    out, error = verify("--grace-minutes=0")

    assert error is None  # orphans alone do not fail the check
    assert sorted(out.strip().splitlines()[:-1]) == [
        f"TANPA DOKUMEN\t{lost.file.name}",
        f"TANPA DOKUMEN\t{stray}",
    ]
    assert out.strip().splitlines()[-1] == (
        "1 berkas diperiksa: 0 hilang, 0 berubah. 2 objek tanpa dokumen."
    )
    assert kept.file.name not in out


def test_strict_makes_an_object_without_a_document_fail_the_command(world, any_storage):
    store(world, "utuh.pdf", files.pdf_with_pages(1))
    default_storage.save("originals/2026/01/sisa.pdf", ContentFile(files.MINIMAL_PDF))
    out, error = verify("--strict", "--grace-minutes=0")
    assert error is not None and error.returncode == 1
    assert str(error) == "1 berkas diperiksa: 0 hilang, 0 berubah. 1 objek tanpa dokumen."
    assert out.strip() == "TANPA DOKUMEN\toriginals/2026/01/sisa.pdf"


def test_a_recent_object_may_still_be_on_its_way_to_the_database(world, any_storage):
    """Within the grace period an upload may be between its object and its row."""
    default_storage.save("originals/2026/01/baru.pdf", ContentFile(files.MINIMAL_PDF))
    out, error = verify("--strict")
    assert error is None
    assert out.strip() == "0 berkas diperiksa: 0 hilang, 0 berubah."


def test_objects_outside_the_document_directories_are_not_listed(world, any_storage):
    default_storage.save("avatars/7.png", ContentFile(files.png(5, 5)))
    default_storage.save("lain/catatan.txt", ContentFile(b"bukan dokumen"))
    out, error = verify("--strict", "--grace-minutes=0")
    assert error is None
    assert out.strip() == "0 berkas diperiksa: 0 hilang, 0 berubah."


def test_any_other_storage_backend_is_listed_through_listdir(world, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    kept = store(world, "utuh.pdf", files.pdf_with_pages(1))
    stray = default_storage.save("derived/2026/01/sisa.pdf", ContentFile(files.MINIMAL_PDF))
    out, error = verify("--grace-minutes=0")
    assert error is None
    assert out.strip().splitlines() == [
        f"TANPA DOKUMEN\t{stray}",
        "1 berkas diperiksa: 0 hilang, 0 berubah. 1 objek tanpa dokumen.",
    ]
    assert kept.file.name not in out


def test_the_storage_server_down_stops_the_check_with_a_clear_error(world, s3_storage, s3_server):
    document = store(world, "a.pdf", files.pdf_with_pages(1))
    s3_server.stop()
    out, error = verify()
    assert error is not None and error.returncode == 1
    assert str(error).startswith("Penyimpanan tidak dapat dihubungi (")
    assert str(error).endswith(f"pemeriksaan berhenti di dokumen {document.pk}.")
    assert out == ""
