"""Two-factor authentication: who must, the second step of signing in, enrollment,
recovery codes, the throttle, switching off and the administrator's reset."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from organization import twofactor
from organization.models import SecondFactorEvent
from tests.factories import PASSWORD, World, login_verified, totp_device_for

VERIFY = "/akun/verifikasi/"
SETUP = "/akun/2fa/"
PAGES = ["/letter/", "/letters/", "/jadwal/", "/agenda/tautan/", "/admin/", "/"]
MUST = ["mayor_user", "adc", "auditor", "admin"]


def code_for(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def password_only(user: User) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def reaches(client: Client, path: str) -> bool:
    """Whether a page answers without sending the user to a second-factor page."""
    response = client.get(path)
    location = response.headers.get("Location", "")
    return not (response.status_code == 302 and location.startswith("/akun/"))


def enroll(client: Client, user: User) -> list[str]:
    """Enroll an app through the page; returns the recovery codes it shows."""
    page = client.get(SETUP)
    assert page.status_code == 200
    pending = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(SETUP, {"code": code_for(pending), "next": "/letter/"})
    assert response.status_code == 200
    return re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())


# Who must


@pytest.mark.parametrize("role_user", MUST)
def test_a_role_that_must_reaches_no_page_after_the_password_alone(world: World, role_user):
    user = getattr(world, role_user)
    totp_device_for(user)
    client = password_only(user)
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == f"{VERIFY}?next={path.replace('/', '%2F')}", path


@pytest.mark.parametrize("role_user", MUST)
def test_a_role_that_must_but_has_no_app_is_sent_to_enroll(world: World, role_user):
    client = password_only(getattr(world, role_user))
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(f"{SETUP}?next="), path
    # Nor can a post get past (a task form, the admin).
    assert client.post("/letters/", {}).status_code == 302
    # Only the second-factor pages, logout and the language switch are open.
    assert client.get(SETUP).status_code == 200
    assert client.get(VERIFY)["Location"] == SETUP
    assert reaches(client, "/i18n/setlang/")
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_superuser_must_too(world: World):
    superuser = User.objects.create_superuser("root", "root@example.test", PASSWORD)
    assert twofactor.requires_second_factor(superuser)
    assert not reaches(password_only(superuser), "/admin/")


def test_who_must_have_a_second_factor(world: World):
    must = {name for name in MUST + ["deputy_adc"]}
    for name in ["clerk", "reviewer", "scheduler", "dept_officer", *must]:
        assert twofactor.requires_second_factor(getattr(world, name)) == (name in must), name


# The second step


def test_the_right_code_lets_a_leader_in_and_back_to_where_they_were(world: World):
    device = totp_device_for(world.mayor_user)
    client = password_only(world.mayor_user)
    page = client.get(f"{VERIFY}?next=/letters/")
    assert page.status_code == 200
    assert "Verifikasi dua langkah" in page.content.decode()
    key_before = client.session.session_key
    code = code_for(device)
    response = client.post(VERIFY, {"code": code, "next": "/letters/"})
    assert response.status_code == 302
    assert response["Location"] == "/letters/"
    assert client.session.session_key != key_before
    for path in PAGES[:-2]:
        assert reaches(client, path), path
    assert client.get("/letters/").status_code == 200
    # The same code cannot be replayed, not even in its own half-minute. The very code
    # used, not the app's code of now: that is a new one once the half-minute has passed.
    client.post(reverse("logout"))
    again = password_only(world.mayor_user)
    assert again.post(VERIFY, {"code": code}).status_code == 200
    assert not reaches(again, "/letters/")


def test_a_wrong_code_is_refused_with_a_message_and_counts_toward_the_throttle(world: World):
    device = totp_device_for(world.auditor)
    client = password_only(world.auditor)
    wrong = f"{(int(code_for(device)) + 1) % 1000000:06d}"
    response = client.post(VERIFY, {"code": wrong, "next": "/letters/"})
    assert response.status_code == 200
    assert "Kode salah atau sudah dipakai" in response.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    assert not reaches(client, "/letters/")


def test_a_throttled_device_refuses_even_the_right_code_and_says_how_long_to_wait(
    world: World,
):
    device = totp_device_for(world.adc)
    # Ten wrong codes before, the last one just now: 512 seconds to wait.
    device.throttling_failure_count = 10
    device.throttling_failure_timestamp = timezone.now()
    device.save()
    client = password_only(world.adc)
    response = client.post(VERIFY, {"code": code_for(device)})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Terlalu banyak percobaan: tunggu" in text
    assert re.search(r"tunggu (51[0-2]) detik", text)
    assert not reaches(client, "/letters/")
    # Once the wait is over, the right code works.
    device.throttling_failure_timestamp = timezone.now() - timedelta(seconds=513)
    device.save()
    assert client.post(VERIFY, {"code": code_for(device)}).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_the_refusal_is_in_english_for_an_english_browser(world: World):
    totp_device_for(world.auditor)
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.login(username=world.auditor.username, password=PASSWORD)
    response = client.post(VERIFY, {"code": "000000"})
    assert "Wrong code, or one already used" in response.content.decode()


def test_a_next_address_elsewhere_is_not_followed(world: World):
    device = totp_device_for(world.mayor_user)
    client = password_only(world.mayor_user)
    response = client.post(VERIFY, {"code": code_for(device), "next": "https://evil.test/"})
    assert response["Location"] == "/"


def test_the_pages_need_a_signed_in_user(world: World):
    for path in (VERIFY, SETUP):
        response = Client().get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


# Enrollment and recovery codes


def test_enrollment_shows_a_qr_code_and_the_secret_and_confirms_with_a_code(world: World):
    client = password_only(world.mayor_user)
    page = client.get(f"{SETUP}?next=/letters/").content.decode()
    pending = TOTPDevice.objects.get(user=world.mayor_user, confirmed=False)
    secret = twofactor.base32_secret(pending)
    assert "<svg" in page and "<path" in page
    assert f'<code id="totp-secret">{secret}</code>' in page
    assert "http" not in page.split("<svg", 1)[1].split("</svg>", 1)[0].replace(
        "http://www.w3.org/2000/svg", ""
    )
    # A reload shows the same key.
    client.get(SETUP)
    assert TOTPDevice.objects.filter(user=world.mayor_user).count() == 1

    wrong = client.post(SETUP, {"code": "123"})
    assert "Kode tidak cocok" in wrong.content.decode()
    assert not TOTPDevice.objects.get(pk=pending.pk).confirmed
    # A wrong code counts toward the throttle here too; the page says how long to wait
    # (five failures, the last just now: 16 seconds).
    assert TOTPDevice.objects.get(pk=pending.pk).throttling_failure_count == 1
    TOTPDevice.objects.filter(pk=pending.pk).update(
        throttling_failure_count=5, throttling_failure_timestamp=timezone.now()
    )
    throttled = client.post(SETUP, {"code": code_for(pending)}).content.decode()
    assert re.search(r"Terlalu banyak percobaan: tunggu 1[0-6] detik", throttled)
    TOTPDevice.objects.filter(pk=pending.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(seconds=17)
    )

    response = client.post(SETUP, {"code": code_for(pending), "next": "/letters/"})
    assert response.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(set(codes)) == 10
    assert 'href="/letters/"' in response.content.decode()
    assert TOTPDevice.objects.get(pk=pending.pk).confirmed
    assert reaches(client, "/letters/")
    # Shown once: the page now tells the status, not the codes.
    status = client.get(SETUP).content.decode()
    assert "Tersisa 10 kode pemulihan" in status
    assert not any(code in status for code in codes)
    event = SecondFactorEvent.objects.get(user=world.mayor_user)
    assert (event.action, event.by) == ("enroll", world.mayor_user)


def test_a_recovery_code_works_once(world: World):
    client = password_only(world.auditor)
    codes = enroll(client, world.auditor)
    client.post(reverse("logout"))

    client = password_only(world.auditor)
    response = client.post(VERIFY, {"code": codes[0].upper(), "next": "/letters/"})
    assert response["Location"] == "/letters/"
    assert "tersisa 9 kode" in client.get("/letters/").content.decode()
    client.post(reverse("logout"))

    client = password_only(world.auditor)
    again = client.post(VERIFY, {"code": codes[0]})
    assert again.status_code == 200
    assert "Kode salah atau sudah dipakai" in again.content.decode()
    assert not reaches(client, "/letters/")
    assert world.auditor.staticdevice_set.get().throttling_failure_count == 1


def test_renewed_recovery_codes_replace_the_old_ones(world: World):
    client = password_only(world.adc)
    old = enroll(client, world.adc)
    response = client.post(SETUP, {"action": "recovery_codes"})
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    stored = StaticToken.objects.filter(device__user=world.adc).values_list("token", flat=True)
    assert set(stored) == set(new)
    assert twofactor.verify_token(world.adc, old[0]) is None


# Optional for the other roles


def test_a_clerk_signs_in_without_a_second_factor_and_may_enroll_and_switch_it_off(
    world: World,
):
    client = password_only(world.clerk)
    assert client.get("/letters/").status_code == 200
    assert "Verifikasi dua langkah" in client.get("/letters/").content.decode()  # menu link
    setup = client.get(SETUP).content.decode()
    assert "tidak wajib untuk peran Anda" in setup
    codes = enroll(client, world.clerk)
    client.post(reverse("logout"))

    # Enrolled, the clerk gives a code too from now on (a recovery code here: the app's
    # code of this half-minute was used to enroll and is not taken twice).
    client = password_only(world.clerk)
    assert not reaches(client, "/letters/")
    assert client.post(VERIFY, {"code": codes[0]}).status_code == 302
    assert client.post(SETUP, {"action": "disable"}).status_code == 302
    assert not twofactor.has_second_factor(world.clerk)
    assert SecondFactorEvent.objects.filter(user=world.clerk, action="disable").exists()


def test_a_leader_cannot_switch_the_second_factor_off(world: World):
    client = login_verified(Client(), world.mayor_user)
    page = client.get(SETUP).content.decode()
    assert 'value="disable"' not in page
    client.post(SETUP, {"action": "disable"})
    assert twofactor.has_second_factor(world.mayor_user)
    with pytest.raises(PermissionDenied):
        twofactor.second_factor_disable(user=world.mayor_user)


# Someone else cannot


def test_the_password_alone_neither_renews_codes_nor_enrolls_a_new_app(world: World):
    codes = enroll(password_only(world.mayor_user), world.mayor_user)
    client = password_only(world.mayor_user)
    for data in ({"action": "recovery_codes"}, {"action": "disable"}, {"code": "123456"}):
        response = client.post(SETUP, data)
        assert response.status_code == 302
        assert response["Location"].startswith(VERIFY)
    assert client.get(SETUP)["Location"].startswith(VERIFY)
    stored = StaticToken.objects.filter(device__user=world.mayor_user)
    assert set(stored.values_list("token", flat=True)) == set(codes)
    assert TOTPDevice.objects.filter(user=world.mayor_user).count() == 1
    # Nor with only recovery codes left (the app removed in the admin).
    TOTPDevice.objects.filter(user=world.mayor_user).delete()
    assert client.get(SETUP)["Location"].startswith(VERIFY)
    assert not TOTPDevice.objects.filter(user=world.mayor_user).exists()


def test_the_pages_act_only_on_the_signed_in_users_own_devices(world: World):
    other = login_verified(Client(), world.auditor)
    other_device = TOTPDevice.objects.get(user=world.auditor)
    mayor_codes = enroll(password_only(world.mayor_user), world.mayor_user)
    # Another user's code is no good here, and a post names no user to act on.
    client = password_only(world.adc)
    totp_device_for(world.adc)
    refused = client.post(VERIFY, {"code": code_for(other_device), "user": world.auditor.pk})
    assert refused.status_code == 200
    assert client.post(VERIFY, {"code": mayor_codes[0]}).status_code == 200
    assert StaticToken.objects.filter(device__user=world.mayor_user).count() == 10
    # Renewing codes or switching off touches only the signed-in user's devices.
    other.post(SETUP, {"action": "recovery_codes", "user": world.mayor_user.pk})
    assert set(
        StaticToken.objects.filter(device__user=world.mayor_user).values_list("token", flat=True)
    ) == set(mayor_codes)
    clerk = login_verified(Client(), world.clerk)
    clerk.post(SETUP, {"action": "disable", "user": world.mayor_user.pk})
    assert twofactor.has_second_factor(world.mayor_user)


# The administrator's reset


def test_an_administrator_resets_a_users_devices_in_the_admin(world: World):
    superuser = User.objects.create_superuser("root", "root@example.test", PASSWORD)
    admin = login_verified(Client(), superuser)
    enroll(password_only(world.mayor_user), world.mayor_user)
    url = reverse("admin:auth_user_changelist")
    action = {"action": "second_factor_reset_action", "_selected_action": [world.mayor_user.pk]}
    confirm = admin.post(url, action)
    assert confirm.status_code == 200
    assert "Alasan" in confirm.content.decode()
    assert twofactor.has_second_factor(world.mayor_user)
    done = admin.post(url, {**action, "reason": "Ponsel hilang"})
    assert done.status_code == 302
    assert not twofactor.has_second_factor(world.mayor_user)
    event = SecondFactorEvent.objects.get(user=world.mayor_user, action="reset")
    assert (event.by, event.reason) == (superuser, "Ponsel hilang")
    # The leader enrolls again at the next sign-in.
    response = password_only(world.mayor_user).get("/letters/")
    assert response["Location"].startswith(SETUP)
    # The devices are in django-otp's admin too.
    assert admin.get(reverse("admin:otp_totp_totpdevice_changelist")).status_code == 200


def test_no_one_but_an_administrator_resets_devices(world: World):
    totp_device_for(world.auditor)
    for name in ("mayor_user", "clerk"):
        client = login_verified(Client(), getattr(world, name))
        url = reverse("admin:auth_user_changelist")
        data = {
            "action": "second_factor_reset_action",
            "_selected_action": [world.auditor.pk],
            "reason": "x",
        }
        response = client.post(url, data)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert twofactor.has_second_factor(world.auditor)


# For the API's token login


def test_verify_token_accepts_the_apps_code_and_a_recovery_code_once(world: World):
    device = totp_device_for(world.auditor)
    assert twofactor.verify_token(world.auditor, code_for(device)) == device
    token = StaticToken.objects.create(
        device=world.auditor.staticdevice_set.create(name="r", confirmed=True), token="abcd2345"
    )
    assert twofactor.verify_token(world.auditor, "abcd-2345") is not None
    assert twofactor.verify_token(world.auditor, token.token) is None
    assert twofactor.verify_token(world.clerk, "123456") is None


# Asked once a minute, not on every request


def test_a_user_who_owes_nothing_is_not_asked_on_every_request(world: World):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = password_only(world.clerk)  # no device, and the role needs none
    assert reaches(client, "/letters/")
    with CaptureQueriesContext(connection) as queries:
        assert reaches(client, "/letters/")
    assert not [q for q in queries.captured_queries if "otp_" in q["sql"]]


def test_a_role_that_must_given_mid_session_holds_the_session_within_the_minute(world: World):
    from django.contrib.auth.models import Group

    from organization.middleware import OWES_NOTHING, OWES_NOTHING_SECONDS
    from organization.models import Role

    def a_minute_later(client: Client) -> None:
        session = client.session
        session[OWES_NOTHING] -= OWES_NOTHING_SECONDS
        session.save()

    client = password_only(world.clerk)
    assert reaches(client, "/letters/")
    world.clerk.groups.add(Group.objects.get(name=str(Role.AUDITOR)))
    a_minute_later(client)
    response = client.get("/letters/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"{SETUP}?next=")
    # And a device enrolled in another session: the next check asks for it.
    other = password_only(world.reviewer)
    assert reaches(other, "/letters/")
    totp_device_for(world.reviewer)
    a_minute_later(other)
    response = other.get("/letters/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"{VERIFY}?next=")
