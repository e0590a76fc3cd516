"""Passkeys as a second factor: enrolling one (with recovery codes for a first factor),
the second step with it, the list and removal on the 2FA page, who cannot, the audit
rows, and the API's token login for a passkey-only account."""

import json
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django_otp_webauthn.models import WebAuthnCredential

from audit.models import AuditEntry
from organization import twofactor
from organization.models import SecondFactorEvent
from tests.factories import PASSWORD, World, login_verified, totp_device_for
from tests.organization.softkey import SoftPasskey, b64url, unb64url
from tests.organization.test_twofactor import password_only, reaches

SETUP = "/akun/2fa/"
VERIFY = "/akun/verifikasi/"
BASE = "/akun/kunci-sandi/"
REGISTER_BEGIN, REGISTER_COMPLETE = BASE + "pendaftaran/mulai/", BASE + "pendaftaran/selesai/"
AUTH_BEGIN, AUTH_COMPLETE = BASE + "verifikasi/mulai/", BASE + "verifikasi/selesai/"


def post_json(client: Client, url: str, data: dict | None = None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def enroll_passkey(client: Client, *, open_page: bool = True) -> SoftPasskey:
    """Register a software passkey through the package's endpoints, as the page's script
    does (the begin and complete requests), then open the 2FA page as the script does:
    ``key.codes`` are the recovery codes it shows, if this was the first factor."""
    key = SoftPasskey()
    options = post_json(client, REGISTER_BEGIN)
    assert options.status_code == 200, options.content
    done = post_json(client, REGISTER_COMPLETE, key.create(options.json()))
    assert done.status_code == 200, done.content
    key.codes = codes_on(client.get(SETUP)) if open_page else []
    return key


def sign_in_with(client: Client, key: SoftPasskey, next_url: str = "/letters/"):
    options = post_json(client, AUTH_BEGIN)
    assert options.status_code == 200, options.content
    return post_json(client, f"{AUTH_COMPLETE}?next={next_url}", key.get(options.json()))


def codes_on(response) -> list[str]:
    return re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())


# Enrolling


def test_a_leader_with_no_second_factor_enrolls_a_passkey_and_gets_recovery_codes(
    world: World,
):
    client = password_only(world.mayor_user)
    page = client.get(SETUP, {"next": "/letters/"})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="passkey-register-button"' in html and 'id="otp_webauthn_config"' in html
    assert "localhost:8000" in html  # the development caveat, the RP ID being localhost
    assert not reaches(client, "/letters/")

    key = enroll_passkey(client, open_page=False)

    (passkey,) = WebAuthnCredential.objects.filter(user=world.mayor_user)
    assert passkey.credential_id == key.credential_id and passkey.name == "Kunci sandi 1"
    event = SecondFactorEvent.objects.get(user=world.mayor_user)
    assert (event.action, event.by, event.reason) == ("passkey_add", world.mayor_user, passkey.name)
    # The first factor signs the session in; its recovery codes are shown once.
    assert reaches(client, "/letters/")
    shown = client.get(SETUP, {"next": "/letters/"})
    assert len(codes_on(shown)) == 10 == twofactor.recovery_codes_left(world.mayor_user)
    assert 'href="/letters/"' in shown.content.decode()
    again = client.get(SETUP)
    assert codes_on(again) == []
    assert "Kunci sandi 1" in again.content.decode()


def test_a_second_passkey_makes_no_new_recovery_codes(world: World):
    client = password_only(world.mayor_user)
    first = enroll_passkey(client)
    second = enroll_passkey(client)
    assert second.codes == []
    assert twofactor.recovery_codes_left(world.mayor_user) == len(first.codes) == 10
    names = [p.name for p in twofactor.passkeys(world.mayor_user)]
    assert names == ["Kunci sandi 1", "Kunci sandi 2"]


def test_the_password_alone_cannot_add_a_passkey_to_an_enrolled_account(world: World):
    totp_device_for(world.auditor)
    client = password_only(world.auditor)
    refused = post_json(client, REGISTER_BEGIN)
    assert refused.status_code == 403
    assert refused.json()["code"] == "user_not_verified"
    assert not WebAuthnCredential.objects.filter(user=world.auditor).exists()


