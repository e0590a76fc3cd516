"""The installable app's files, and what the offline list tells each user."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from organization.models import Region
from tests.workflows.walk import client_for

pytestmark = pytest.mark.django_db


def test_the_manifest_names_the_app_in_indonesian_with_installable_icons(world):
    response = Client().get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/manifest+json")
    manifest = json.loads(response.content)
    assert (manifest["name"], manifest["short_name"], manifest["lang"]) == ("Lontar",) * 2 + ("id",)
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/"
    assert "undangan" in manifest["description"]
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        png = Client().get(icon["src"])
        assert png.status_code == 200
        body = b"".join(png.streaming_content) if png.streaming else png.content
        assert body.startswith(b"\x89PNG")
        width = int.from_bytes(body[16:20], "big")
        assert f"{width}x{width}" == icon["sizes"]


def test_the_service_worker_is_served_from_the_root_for_the_whole_site(world):
    response = Client().get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    script = response.content.decode()
    assert 'const VERSION = "0";' not in script  # stamped with its content's hash
    for handler in ("install", "fetch", "push", "notificationclick"):
        assert f'addEventListener("{handler}"' in script
    assert '"/luring/"' in script and "/static/viewflow/css/viewflow.min.css" in script


@pytest.mark.parametrize("username", ["clerk", "mayor_user", "adc", "auditor"])
def test_every_page_links_the_manifest_and_says_who_is_signed_in(world, username):
    user = getattr(world, username)
    html = client_for(user).get(reverse("letters:index")).content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert f'<meta name="lontar-user" content="{user.pk}">' in html


def test_signed_out_pages_say_nobody_is_signed_in_and_the_offline_page_says_nothing(world):
    for url in ("/accounts/login/", "/agenda/", "/permohonan/publik/"):
        html = Client().get(url).content.decode()
        assert '<link rel="manifest"' in html, url
        assert '<meta name="lontar-user" content="">' in html, url
    offline = client_for(world.mayor_user).get("/luring/")
    assert offline.status_code == 200
    html = offline.content.decode()
    assert 'name="lontar-user"' not in html and world.mayor_user.username not in html
    assert "tidak tersambung" in html


def _kept(user) -> dict:
    return json.loads(client_for(user).get("/luring/daftar.json").content)


def test_a_leader_and_their_ajudan_keep_the_leaders_agenda_for_today_and_tomorrow(world):
    today = timezone.now().astimezone(Region.current().zone).date()
    days = [today.isoformat(), (today + timedelta(days=1)).isoformat()]
    base = reverse("jadwal:official_day", args=[world.mayor.pk])
    expected = [f"{base}?day={day}" for day in days]
    for user in (world.mayor_user, world.adc):
        kept = _kept(user)
        assert kept["user"] == user.pk
        assert [page["url"] for page in kept["pages"]] == expected
        assert "hari ini" in kept["pages"][0]["label"] and "besok" in kept["pages"][1]["label"]
        for url in expected:  # and may open them
            assert client_for(user).get(url).status_code == 200


def test_someone_else_keeps_no_leaders_agenda(world):
    mayor_day = reverse("jadwal:official_day", args=[world.mayor.pk])
    for user in (world.deputy_adc, world.clerk, world.dept_officer):
        assert all(mayor_day not in page["url"] for page in _kept(user)["pages"])
    assert json.loads(Client().get("/luring/daftar.json").content) == {"user": None, "pages": []}


def test_logging_out_clears_the_sites_caches_and_storage(world):
    client = client_for(world.mayor_user)
    response = client.post(reverse("logout"))
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert "Clear-Site-Data" not in client.get("/accounts/login/")
