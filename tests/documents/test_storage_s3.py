"""Originals on the S3-compatible server: stored byte-identical, never overwritten, and
opened only through the permission-checked view, which redirects to a short-lived link."""

import hashlib
import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from documents.models import Document, DocumentAccess
from tests.documents import files
from tests.factories import letter_form_data, make_user, make_world, scan
from tests.workflows.walk import client_for
from workflows.models import Letter


@pytest.fixture
def world(db):
    return make_world()


def register_with(world, *uploads):
    data = {**letter_form_data(), "scans": list(uploads)}
    response = client_for(world.clerk).post(reverse("letter:register:execute"), data)
    assert response.status_code == 302, response.context["form"].errors
    return Letter.objects.latest("pk")


def fetch(url: str) -> tuple[int, bytes, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), dict(exc.headers)


def test_an_original_is_stored_in_the_bucket_byte_identical(world, s3_storage, s3_server):
    content = files.pdf_with_permissions_only()  # a "signed" PDF must not be rewritten
    letter = register_with(world, scan("surat_bertanda_tangan.pdf", content))
    document = letter.documents.get()
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.size == len(content)
    assert document.content_type == "application/pdf"
    assert document.page_count == 1
    assert document.uploaded_by == world.clerk
    assert document.file.name.startswith("originals/")
    assert s3_server.object_path(s3_storage, document.file.name).read_bytes() == content
    with default_storage.open(document.file.name, "rb") as stored:
        assert stored.read() == content


def test_the_same_name_twice_never_overwrites_an_object(world, s3_storage, s3_server):
    one_page, two_pages = files.pdf_with_pages(1), files.pdf_with_pages(2)
    first = register_with(world, scan("scan.pdf", one_page))
    second = register_with(world, scan("scan.pdf", two_pages))
    a, b = first.documents.get(), second.documents.get()
    assert a.file.name != b.file.name
    assert s3_server.object_path(s3_storage, a.file.name).read_bytes() == one_page
    assert s3_server.object_path(s3_storage, b.file.name).read_bytes() == two_pages
    assert (a.page_count, b.page_count) == (1, 2)


def test_opening_an_original_redirects_to_a_short_lived_link_and_is_logged(world, s3_storage):
    content = files.pdf_with_pages(2)
    letter = register_with(world, scan("undangan.pdf", content))
    document = letter.documents.get()
    response = client_for(world.clerk).get(
        reverse("letters:document", args=[letter.pk, document.pk])
    )
    assert response.status_code == 302
    url = response["Location"]
    query = parse_qs(urlsplit(url).query)
    assert url.startswith("http://127.0.0.1:")
    assert query["X-Amz-Expires"] == ["300"]
    status, body, headers = fetch(url)
    assert status == 200
    assert body == content
    assert headers["Content-Type"] == "application/pdf"
    assert DocumentAccess.objects.filter(document=document, user=world.clerk).count() == 1


def test_the_object_cannot_be_fetched_without_the_signature(world, s3_storage, s3_server):
    letter = register_with(world, scan())
    document = letter.documents.get()
    bare = f"{s3_server.endpoint}/{s3_storage}/{document.file.name}"
    status, _body, _headers = fetch(bare)
    assert status in (400, 401, 403)


def test_someone_who_may_not_see_the_letter_gets_no_link_and_no_log(world, s3_storage):
    letter = register_with(world, scan())
    document = letter.documents.get()
    stranger = make_user("orang_lain")
    response = client_for(stranger).get(reverse("letters:document", args=[letter.pk, document.pk]))
    assert response.status_code in (403, 404)
    assert "X-Amz" not in response.get("Location", "")
    assert not DocumentAccess.objects.exists()


def test_on_local_storage_the_original_is_streamed_through_the_view(world, media_root):
    content = files.pdf_with_pages(1)
    letter = register_with(world, scan("undangan.pdf", content))
    document = letter.documents.get()
    response = client_for(world.clerk).get(
        reverse("letters:document", args=[letter.pk, document.pk])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "application/pdf"
    assert DocumentAccess.objects.filter(document=document).count() == 1
    assert Document.objects.get().file.path.startswith(str(media_root))
