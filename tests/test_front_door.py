"""``/`` for a visitor, a newcomer and staff."""

from django.urls import reverse

from tests.factories import make_user
from tests.workflows.walk import client_for


def test_a_visitor_at_the_root_gets_the_login_page(client, db):
    response = client.get("/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    assert 'name="password"' in response.content.decode()


def test_a_signed_in_newcomer_without_a_role_is_told_what_to_do(world):
    response = client_for(make_user("pegawai_baru")).get("/")
    assert response.status_code == 200
    assert "belum diberi peran" in response.content.decode()


def test_staff_land_on_their_work(world):
    response = client_for(world.clerk).get("/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[0][0] == "/letter/"
