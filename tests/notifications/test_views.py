"""The bell, the list, marking read, the settings page and the push subscription
endpoint: each user sees and changes only their own."""

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import (
    Channel,
    Kind,
    Notification,
    Preference,
    Profile,
    PushSubscription,
)
from notifications.services import notify
from tests.factories import login_verified
from tests.workflows.walk import client_for

INDEX = "/notifikasi/"


def _notify(users, key, title="Tugas baru: Telaah protokol, surat 0001/UND/2026", url="/letters/"):
    return notify(recipients=users, kind=Kind.TASK_NEW, title=title, url=url, key=key)


def test_the_bell_shows_my_unread_count_on_every_page_in_one_query(world):
    _notify([world.reviewer], "a")
    _notify([world.reviewer], "b")
    _notify([world.clerk], "c")
    client = client_for(world.reviewer)
    for page in ["/letters/", "/jadwal/", INDEX]:
        response = client.get(page)
        assert response.status_code == 200, page
        assert b'class="lt-bell__count" data-unread="2"' in response.content, page
    with CaptureQueriesContext(connection) as queries:
        client.get("/letters/")
    counting = [q for q in queries.captured_queries if "notifications_notification" in q["sql"]]
    assert len(counting) == 1
    Notification.objects.filter(user=world.reviewer).update(read_at="2026-12-01T00:00Z")
    assert b"lt-bell__count" not in client.get("/letters/").content


def test_the_list_shows_only_my_notifications(world):
    _notify([world.reviewer], "a", title="Untuk penelaah")
    _notify([world.clerk], "b", title="Untuk persuratan")
    page = client_for(world.reviewer).get(INDEX).content.decode()
    assert "Untuk penelaah" in page
    assert "Untuk persuratan" not in page