def test_an_app_user_adds_a_passkey_beside_the_app(world: World):
    client = login_verified(Client(), world.auditor)
    enroll_passkey(client)
    assert twofactor.totp_device(world.auditor) is not None
    assert twofactor.has_passkey(world.auditor)


def test_a_passkey_user_may_add_an_authenticator_app_too(world: World):
    client = password_only(world.mayor_user)
    enroll_passkey(client)
    status = client.get(SETUP)
    assert "tambah=aplikasi" in status.content.decode()
    page = client.get(SETUP, {"tambah": "aplikasi"})
    assert 'id="totp-secret"' in page.content.decode()


# The second step


def test_a_passkey_signs_in_at_the_second_step_and_back_to_where_they_were(world: World):
    key = enroll_passkey(password_only(world.mayor_user))
    client = password_only(world.mayor_user)
    response = client.get("/letters/")
    assert response["Location"].startswith(VERIFY)
    page = client.get(response["Location"]).content.decode()
    assert 'id="passkey-verification-button"' in page and 'id="otp_webauthn_config"' in page
    assert "Verifikasi dengan kunci sandi Anda untuk melanjutkan" in page
    before = client.session.session_key

    done = sign_in_with(client, key, "/letters/")

    assert done.status_code == 200, done.content
    assert done.json()["redirect_url"] == "/letters/"
    assert client.session.session_key != before
    assert reaches(client, "/letters/")
    passkey = WebAuthnCredential.objects.get(user=world.mayor_user)
    assert passkey.last_used_at is not None and passkey.sign_count == 1


def test_a_next_address_elsewhere_is_not_followed_after_a_passkey(world: World):
    key = enroll_passkey(password_only(world.mayor_user))
    done = sign_in_with(password_only(world.mayor_user), key, "https://evil.example/")
    assert done.status_code == 200 and done.json()["redirect_url"] == "/"


def test_the_verify_page_offers_a_passkey_only_to_an_account_with_one(world: World):
    totp_device_for(world.auditor)
    page = password_only(world.auditor).get(VERIFY).content.decode()
    assert "passkey-verification-button" not in page and "otp_webauthn_config" not in page


def test_a_passkey_user_may_still_use_a_recovery_code(world: World):
    codes = enroll_passkey(password_only(world.mayor_user)).codes
    client = password_only(world.mayor_user)
    response = client.post(VERIFY, {"code": codes[0], "next": "/letters/"})
    assert response.status_code == 302 and response["Location"] == "/letters/"
    assert reaches(client, "/letters/")


def test_a_refused_passkey_writes_an_audit_row_and_signs_nobody_in(world: World):
    key = enroll_passkey(password_only(world.mayor_user))
    client = password_only(world.mayor_user)
    mark = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    options = post_json(client, AUTH_BEGIN).json()
    answer = key.get(options)
    signature = bytearray(unb64url(answer["response"]["signature"]))
    signature[-1] ^= 1
    answer["response"]["signature"] = b64url(bytes(signature))

    refused = post_json(client, AUTH_COMPLETE, answer)

    assert refused.status_code == 422  # the signature does not verify
    (row,) = AuditEntry.objects.filter(id__gt=mark, action="auth.otp_failed")
    assert (row.actor, row.after) == (world.mayor_user, {"method": "passkey"})
    assert not reaches(client, "/letters/")


def test_someone_elses_passkey_does_not_sign_me_in(world: World):
    key = enroll_passkey(password_only(world.mayor_user))
    other = password_only(world.auditor)
    totp_device_for(world.auditor)
    refused = sign_in_with(other, key)
    assert refused.status_code == 403
    assert refused.json()["code"] == "credential_user_mismatch"
    assert not reaches(other, "/letters/")


