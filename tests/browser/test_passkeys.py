"""Passkeys in a real browser: Chromium's virtual authenticator (DevTools' WebAuthn domain,
a platform authenticator with user verification) stands in for a phone's fingerprint. A
leader with no second factor registers a passkey at the first sign-in, keeps the recovery
codes, and signs in the next time with the passkey at the second step.

The page is opened at http://localhost:<port>: WebAuthn refuses an IP address as the
relying party, so the test server's 127.0.0.1 would not do."""

import re
from urllib.parse import urlsplit

import pytest
from django_otp_webauthn.models import WebAuthnCredential
from playwright.sync_api import expect

from organization.models import SecondFactorEvent
from tests.browser.test_content_policy import VIOLATION
from tests.browser.test_walkthrough import PHONE, TIMEOUT_MS, assert_fits_width
from tests.factories import PASSWORD, make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AUTHENTICATOR = {
    "protocol": "ctap2",
    "transport": "internal",
    "hasResidentKey": True,
    "hasUserVerification": True,
    "isUserVerified": True,
}


@pytest.fixture
def world(transactional_db):
    return make_world()


@pytest.fixture
def localhost_url(live_server, settings) -> str:
    base = f"http://localhost:{urlsplit(live_server.url).port}"
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [base]
    return base


def sign_in_with_password(page, username: str, next_url: str) -> None:
    page.goto(f"/accounts/login/?next={next_url}")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.vf-form button[type=submit]").click()


def test_a_leader_registers_a_passkey_then_signs_in_with_it(localhost_url, world, browser, shoot):
    context = browser.new_context(base_url=localhost_url, viewport=PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    # The passkey pages' scripts (the package's and Lontar's) run under the strict policy,
    # and without an error. (viewflow's own script on the worklists is not theirs.)
    refused = []
    page.on("console", lambda m: refused.append(m.text) if VIOLATION.search(m.text) else None)
    page.on(
        "pageerror",
        lambda error: refused.append(f"{page.url} {error}") if "/akun/" in page.url else None,
    )
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    authenticator = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": AUTHENTICATOR})
    leader = world.mayor_user

    # First sign-in: no second factor yet, so the enrollment page, with the passkey option.
    sign_in_with_password(page, leader.username, "/letter/queue/")
    expect(page).to_have_url(re.compile(r"/akun/2fa/\?next="))
    register = page.locator("#passkey-register-button")
    expect(register).to_be_visible()
    expect(register).to_have_text("Daftarkan kunci sandi")
    assert_fits_width(page)
    shoot(page, "passkey-enroll.png")
    register.click()

    # The first factor comes with recovery codes, shown once.
    codes = page.locator("#recovery-codes li")
    expect(codes).to_have_count(10)
    (passkey,) = WebAuthnCredential.objects.filter(user=leader)
    assert SecondFactorEvent.objects.filter(user=leader, action="passkey_add").exists()
    stored = cdp.send(
        "WebAuthn.getCredentials", {"authenticatorId": authenticator["authenticatorId"]}
    )
    assert len(stored["credentials"]) == 1
    page.locator("a#continue").click()
    expect(page).to_have_url(re.compile(r"/letter/queue/"))

    # The 2FA page lists it.
    page.goto("/akun/2fa/")
    expect(page.locator(".lt-passkey-row")).to_have_count(1)
    expect(page.locator(".lt-passkey-row")).to_contain_text(passkey.name)
    assert_fits_width(page)
    shoot(page, "passkey-list.png")

    # Log out (the page's own button), then the next sign-in: the password, then the
    # passkey at the second step.
    page.locator(".lt-toolbar form[action$='/logout/'] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    sign_in_with_password(page, leader.username, "/letter/queue/")
    expect(page).to_have_url(re.compile(r"/akun/verifikasi/\?next="))
    verify = page.locator("#passkey-verification-button")
    expect(verify).to_be_visible()
    expect(verify).to_have_text("Verifikasi dengan kunci sandi")
    shoot(page, "passkey-verify.png")
    verify.click()
    expect(page).to_have_url(re.compile(r"/letter/queue/"))
    expect(page.locator("aside a[href='/letter/queue/']").first).to_be_attached()
    passkey.refresh_from_db()
    assert passkey.last_used_at is not None
    assert refused == []
    context.close()
