"""Response headers: Permissions-Policy everywhere; private pages and files not stored."""

from django.test import Client

from tests.workflows.walk import client_for, register


def test_a_signed_in_page_and_a_document_are_not_stored(world):
    letter = register(world.clerk)
    client = client_for(world.clerk)
    page = client.get(f"/letters/{letter.pk}/")
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    document = letter.documents.get()
    download = client.get(f"/letters/{letter.pk}/dokumen/{document.pk}/")
    assert download.status_code in (200, 302)
    assert "no-store" in download["Cache-Control"]


def test_the_public_agenda_stays_cacheable_and_every_answer_has_a_permissions_policy(db):
    response = Client().get("/agenda/")
    assert response["Cache-Control"] == "public, max-age=60"
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "microphone=()" in Client().get("/accounts/login/")["Permissions-Policy"]
