"""The agenda-item admin only shows items: a change by hand goes through the agenda pages
(``agenda_item_update``), which raise SEQUENCE, record who changed what and push the
change to the calendars; an edit in the admin would do none of that."""

import pytest
from django.contrib.admin.sites import site
from django.contrib.auth.models import User
from django.test import Client, RequestFactory
from django.urls import reverse

from calendar_sync.models import AgendaItem, AgendaItemChange
from tests.factories import World, agenda_item, login_verified, wita


@pytest.fixture
def superuser(world: World) -> User:
    return User.objects.create_superuser("super_admin", "super@example.test", "x-test-123")


@pytest.fixture
def item(world: World) -> AgendaItem:
    return agenda_item(world.mayor, wita(9), wita(12), title="Rapat koordinasi")


def test_the_admin_refuses_to_change_an_agenda_item(superuser: User, item: AgendaItem) -> None:
    client = Client()
    login_verified(client, superuser)
    url = reverse("admin:calendar_sync_agendaitem_change", args=[item.pk])
    data = {
        "official": item.official_id,
        "title": "Diubah lewat admin",
        "kind": item.kind,
        "start_0": "2026-12-02",
        "start_1": "10:00:00",
        "end_0": "2026-12-02",
        "end_1": "13:00:00",
        "time_zone": item.time_zone,
        "venue": "Ruang lain",
        "status": item.status,
        "visibility": item.visibility,
        "created_by": superuser.pk,
    }

    response = client.post(url, data)

    assert response.status_code == 403
    item.refresh_from_db()
    assert (item.title, item.start, item.venue, item.sequence) == (
        "Rapat koordinasi",
        wita(9),
        "Aula Dinas Kesehatan",
        0,
    )
    assert not AgendaItemChange.objects.filter(item=item).exists()


def test_the_admin_shows_an_item_and_points_to_its_agenda_page(
    superuser: User, item: AgendaItem
) -> None:
    client = Client()
    login_verified(client, superuser)

    page = client.get(reverse("admin:calendar_sync_agendaitem_change", args=[item.pk]))

    assert page.status_code == 200
    assert reverse("jadwal:item", args=[item.pk]) in page.content.decode()
    assert 'name="_save"' not in page.content.decode()


def test_the_admin_cannot_add_change_or_delete_agenda_items(
    superuser: User, item: AgendaItem
) -> None:
    request = RequestFactory().get("/admin/")
    request.user = superuser
    model_admin = site._registry[AgendaItem]

    assert model_admin.has_view_permission(request, item)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, item)
    assert not model_admin.has_delete_permission(request, item)
