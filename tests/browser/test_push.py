"""Web Push end to end in Chromium, as far as this machine allows: Lontar encrypts and sends
the push to a push service on loopback (pywebpush, VAPID); the test decrypts it with the
subscription's keys, as the browser's push service connection would, and hands it to the
real service worker in Chromium (DevTools' ServiceWorker.deliverPushMessage, the hop a
push service such as FCM makes); the worker shows the notification, and a click on it opens
the letter's page. What is not covered: the browser's own subscription to a push service
(``pushManager.subscribe`` needs FCM, which this machine cannot reach)."""

import json

import pytest

from notifications.models import Channel, Delivery, Kind
from notifications.services import notify
from tests.browser.test_walkthrough import log_in
from tests.factories import make_world
from tests.notifications.conftest import Receiver
from tests.notifications.test_push import Browser, _subscribe, vapid  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("immediate_tasks", "vapid"),
]

TITLE = "Tugas baru: Telaah protokol, surat 0001/UND/2026"


@pytest.fixture
def world(transactional_db):
    return make_world()


@pytest.fixture
def push_service(settings):
    settings.LONTAR_OUTGOING_ALLOW_NETWORKS = ["127.0.0.1/32"]
    server = Receiver()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _registration_id(page, cdp) -> str:
    """The id DevTools gives the page's active service worker registration. DevTools
    reports it as an event after ``enable``; Playwright hands events over while it talks to
    the browser, so each round trip to the page is a chance for it to arrive."""
    found: list[str] = []
    cdp.on(
        "ServiceWorker.workerVersionUpdated",
        lambda event: found.extend(
            v["registrationId"] for v in event["versions"] if v["status"] == "activated"
        ),
    )
    cdp.send("ServiceWorker.enable")
    for _round_trip in range(1000):
        if found:
            return found[0]
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    raise AssertionError("DevTools did not report the active service worker")


def test_a_notification_reaches_the_service_worker_and_is_shown_with_its_link(
    live_server,
    world,
    settings,
    push_service,
    browser,
):
    settings.LONTAR_PUBLIC_URL = live_server.url
    keys = Browser()
    _subscribe(world.reviewer, push_service, keys)
    page = log_in(browser, live_server.url, world.reviewer.username)
    page.context.grant_permissions(["notifications"], origin=live_server.url)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    cdp = page.context.new_cdp_session(page)
    registration = _registration_id(page, cdp)

    notify(
        recipients=[world.reviewer],
        kind=Kind.TASK_NEW,
        title=TITLE,
        body="Undangan Pembukaan Pekan Imunisasi",
        url="/notifikasi/pengaturan/",
        key="push:browser:1",
    )
    assert Delivery.objects.get(channel=Channel.PUSH).status == Delivery.Status.SENT
    [sent] = push_service.seen()
    payload = keys.decrypt(sent.body)
    assert payload["title"] == TITLE

    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": live_server.url,
            "registrationId": registration,
            "data": json.dumps(payload, ensure_ascii=False),
        },
    )
    shown = page.wait_for_function(
        """async () => {
            const registration = await navigator.serviceWorker.ready;
            const shown = await registration.getNotifications();
            const rows = shown.map(n => ({title: n.title, body: n.body, url: n.data.url}));
            return rows.length ? rows : null;
        }"""
    ).json_value()
    assert shown == [
        {
            "title": TITLE,
            "body": "Undangan Pembukaan Pekan Imunisasi",
            "url": f"{live_server.url}/notifikasi/pengaturan/",
        }
    ]
