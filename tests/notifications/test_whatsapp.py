"""WhatsApp through a gateway on loopback: the form POST (Fonnte, Wablas) and the signed
webhook; a gateway down and coming back; private addresses refused."""

import hashlib
import hmac
import json
import uuid
from datetime import timedelta
from urllib.parse import parse_qs

import pytest
from django.utils import timezone

from notifications.gateways import normalize_phone
from notifications.models import Channel, Delivery, Kind, Profile
from notifications.outgoing import OutgoingError, check_url
from notifications.services import notify
from notifications.tasks import MAX_ATTEMPTS, retry_due_deliveries
from tests.notifications.conftest import WEBHOOK_SECRET

pytestmark = pytest.mark.usefixtures("immediate_tasks")


@pytest.fixture
def opted_in(world):
    Profile.objects.create(user=world.adc, phone="0812-3456-7890", whatsapp_opt_in=True)
    return world.adc


def _notify(user, capture, key="agenda:7:1"):
    with capture(execute=True):
        notify(
            recipients=[user],
            kind=Kind.AGENDA_CHANGED,
            title="Agenda Wali Kota Palu dipindah: Rapat Koordinasi",
            body="02-12-2026 09.00 WITA\nAula Bappeda",
            url="/jadwal/acara/7/",
            key=key,
        )
    return Delivery.objects.get(notification__user=user, channel=Channel.WHATSAPP)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0812-3456-7890", "6281234567890"),
        ("+62 812 3456 7890", "6281234567890"),
        ("6281234567890", "6281234567890"),
        ("812345678901", "62812345678901"),
        ("(0451) 42", ""),
        ("halo", ""),
        ("", ""),
    ],
)
def test_indonesian_numbers_are_normalised(raw, expected):
    assert normalize_phone(raw) == expected


def test_the_form_gateway_gets_token_target_and_a_short_bold_message(
    form_gateway, opted_in, django_capture_on_commit_callbacks
):
    delivery = _notify(opted_in, django_capture_on_commit_callbacks)
    assert delivery.status == Delivery.Status.SENT
    [request] = form_gateway.seen()
    assert request.path == "/send"
    assert request.headers["Authorization"] == "token-rahasia"
    fields = parse_qs(request.body.decode())
    assert fields["target"] == ["6281234567890"]
    assert fields["message"] == [
        "*Agenda Wali Kota Palu dipindah: Rapat Koordinasi*\n"
        "02-12-2026 09.00 WITA\nAula Bappeda\n"
        "http://127.0.0.1:8000/jadwal/acara/7/"
    ]


def test_field_and_header_names_are_settings(
    settings, form_gateway, opted_in, django_capture_on_commit_callbacks
):
    settings.LONTAR_WHATSAPP_TOKEN_HEADER = "X-Api-Key"
    settings.LONTAR_WHATSAPP_TARGET_FIELD = "phone"
    settings.LONTAR_WHATSAPP_MESSAGE_FIELD = "text"
    _notify(opted_in, django_capture_on_commit_callbacks)
    [request] = form_gateway.seen()
    assert request.headers["X-Api-Key"] == "token-rahasia"
    assert set(parse_qs(request.body.decode())) == {"phone", "text"}