def test_opening_one_marks_it_read_and_goes_to_its_page(world):
    [mine] = _notify([world.reviewer], "a", url="/letters/")
    response = client_for(world.reviewer).post(reverse("notifikasi:open", args=[mine.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/letters/"
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_a_link_elsewhere_is_not_followed(world):
    [mine] = _notify([world.reviewer], "a", url="https://evil.example/")
    response = client_for(world.reviewer).post(reverse("notifikasi:open", args=[mine.pk]))
    assert response["Location"] == INDEX


def test_mark_all_read(world):
    _notify([world.reviewer], "a")
    _notify([world.reviewer], "b")
    [other] = _notify([world.clerk], "c")
    response = client_for(world.reviewer).post(reverse("notifikasi:read_all"))
    assert response.status_code == 302
    assert not Notification.objects.filter(user=world.reviewer, read_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.read_at is None  # not mine: untouched


def test_someone_else_cannot_open_or_mark_my_notification(world):
    [mine] = _notify([world.reviewer], "a")
    client = client_for(world.clerk)
    response = client.post(reverse("notifikasi:open", args=[mine.pk]))
    assert response.status_code == 404
    mine.refresh_from_db()
    assert mine.read_at is None


def test_marking_read_needs_a_post(world):
    [mine] = _notify([world.reviewer], "a")
    response = client_for(world.reviewer).get(reverse("notifikasi:open", args=[mine.pk]))
    assert response.status_code == 405
    mine.refresh_from_db()
    assert mine.read_at is None


@pytest.mark.parametrize(
    ("method", "name", "args"),
    [
        ("get", "notifikasi:index", []),
        ("get", "notifikasi:settings", []),
        ("post", "notifikasi:read_all", []),
        ("post", "notifikasi:open", [1]),
        ("post", "notifikasi:push_subscribe", []),
        ("post", "notifikasi:push_unsubscribe", []),
    ],
)
def test_anonymous_is_sent_to_the_login(world, method, name, args):
    response = getattr(Client(), method)(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_settings_page_saves_number_opt_in_digest_and_channels(world):
    client = client_for(world.adc)
    page = client.get(reverse("notifikasi:settings"))
    assert page.status_code == 200
    assert page.context["form"][f"c_{Kind.REMINDER}_{Channel.EMAIL}"].value() is True
    assert page.context["form"][f"c_{Kind.REMINDER}_{Channel.WHATSAPP}"].value() is True
    data = {
        "phone": "0812 3456 7890",
        "whatsapp_opt_in": "on",
        "email_digest": "on",
        f"c_{Kind.REMINDER}_{Channel.WHATSAPP}": "on",
        f"c_{Kind.AGENDA_DIGEST}_{Channel.WHATSAPP}": "on",
    }
    response = client.post(reverse("notifikasi:settings"), data)
    assert response.status_code == 302
    profile = Profile.objects.get(user=world.adc)
    assert (profile.phone, profile.whatsapp_opt_in, profile.email_digest) == (
        "6281234567890",
        True,
        True,
    )
    assert profile.whatsapp_opt_in_at is not None
    chosen = {(p.kind, p.channel): p.enabled for p in Preference.objects.filter(user=world.adc)}
    assert chosen[(Kind.REMINDER, Channel.WHATSAPP)] is True
    assert chosen[(Kind.REMINDER, Channel.EMAIL)] is False
    assert chosen[(Kind.TASK_NEW, Channel.WHATSAPP)] is False
    assert (Kind.REMINDER, Channel.IN_APP) not in chosen  # always on
    # The choices take effect.
    [notification] = notify(recipients=[world.adc], kind=Kind.REMINDER, title="x", key="r")
    assert [d.channel for d in notification.deliveries.all()] == [Channel.WHATSAPP]
    assert not Preference.objects.filter(user=world.reviewer).exists()


def test_opting_in_to_whatsapp_needs_a_valid_number(world):
    client = client_for(world.adc)
    response = client.post(
        reverse("notifikasi:settings"), {"phone": "halo", "whatsapp_opt_in": "on"}
    )
    assert response.status_code == 200
    assert "Nomor WhatsApp tidak dikenali" in response.content.decode()
    response = client.post(reverse("notifikasi:settings"), {"phone": "", "whatsapp_opt_in": "on"})
    assert "Isi nomor WhatsApp" in response.content.decode()
    assert not Profile.objects.filter(user=world.adc, whatsapp_opt_in=True).exists()


SUBSCRIPTION = {
    "endpoint": "https://fcm.googleapis.com/fcm/send/abc123",
    "keys": {
        "p256dh": "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1X",
        "auth": "tBHItJI5svbpez7KI4CCXg",
    },
}


def test_a_browser_subscribes_and_unsubscribes(world):
    client = client_for(world.adc)
    url = reverse("notifikasi:push_subscribe")
    response = client.post(url, json.dumps(SUBSCRIPTION), content_type="application/json")
    assert response.status_code == 201
    subscription = PushSubscription.objects.get()
    assert subscription.user == world.adc
    # Someone else cannot remove my browser's subscription.
    other = client_for(world.clerk).post(
        reverse("notifikasi:push_unsubscribe"),
        json.dumps({"endpoint": SUBSCRIPTION["endpoint"]}),
        content_type="application/json",
    )
    assert other.json()["deleted"] == 0
    assert PushSubscription.objects.filter(user=world.adc).exists()
    response = client.post(
        reverse("notifikasi:push_unsubscribe"),
        json.dumps({"endpoint": SUBSCRIPTION["endpoint"]}),
        content_type="application/json",
    )
    assert response.json()["deleted"] == 1
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        json.dumps({"endpoint": "http://10.0.0.1/push", "keys": SUBSCRIPTION["keys"]}),
        json.dumps({"endpoint": SUBSCRIPTION["endpoint"]}),
        json.dumps([1, 2]),
    ],
)
def test_a_bad_subscription_is_refused(world, body):
    response = client_for(world.adc).post(
        reverse("notifikasi:push_subscribe"), body, content_type="application/json"
    )
    assert response.status_code == 400
    assert not PushSubscription.objects.exists()


def test_the_delivery_log_is_read_only_in_the_admin(world):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", "root@example.test", "x")
    [notification] = _notify([world.reviewer], "a")
    delivery = notification.deliveries.get()
    client = login_verified(Client(), admin)
    assert client.get(reverse("admin:notifications_delivery_changelist")).status_code == 200
    page = client.get(reverse("admin:notifications_delivery_change", args=[delivery.pk]))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert client.get(reverse("admin:notifications_delivery_add")).status_code == 403
    assert (
        client.get(
            reverse("admin:notifications_notification_change", args=[notification.pk])
        ).status_code
        == 200
    )
    # Someone without the admin gets no log.
    assert (
        client_for(world.reviewer)
        .get(reverse("admin:notifications_delivery_changelist"))
        .status_code
        == 302
    )
