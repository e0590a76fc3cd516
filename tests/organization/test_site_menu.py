"""The applications' menu is kept per user, permissions and language, and never shows one
user's applications to another."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from organization.models import Role
from tests.workflows.walk import client_for

pytestmark = pytest.mark.django_db


def _menu(user, language: str = "id") -> str:
    client = client_for(user)
    client.cookies["django_language"] = language
    html = client.get(reverse("letters:index")).content.decode()
    primary = html.split('<div class="vf-page__menu-primary">', 1)[1]
    return primary.split('<div class="vf-page__menu-secondary">', 1)[0]


def test_each_user_sees_the_applications_they_may_open(world):
    auditor = _menu(world.auditor)
    clerk = _menu(world.clerk)
    assert "/audit/" in auditor
    assert "/audit/" not in clerk
    assert _menu(world.clerk) == clerk  # the kept menu, the same


def test_a_role_given_shows_in_the_menu_at_once(world):
    # A role comes with its permissions, so the kept menu is not the one to show.
    assert "/laporan/" not in _menu(world.clerk)
    world.clerk.groups.add(Group.objects.get(name=str(Role.PROTOCOL_REVIEWER)))
    assert "/laporan/" in _menu(world.clerk)


def test_the_menu_follows_the_language(world):
    with translation.override("id"):
        indonesian = _menu(world.auditor, "id")
    english = _menu(world.auditor, "en")
    assert indonesian != english
