"""A letter's files on its pages: the original, the searchable PDF/A and the thumbnail,
each through the permission-checked view; openings of what can be read are logged."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from documents.models import DocumentAccess
from documents.services import document_store
from tests.factories import MINIMAL_PDF
from tests.workflows.walk import client_for, register


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (30, 42), "white").save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def letter_with_derived(world):
    letter = register(world.clerk)
    document = letter.documents.get()
    document.thumbnail.save("thumb.jpg", ContentFile(jpeg()), save=False)
    document.searchable_pdf.save("searchable.pdf", ContentFile(MINIMAL_PDF), save=False)
    document.save()
    return letter, document


def derived_url(letter, document, kind: str) -> str:
    return reverse("letters:document_derived", args=[letter.pk, document.pk, kind])


def test_the_thumbnail_is_served_without_an_access_line(world, letter_with_derived):
    letter, document = letter_with_derived
    response = client_for(world.reviewer).get(derived_url(letter, document, "thumbnail"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == jpeg()
    assert DocumentAccess.objects.count() == 0


def test_the_searchable_pdf_is_served_and_its_opening_logged(world, letter_with_derived):
    letter, document = letter_with_derived
    response = client_for(world.auditor).get(derived_url(letter, document, "pdfa"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == MINIMAL_PDF
    access = DocumentAccess.objects.get()
    assert (access.document, access.user) == (document, world.auditor)


def test_a_derived_file_not_made_yet_or_unknown_is_not_found(world):
    letter = register(world.clerk)
    document = letter.documents.get()
    client = client_for(world.reviewer)
    assert client.get(derived_url(letter, document, "pdfa")).status_code == 404
    assert client.get(derived_url(letter, document, "thumbnail")).status_code == 404
    assert client.get(derived_url(letter, document, "source")).status_code == 404
    assert DocumentAccess.objects.count() == 0


def test_someone_who_may_not_see_the_letter_gets_no_file(world, letter_with_derived):
    letter, document = letter_with_derived
    outsider = client_for(world.dept_officer)  # another department's letters only
    letter.sender_department = None
    letter.save(update_fields=["sender_department"])
    assert outsider.get(derived_url(letter, document, "thumbnail")).status_code == 404
    assert outsider.get(derived_url(letter, document, "pdfa")).status_code == 404


def test_the_pages_show_the_thumbnail_and_the_searchable_pdf(world, letter_with_derived):
    letter, document = letter_with_derived
    client = client_for(world.reviewer)
    detail = client.get(reverse("letters:detail", args=[letter.pk])).content.decode()
    assert derived_url(letter, document, "thumbnail") in detail
    assert derived_url(letter, document, "pdfa") in detail
    assert "Pembacaan isi" in detail
    listing = client.get(reverse("letters:index")).content.decode()
    assert derived_url(letter, document, "thumbnail") in listing


def test_a_letter_without_derived_files_shows_no_broken_images(world):
    letter = register(world.clerk)
    client = client_for(world.reviewer)
    detail = client.get(reverse("letters:detail", args=[letter.pk])).content.decode()
    listing = client.get(reverse("letters:index")).content.decode()
    assert 'class="lt-thumb' not in detail
    assert 'class="lt-thumb' not in listing
    assert "PDF/A dapat dicari" not in detail


def test_the_letter_page_shows_the_text_read_from_each_file_escaped(world):
    letter = register(world.clerk)
    document = letter.documents.get()
    document.text = "Nomor : 440/1/Dinkes/2026\n<script>alert(1)</script>"
    document.save(update_fields=["text"])
    page = client_for(world.auditor).get(reverse("letters:detail", args=[letter.pk]))
    html = page.content.decode()
    assert "Teks hasil baca" in html
    assert "Nomor : 440/1/Dinkes/2026" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html


def test_the_letter_page_reads_corrected_files_in_a_fixed_number_of_queries(world):
    letter = register(world.clerk)
    client = client_for(world.reviewer)
    url = reverse("letters:detail", args=[letter.pk])
    client.get(url)  # warm the session, the region and the user's roles

    def page_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = page_queries()
    previous = letter.documents.get()
    for number in range(3):
        upload = SimpleUploadedFile(f"perbaikan-{number}.pdf", MINIMAL_PDF + b"%" * number)
        previous = document_store(upload=upload, uploaded_by=world.clerk, previous_version=previous)
        letter.documents.add(previous)
    response = client.get(url)
    assert response.content.count(b"Versi perbaikan dari") == 3
    assert page_queries() == before
