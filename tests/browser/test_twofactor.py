"""Two-factor enrollment in a real browser: a leader with no app yet is sent from the
login page to enroll, confirms with a code, sees the recovery codes, then works."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser.test_walkthrough import PHONE, TIMEOUT_MS, assert_fits_width, current_code
from tests.factories import PASSWORD, make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(transactional_db):
    return make_world()


def test_a_leader_enrolls_at_the_first_sign_in_and_then_works(live_server, world, browser, shoot):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto("/accounts/login/?next=/letter/queue/")
    page.locator("input[name=username]").fill(world.mayor_user.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.vf-form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/akun/2fa/\?next="))
    expect(page.locator(".lt-qr svg")).to_be_visible()
    pending = TOTPDevice.objects.get(user=world.mayor_user, confirmed=False)
    secret = page.locator("#totp-secret").inner_text()
    assert len(secret) == 32
    assert_fits_width(page)
    shoot(page, "twofactor-enroll.png")
    # Until enrolled, the worklists send the leader back here.
    page.goto("/letter/queue/")
    expect(page).to_have_url(re.compile(r"/akun/2fa/"))

    page.locator("input[name=code]").fill(current_code(pending))
    page.locator("form.lt-form button[type=submit]").click()
    codes = page.locator("#recovery-codes li")
    expect(codes).to_have_count(10)
    shoot(page, "twofactor-codes.png")
    page.locator("a#continue").click()
    expect(page).to_have_url(re.compile(r"/letter/queue/"))
    expect(page.locator("aside a[href='/letter/queue/']").first).to_be_attached()
    context.close()