def test_the_passkey_endpoints_need_the_password_first(world: World):
    key = enroll_passkey(password_only(world.mayor_user))
    anonymous = Client()
    assert post_json(anonymous, AUTH_BEGIN).status_code == 403  # no passwordless login
    assert post_json(anonymous, REGISTER_BEGIN).status_code == 403
    answer = key.get({"rpId": "localhost", "challenge": "eA"})
    assert post_json(anonymous, AUTH_COMPLETE, answer).status_code in (400, 403)
    assert not anonymous.session.get("_auth_user_id")


# The list and removal


def test_the_2fa_page_lists_the_passkeys_with_when_registered_and_last_used(world: World):
    key = enroll_passkey(password_only(world.mayor_user))
    client = password_only(world.mayor_user)
    assert sign_in_with(client, key).status_code == 200
    html = client.get(SETUP).content.decode()
    (row,) = re.findall(r'<tr class="lt-passkey-row".*?</tr>', html, re.S)
    passkey = WebAuthnCredential.objects.get(user=world.mayor_user)
    assert passkey.name in row and "belum pernah" not in row
    assert row.count(f"{passkey.created_at.year}") == 2


def test_the_last_passkey_of_a_leader_cannot_be_removed(world: World):
    client = password_only(world.mayor_user)
    enroll_passkey(client)
    html = client.get(SETUP).content.decode()
    assert "Kunci sandi 1" in html and "lt-passkey-remove" not in html
    passkey = WebAuthnCredential.objects.get(user=world.mayor_user)
    refused = client.post(SETUP, {"action": "remove_passkey", "passkey": passkey.pk})
    assert refused.status_code == 403
    assert WebAuthnCredential.objects.filter(pk=passkey.pk).exists()


def test_a_leader_with_two_passkeys_removes_one_and_it_is_recorded(world: World):
    client = password_only(world.mayor_user)
    enroll_passkey(client)
    enroll_passkey(client)
    first, second = twofactor.passkeys(world.mayor_user)
    response = client.post(SETUP, {"action": "remove_passkey", "passkey": second.pk})
    assert response.status_code == 302
    assert twofactor.passkeys(world.mayor_user) == [first]
    event = SecondFactorEvent.objects.filter(user=world.mayor_user).first()
    assert (event.action, event.reason) == ("passkey_remove", "Kunci sandi 2")
    assert "Kunci sandi “Kunci sandi 2” dihapus." in client.get(SETUP).content.decode()


def test_removing_the_passkey_the_session_was_verified_with_asks_for_another(world: World):
    client = password_only(world.mayor_user)
    enroll_passkey(client)  # the session is verified with this one
    other = enroll_passkey(client)
    first = twofactor.passkeys(world.mayor_user)[0]
    assert client.post(SETUP, {"action": "remove_passkey", "passkey": first.pk}).status_code == 302
    assert client.get(SETUP)["Location"].startswith(VERIFY)
    assert sign_in_with(client, other).status_code == 200
    assert reaches(client, "/letters/")


def test_a_leader_with_an_app_may_remove_every_passkey(world: World):
    client = login_verified(Client(), world.mayor_user)
    enroll_passkey(client)
    passkey = WebAuthnCredential.objects.get(user=world.mayor_user)
    assert "lt-passkey-remove" in client.get(SETUP).content.decode()
    remove = {"action": "remove_passkey", "passkey": passkey.pk}
    assert client.post(SETUP, remove).status_code == 302
    assert not twofactor.has_passkey(world.mayor_user)


def test_a_clerk_removing_the_last_passkey_switches_the_second_factor_off(world: World):
    client = password_only(world.clerk)
    enroll_passkey(client)
    passkey = WebAuthnCredential.objects.get(user=world.clerk)
    remove = {"action": "remove_passkey", "passkey": passkey.pk}
    assert client.post(SETUP, remove).status_code == 302
    assert not twofactor.has_second_factor(world.clerk)


