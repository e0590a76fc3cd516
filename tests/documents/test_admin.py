"""Originals are evidence and the access log is the record of who read them: the admin
shows both and can neither add, change nor delete them."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from documents.models import Document, DocumentAccess
from tests.factories import login_verified
from tests.workflows.walk import register


@pytest.fixture
def superuser(world) -> User:
    return User.objects.create_superuser("super_admin", "super@example.test", "x-test-123")


def test_the_admin_neither_deletes_nor_adds_an_original(world, superuser: User) -> None:
    document = register(world.clerk).documents.get()
    client = Client()
    login_verified(client, superuser)

    delete = reverse("admin:documents_document_delete", args=[document.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:documents_document_add")).status_code == 403
    assert Document.objects.filter(pk=document.pk).exists()
    # Still shown, read-only.
    view = reverse("admin:documents_document_change", args=[document.pk])
    assert client.get(view).status_code == 200


def test_the_admin_cannot_remove_a_line_of_the_access_log(world, superuser: User) -> None:
    document = register(world.clerk).documents.get()
    access = DocumentAccess.objects.create(document=document, user=world.auditor)
    client = Client()
    login_verified(client, superuser)

    delete = reverse("admin:documents_documentaccess_delete", args=[access.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert DocumentAccess.objects.filter(pk=access.pk).exists()