def test_the_webhook_is_signed_timestamped_and_keyed_by_the_delivery(
    webhook_gateway, opted_in, django_capture_on_commit_callbacks
):
    delivery = _notify(opted_in, django_capture_on_commit_callbacks)
    [request] = webhook_gateway.seen()
    expected = hmac.new(WEBHOOK_SECRET.encode(), request.body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(request.headers["X-Lontar-Signature"], expected)
    payload = json.loads(request.body)
    assert payload["to"] == "6281234567890"
    assert payload["message"].startswith("*Agenda Wali Kota Palu dipindah")
    assert str(payload["timestamp"]) == request.headers["X-Lontar-Timestamp"]
    assert request.headers["Idempotency-Key"] == payload["id"] == str(delivery.uid)
    # A wrong secret would not verify.
    forged = hmac.new(b"another", request.body, hashlib.sha256).hexdigest()
    assert not hmac.compare_digest(request.headers["X-Lontar-Signature"], forged)


@pytest.mark.parametrize("outage", ["error 500", "refused"])
def test_a_gateway_down_is_retried_with_backoff_and_the_message_arrives_once(
    outage, webhook_gateway, opted_in, django_capture_on_commit_callbacks
):
    if outage == "refused":
        webhook_gateway.stop()
    else:
        webhook_gateway.status = 500
    delivery = _notify(opted_in, django_capture_on_commit_callbacks)
    assert delivery.status == Delivery.Status.PENDING
    assert delivery.attempts == 1
    assert delivery.last_error
    first_wait = delivery.next_attempt_at - timezone.now()
    assert timedelta(seconds=50) < first_wait <= timedelta(minutes=1)
    # Not due yet: the sweep leaves it alone.
    assert retry_due_deliveries()["sent"] == 0
    # Due, still down: the wait doubles.
    later = delivery.next_attempt_at + timedelta(seconds=1)
    assert retry_due_deliveries(now=later) == {"sent": 0, "failed": 1, "skipped": 0}
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    assert delivery.next_attempt_at - later == timedelta(minutes=2)
    # The gateway is back.
    if outage == "refused":
        webhook_gateway.start()
    webhook_gateway.status = 200
    before = len(webhook_gateway.seen())
    later = delivery.next_attempt_at + timedelta(seconds=1)
    assert retry_due_deliveries(now=later)["sent"] == 1
    assert retry_due_deliveries(now=later + timedelta(days=1))["sent"] == 0
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("sent", 3, "")
    arrived = webhook_gateway.seen()[before:]
    assert len(arrived) == 1
    # Every attempt carried the same idempotency key.
    keys = {r.headers["Idempotency-Key"] for r in webhook_gateway.seen()}
    assert keys == {str(delivery.uid)}


def test_after_the_last_attempt_the_delivery_fails_with_the_reason(
    webhook_gateway, opted_in, django_capture_on_commit_callbacks
):
    webhook_gateway.status = 503
    delivery = _notify(opted_in, django_capture_on_commit_callbacks)
    while delivery.status == Delivery.Status.PENDING:
        retry_due_deliveries(now=delivery.next_attempt_at + timedelta(seconds=1))
        delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts == MAX_ATTEMPTS
    assert "HTTP 503" in delivery.last_error
    assert delivery.next_attempt_at is None


def test_a_gateway_refusing_the_message_is_not_retried(
    webhook_gateway, opted_in, django_capture_on_commit_callbacks
):
    webhook_gateway.status = 401
    delivery = _notify(opted_in, django_capture_on_commit_callbacks)
    assert (delivery.status, delivery.attempts) == ("failed", 1)
    assert "HTTP 401" in delivery.last_error


def test_the_same_event_twice_sends_one_whatsapp(
    form_gateway, opted_in, django_capture_on_commit_callbacks
):
    _notify(opted_in, django_capture_on_commit_callbacks)
    _notify(opted_in, django_capture_on_commit_callbacks)
    # A sweep after a task that ran twice still finds nothing to send.
    retry_due_deliveries(now=timezone.now() + timedelta(hours=1))
    assert len(form_gateway.seen()) == 1


def test_a_step_that_notifies_does_not_wait_for_or_fail_on_the_gateway(
    settings, webhook_gateway, opted_in, django_capture_on_commit_callbacks
):
    """Without the immediate backend the delivery waits in the queue; the sweep sends
    what no worker took."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    webhook_gateway.stop()
    delivery = _notify(opted_in, django_capture_on_commit_callbacks)
    assert (delivery.status, delivery.attempts) == ("pending", 0)
    from django_tasks_db.models import DBTaskResult

    [queued] = DBTaskResult.objects.all()
    assert queued.task_path == "notifications.tasks.send_deliveries"
    webhook_gateway.start()
    assert retry_due_deliveries(now=timezone.now() + timedelta(minutes=2))["sent"] == 2
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert len(webhook_gateway.seen()) == 1


def test_private_and_loopback_addresses_are_refused_unless_allowed(
    settings, receiver, opted_in, django_capture_on_commit_callbacks
):
    settings.LONTAR_WHATSAPP_MODE = "webhook"
    settings.LONTAR_WHATSAPP_URL = receiver.url + "/hook"
    settings.LONTAR_OUTGOING_ALLOW_NETWORKS = []
    delivery = _notify(opted_in, django_capture_on_commit_callbacks)
    assert delivery.status == Delivery.Status.FAILED  # refused for good, not retried
    assert "non-public address 127.0.0.1" in delivery.last_error
    assert receiver.seen() == []
    for url in [
        "http://10.1.2.3/hook",
        "http://192.168.0.10/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]:8080/",
        "http://localhost/",
        "ftp://example.com/",
    ]:
        with pytest.raises(OutgoingError) as refused:
            check_url(url)
        assert refused.value.permanent
    settings.LONTAR_OUTGOING_ALLOW_NETWORKS = ["10.1.2.0/24"]
    check_url("http://10.1.2.3/hook")
    with pytest.raises(OutgoingError):
        check_url("http://10.1.3.3/hook")


def test_without_opt_in_no_whatsapp_is_made(
    world, form_gateway, django_capture_on_commit_callbacks
):
    Profile.objects.create(user=world.adc, phone="081234567890", whatsapp_opt_in=False)
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[world.adc], kind=Kind.REMINDER, title="x", key=str(uuid.uuid4()))
    assert not Delivery.objects.filter(channel=Channel.WHATSAPP).exists()
    assert form_gateway.seen() == []


def test_a_delivery_being_sent_is_left_to_its_sender_until_the_lease_ends(
    settings, webhook_gateway, opted_in, django_capture_on_commit_callbacks
):
    from notifications.tasks import LEASE, _claim, deliver

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    delivery = _notify(opted_in, django_capture_on_commit_callbacks)
    now = timezone.now()
    assert _claim(delivery.pk, now=now) is not None  # a worker is sending it
    # Neither a second task nor the sweep takes it meanwhile ...
    assert deliver(delivery.pk, now=now + timedelta(minutes=1)) == "skipped"
    assert retry_due_deliveries(now=now + timedelta(minutes=5))["sent"] == 1  # the e-mail
    assert webhook_gateway.seen() == []
    # ... but if that worker died, the sweep sends it when the lease is over.
    assert retry_due_deliveries(now=now + LEASE + timedelta(seconds=1))["sent"] == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("sent", 2)
    assert len(webhook_gateway.seen()) == 1
