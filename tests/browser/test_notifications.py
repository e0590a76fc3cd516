"""The bell and the notification pages on a phone, in Chromium: the count, the list,
opening one, marking all read, the settings; nothing wider than the screen."""

import pytest
from playwright.sync_api import expect

from notifications.models import Kind, Notification
from notifications.services import notify
from tests.browser.test_walkthrough import PHONE, assert_fits_width, log_in
from tests.factories import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(transactional_db):
    return make_world()


def test_the_bell_the_list_and_the_settings_on_a_phone(live_server, world, browser, shoot):
    for n, title in enumerate(
        [
            "Tugas baru: Telaah protokol, surat 0001/UND/2026",
            "Disposisi tertunda: 0002/UND/2026 Undangan Peresmian Pasar Inpres Manonda",
        ]
    ):
        notify(
            recipients=[world.adc],
            kind=Kind.TASK_NEW,
            title=title,
            body="Undangan Pembukaan Pekan Imunisasi\n02-12-2026 09.00 WITA",
            url="/letters/",
            key=f"browser:{n}",
        )
    page = log_in(browser, live_server.url, world.adc.username, viewport=PHONE, is_mobile=True)
    bell = page.locator("a.lt-bell")
    expect(bell.locator(".lt-bell__count")).to_have_text("2")
    assert_fits_width(page)
    bell.click()
    expect(page).to_have_url(f"{live_server.url}/notifikasi/")
    expect(page.locator(".lt-notification--unread")).to_have_count(2)
    assert_fits_width(page)
    shoot(page, "notifications-phone.png")
    page.get_by_role("button", name="Tugas baru: Telaah protokol").click()
    expect(page).to_have_url(f"{live_server.url}/letters/")
    expect(page.locator(".lt-bell__count")).to_have_text("1")
    page.goto("/notifikasi/")
    page.get_by_role("button", name="Tandai semua dibaca").click()
    expect(page.locator(".lt-notification--unread")).to_have_count(0)
    expect(page.locator(".lt-bell__count")).to_have_count(0)
    assert not Notification.objects.filter(user=world.adc, read_at__isnull=True).exists()

    page.goto("/notifikasi/pengaturan/")
    page.locator("#id_phone").fill("0812 3456 7890")
    page.locator("#id_whatsapp_opt_in").check()
    assert_fits_width(page)
    shoot(page, "notification-settings-phone.png")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("status").first).to_contain_text("disimpan")
    expect(page.locator("#id_phone")).to_have_value("6281234567890")