def test_someone_else_cannot_remove_my_passkey(world: World):
    enroll_passkey(password_only(world.mayor_user))
    mine = WebAuthnCredential.objects.get(user=world.mayor_user)
    for user in (world.auditor, world.clerk):
        other = login_verified(Client(), user)
        enroll_passkey(other)  # so that the status page, with its remove form, is theirs
        response = other.post(SETUP, {"action": "remove_passkey", "passkey": mine.pk})
        assert response.status_code == 404
    assert WebAuthnCredential.objects.filter(pk=mine.pk).exists()
    assert not SecondFactorEvent.objects.filter(action="passkey_remove").exists()


def test_removing_needs_the_second_factor_given_and_a_signed_in_user(world: World):
    first = password_only(world.mayor_user)
    enroll_passkey(first)
    enroll_passkey(first)
    passkey = twofactor.passkeys(world.mayor_user)[0]
    data = {"action": "remove_passkey", "passkey": passkey.pk}
    password_alone = password_only(world.mayor_user).post(SETUP, data)
    assert password_alone.status_code == 302 and password_alone["Location"].startswith(VERIFY)
    anonymous = Client().post(SETUP, data)
    assert anonymous["Location"].startswith("/accounts/login/")
    assert len(twofactor.passkeys(world.mayor_user)) == 2


def test_an_administrators_reset_removes_the_passkeys_too(world: World):
    enroll_passkey(password_only(world.mayor_user))
    superuser = User.objects.create_superuser("root", "root@example.test", PASSWORD)
    twofactor.second_factor_reset(user=world.mayor_user, by=superuser, reason="Ponsel hilang")
    assert not twofactor.has_second_factor(world.mayor_user)


# The API's token login


def test_a_passkey_only_account_is_told_the_api_takes_a_recovery_code(world: World):
    codes = enroll_passkey(password_only(world.mayor_user)).codes
    data = {"username": world.mayor_user.username, "password": PASSWORD}
    refused = post_json(Client(), "/api/v1/auth/login/", data)
    assert refused.status_code == 400
    message = refused.json()["error"]["fields"]["otp"]
    assert "kunci sandi" in str(message) and "kode pemulihan" in str(message)
    ok = post_json(Client(), "/api/v1/auth/login/", {**data, "otp": codes[0]})
    assert ok.status_code == 200, ok.content
    assert ok.json()["token"]


def test_an_account_with_an_app_and_a_passkey_logs_in_to_the_api_with_the_app(world: World):
    from tests.api.conftest import current_code

    client = login_verified(Client(), world.mayor_user)
    enroll_passkey(client)
    data = {"username": world.mayor_user.username, "password": PASSWORD}
    refused = post_json(Client(), "/api/v1/auth/login/", data)
    assert "kunci sandi" not in str(refused.json()["error"]["fields"]["otp"])
    ok = post_json(Client(), "/api/v1/auth/login/", {**data, "otp": current_code(world.mayor_user)})
    assert ok.status_code == 200


@pytest.mark.parametrize(
    ("rp_id", "trusted", "expected"),
    [
        ("localhost", [], ["http://localhost:8000"]),
        (
            "lontar.palukota.go.id",
            ["https://lontar.palukota.go.id", "https://other.example", "https://*.go.id"],
            ["https://lontar.palukota.go.id"],
        ),
        ("palukota.go.id", ["https://lontar.palukota.go.id/"], ["https://lontar.palukota.go.id"]),
    ],
)
def test_the_allowed_origins_follow_the_rp_id_and_the_trusted_origins(rp_id, trusted, expected):
    from config.settings import webauthn_origins

    assert webauthn_origins(rp_id, trusted) == expected


def test_the_rp_id_is_the_public_host_or_localhost():
    from config.settings import webauthn_rp_id

    assert webauthn_rp_id([]) == "localhost"
    assert webauthn_rp_id(["https://*.go.id", "https://lontar.palukota.go.id"]) == (
        "lontar.palukota.go.id"
    )


def test_the_passkey_scripts_speak_indonesian(world: World):
    catalogue = Client().get(BASE + "jsi18n/").content.decode()
    for text in ("Mendaftarkan...", "Memverifikasi...", "Kunci sandi terdaftar."):
        assert text in catalogue
