"""The S3-compatible storage going down takes only the files with it: every page still
renders, an upload is refused with a clear message, and opening a file says why it cannot
be opened instead of failing with a server error."""

import pytest
from django.urls import reverse

from documents.models import Document
from tests.documents import files
from tests.factories import letter_form_data, make_world, scan
from tests.workflows.walk import client_for
from workflows.models import Letter

STORAGE_DOWN = (
    "Penyimpanan berkas sedang tidak dapat dihubungi; berkas {name} belum tersimpan dan "
    "surat belum dicatat. Coba lagi beberapa saat lagi."
)
CANNOT_OPEN = "Penyimpanan berkas sedang tidak dapat dihubungi"


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture
def letter(world, s3_storage):
    """A registered letter with its original in the bucket, made while the server is up."""
    response = client_for(world.clerk).post(
        reverse("letter:register:execute"),
        {**letter_form_data(), "scans": [scan("undangan.pdf", files.pdf_with_pages(1))]},
    )
    assert response.status_code == 302, response.context["form"].errors
    return Letter.objects.get()


@pytest.fixture
def outage(s3_server, letter):
    """The storage server is down for the rest of the test (``s3_storage`` restarts it)."""
    s3_server.stop()
    return s3_server


def page_urls(letter: Letter) -> dict[str, str]:
    return {
        "inbox": reverse("letter:inbox"),
        "letter list": reverse("letters:index"),
        "letter page": reverse("letters:detail", args=[letter.pk]),
        "register page": reverse("letter:register:execute"),
    }


def test_the_pages_render_while_the_storage_server_is_down(world, letter, outage):
    clerk = client_for(world.clerk)
    statuses = {name: clerk.get(url).status_code for name, url in page_urls(letter).items()}
    assert statuses == dict.fromkeys(statuses, 200)


def test_the_pages_never_ask_the_storage_for_an_avatar(world, letter, s3_server, monkeypatch):
    """Not even while it is up: viewflow's avatar lookup would cost every page a request
    to the object storage (and a user cannot upload an avatar here anyway)."""
    from viewflow.contrib import auth

    def refuse(user):
        raise AssertionError("the avatar was looked up in the storage")

    monkeypatch.setattr(auth, "get_user_avatar_url", refuse)
    clerk = client_for(world.clerk)
    page = clerk.get(reverse("letters:index"))
    assert page.status_code == 200
    assert 'class="vf-page__menu-avatar"' in page.content.decode()


def test_uploading_while_the_storage_server_is_down_gives_the_clear_error(world, letter, outage):
    response = client_for(world.clerk).post(
        reverse("letter:register:execute"),
        {**letter_form_data(), "scans": [scan("susulan.pdf")]},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [STORAGE_DOWN.format(name="susulan.pdf")]
    assert STORAGE_DOWN.format(name="susulan.pdf") in response.content.decode()
    assert Letter.objects.count() == 1
    assert Document.objects.count() == 1


def test_opening_a_file_while_the_storage_server_is_down_says_so(world, letter, outage):
    document = letter.documents.get()
    response = client_for(world.clerk).get(
        reverse("letters:document", args=[letter.pk, document.pk])
    )
    assert response.status_code == 503
    assert response["Retry-After"]
    assert CANNOT_OPEN in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_the_file_opens_again_once_the_storage_server_is_back(world, letter, outage):
    outage.start()
    document = letter.documents.get()
    response = client_for(world.clerk).get(
        reverse("letters:document", args=[letter.pk, document.pk])
    )
    assert response.status_code == 302
    assert "X-Amz-Signature" in response["Location"]
