"""Web Push to a push service on loopback (pywebpush, VAPID): the payload the service
worker shows, decrypted as a browser would; a gone subscription is removed."""

import base64
import json
import os

import http_ece
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid

from notifications.models import Channel, Delivery, Kind, PushSubscription
from notifications.services import notify

pytestmark = pytest.mark.usefixtures("immediate_tasks", "allow_loopback")


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@pytest.fixture
def vapid(settings):
    key = Vapid()
    key.generate_keys()
    der = key.private_key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    settings.LONTAR_VAPID_PRIVATE_KEY = b64(der)
    settings.LONTAR_VAPID_PUBLIC_KEY = b64(
        key.public_key.public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
    )
    settings.LONTAR_VAPID_SUBJECT = "mailto:protokol@palukota.go.id"
    return key


class Browser:
    """The keys a browser makes for a subscription, to decrypt what it receives."""

    def __init__(self) -> None:
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)

    @property
    def p256dh(self) -> str:
        return b64(
            self.private_key.public_key().public_bytes(
                serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
            )
        )

    def decrypt(self, body: bytes) -> dict:
        plain = http_ece.decrypt(
            body, private_key=self.private_key, auth_secret=self.auth, version="aes128gcm"
        )
        return json.loads(plain)


def _subscribe(user, receiver, browser, path="/push/browser-1"):
    return PushSubscription.objects.create(
        user=user, endpoint=receiver.url + path, p256dh=browser.p256dh, auth=b64(browser.auth)
    )


def _notify(user, capture):
    with capture(execute=True):
        notify(
            recipients=[user],
            kind=Kind.TASK_NEW,
            title="Tugas baru: Telaah protokol, surat 0001/UND/2026",
            body="Undangan Pembukaan Pekan Imunisasi",
            url="/letters/1/",
            key="task:1:new",
        )
    return Delivery.objects.get(channel=Channel.PUSH)


def test_a_push_reaches_the_browser_with_title_body_and_url(
    world, vapid, receiver, django_capture_on_commit_callbacks
):
    browser = Browser()
    _subscribe(world.reviewer, receiver, browser)
    delivery = _notify(world.reviewer, django_capture_on_commit_callbacks)
    assert delivery.status == Delivery.Status.SENT
    [request] = receiver.seen()
    assert request.path == "/push/browser-1"
    assert request.headers["Content-Encoding"] == "aes128gcm"
    assert request.headers["Authorization"].startswith("vapid t=")
    assert vapid_public_key_in(request.headers["Authorization"]) == (vapid_settings_public_key())
    assert browser.decrypt(request.body) == {
        "title": "Tugas baru: Telaah protokol, surat 0001/UND/2026",
        "body": "Undangan Pembukaan Pekan Imunisasi",
        "url": "http://127.0.0.1:8000/letters/1/",
    }


def vapid_public_key_in(header: str) -> str:
    return dict(part.split("=", 1) for part in header.removeprefix("vapid ").split(","))["k"]


def vapid_settings_public_key() -> str:
    from django.conf import settings

    return settings.LONTAR_VAPID_PUBLIC_KEY


@pytest.mark.parametrize("status", [404, 410])
def test_a_subscription_the_push_service_forgot_is_removed(
    status, world, vapid, receiver, django_capture_on_commit_callbacks
):
    receiver.status = status
    _subscribe(world.reviewer, receiver, Browser())
    delivery = _notify(world.reviewer, django_capture_on_commit_callbacks)
    assert not PushSubscription.objects.exists()
    assert delivery.status == Delivery.Status.FAILED  # nothing left to retry
    assert f"({status})" in delivery.last_error


def test_a_push_service_in_trouble_is_retried(
    world, vapid, receiver, django_capture_on_commit_callbacks
):
    receiver.status = 502
    _subscribe(world.reviewer, receiver, Browser())
    delivery = _notify(world.reviewer, django_capture_on_commit_callbacks)
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert delivery.next_attempt_at is not None
    assert PushSubscription.objects.count() == 1
