"""Lontar on a phone (390 px) in Debian's Chromium: the leader's inbox as cards, no
sideways scrolling on any worklist, the installable app (manifest, service worker) and
today's agenda read offline. Every wait is on an event or on what the page shows."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from organization.models import Region
from tests.browser.test_walkthrough import PHONE, assert_fits_width, log_in
from tests.factories import make_world
from tests.workflows.walk import do_task, register, review_forward
from workflows.models import Letter, LetterState

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AGENDA_NUMBER = "0001/UND/2026"


@pytest.fixture
def world(transactional_db):
    return make_world()


def phone(browser: Browser, base_url: str, username: str) -> Page:
    return log_in(browser, base_url, username, viewport=PHONE, is_mobile=True, has_touch=True)


def test_the_leader_finds_the_letter_as_a_card_in_his_inbox_and_disposes(
    live_server, world, browser, shoot
):
    letter = register(world.clerk, urgency="sangat_segera", security_class="terbatas")
    review_forward(world.reviewer, letter, world.mayor)

    mayor = phone(browser, live_server.url, world.mayor_user.username)
    mayor.goto("/letter/inbox/")
    card = mayor.locator("tr.lt-work", has_text=AGENDA_NUMBER)
    expect(card).to_have_count(1)
    for text in ("Dinas Kesehatan Kota Palu", "Undangan Pembukaan Pekan Imunisasi"):
        expect(card).to_contain_text(text)
    expect(card.locator(".lt-work__event")).to_contain_text("02-12-2026 09.00–12.00 WITA")
    expect(card.locator(".lt-badge")).to_have_text(["Sangat Segera", "Terbatas"])
    expect(card.locator(".lt-work__due")).to_contain_text("WITA")
    # A card, not a squeezed table row: one column of text beside the picture.
    assert card.locator(".lt-work__subject").bounding_box()["width"] > 250
    assert_fits_width(mayor)
    shoot(mayor, "leader-inbox-phone.png")

    card.locator(".lt-work__number a").click()
    expect(mayor).to_have_url(re.compile(r"/letter/\d+/dispose/\d+/execute/$"))
    mayor.locator("#field-outcome").get_by_label("Hadir", exact=True).check()
    mayor.locator("form.lt-form .lt-submit").click()
    expect(mayor.get_by_text(f"Surat {AGENDA_NUMBER}: Didisposisi.")).to_be_visible()
    assert Letter.objects.get(pk=letter.pk).state == LetterState.DISPOSED
    mayor.goto("/letter/inbox/")
    expect(mayor.locator("tr.lt-work", has_text=AGENDA_NUMBER)).to_have_count(0)


WORKLISTS = ["/letter/inbox/", "/letter/queue/", "/letter/archive/", "/letters/"]


@pytest.mark.parametrize(
    "username", ["clerk", "reviewer", "mayor_user", "adc", "scheduler", "auditor"]
)
def test_no_worklist_scrolls_sideways_on_a_phone(live_server, world, browser, username):
    for subject in ("Undangan Rapat Koordinasi Percepatan Penurunan Stunting Tingkat Kota", "B"):
        letter = register(world.clerk, subject=subject, sender="Sekretariat Daerah " * 8)
        review_forward(world.reviewer, letter, world.mayor)
    do_task(world.adc, letter, "dispose", {"outcome": "attend"})
    page = phone(browser, live_server.url, getattr(world, username).username)
    pages = [*WORKLISTS, "/letter/"] if username in ("clerk", "reviewer", "auditor") else WORKLISTS
    for url in pages:
        page.goto(url)
        expect(page.locator("main")).to_be_visible()
        assert_fits_width(page)


def _agenda_today(world) -> tuple[str, str]:
    """A letter scheduled for today on the mayor's agenda; its day page's URL."""
    today = timezone.now().astimezone(Region.current().zone).date()
    letter = register(
        world.clerk,
        event_title="Rapat Kerja Luring",
        local_start=f"{today}T20:00",
        local_end=f"{today}T21:00",
    )
    review_forward(world.reviewer, letter, world.mayor)
    do_task(world.mayor_user, letter, "dispose", {"outcome": "attend"})
    do_task(world.scheduler, letter, "schedule", {"visibility": "internal", "confirmed": "on"})
    day = reverse("jadwal:official_day", args=[world.mayor.pk])
    return f"{day}?day={today.isoformat()}", "Rapat Kerja Luring"


def test_the_app_installs_and_todays_agenda_opens_offline(live_server, world, browser):
    agenda_url, title = _agenda_today(world)
    tomorrow = timezone.now().astimezone(Region.current().zone).date() + timedelta(days=1)
    mayor = phone(browser, live_server.url, world.mayor_user.username)

    # The manifest is linked and reads as an installable app's.
    href = mayor.locator("link[rel=manifest]").get_attribute("href")
    manifest = mayor.request.get(href).json()
    assert manifest["display"] == "standalone" and manifest["lang"] == "id"
    # The service worker registers for the whole site and takes the page over.
    scope = mayor.evaluate("navigator.serviceWorker.ready.then((r) => r.scope)")
    assert scope == live_server.url + "/"
    mayor.evaluate(
        "window.lontarServiceWorker.then(() => navigator.serviceWorker.ready)"
        ".then((r) => !!r.active)"
    )
    # A page loaded under the worker tells it who is here; it keeps today's and
    # tomorrow's agenda and says so on the page.
    mayor.goto("/letter/inbox/")
    expect(mayor.locator("html[data-offline-ready='1']")).to_be_attached()
    assert mayor.locator("html").get_attribute("data-offline-pages") == "2"

    mayor.context.set_offline(True)
    mayor.goto(agenda_url)
    expect(mayor.get_by_text(title)).to_be_visible()
    mayor.goto(f"{agenda_url[: -len('2026-12-01')]}{tomorrow.isoformat()}")
    expect(mayor.locator("main")).to_be_visible()
    # Anything else: the offline page, listing what is kept.
    mayor.goto("/letters/")
    expect(mayor.get_by_text("Anda sedang tidak tersambung ke internet")).to_be_visible()
    expect(mayor.locator("#lt-offline-pages a")).to_have_count(2)
    assert_fits_width(mayor)

    # Back online, logging out leaves nothing of the mayor on the device.
    mayor.context.set_offline(False)
    mayor.goto("/letter/inbox/")
    mayor.evaluate(
        "fetch('/accounts/logout/', {method: 'POST', headers: {'X-CSRFToken':"
        " document.querySelector('[name=csrfmiddlewaretoken]').value}}).then((r) => r.status)"
    )
    mayor.goto("/accounts/login/")
    kept = mayor.evaluate("caches.keys()")
    assert "lontar-pages" not in kept, kept
