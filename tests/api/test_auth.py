"""Device tokens: login, logout, expiry, revocation; sessions keep CSRF; throttled logins."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone
from knox.models import AuthToken

from tests.api.conftest import Api, api_for, assert_error_shape, login
from tests.factories import PASSWORD

INBOX = "/api/v1/tasks/inbox/"


def test_login_gives_a_hashed_expiring_token_per_device(world):
    response = Client().post(
        "/api/v1/auth/login/",
        {"username": world.clerk.username, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"token", "expiry"}
    token = AuthToken.objects.get(user=world.clerk)
    assert body["token"] not in (token.digest, token.token_key)  # stored as a hash only
    expiry = token.expiry - timezone.now()
    assert timedelta(days=29) < expiry <= timedelta(days=30)
    second = login(world.clerk)  # another device: its own token
    assert second != body["token"]
    assert AuthToken.objects.filter(user=world.clerk).count() == 2
    assert Api(body["token"]).get(INBOX).status_code == 200


def test_a_wrong_password_gets_no_token(world):
    response = Client().post(
        "/api/v1/auth/login/",
        {"username": world.clerk.username, "password": "salah-sekali-123"},
        content_type="application/json",
    )
    assert_error_shape(response, 400, "invalid")
    assert not AuthToken.objects.exists()


def test_without_a_token_the_api_answers_401(world):
    assert_error_shape(Api().get(INBOX), 401, "not_authenticated")
    assert_error_shape(Api("bukan-token").get(INBOX), 401, "authentication_failed")


def test_logout_revokes_only_this_token(world):
    phone, tablet = api_for(world.clerk), api_for(world.clerk)
    assert phone.post("/api/v1/auth/logout/").status_code == 204
    assert_error_shape(phone.get(INBOX), 401, "authentication_failed")
    assert tablet.get(INBOX).status_code == 200


def test_logoutall_revokes_every_token_of_the_user(world):
    phone, tablet = api_for(world.clerk), api_for(world.clerk)
    other = api_for(world.reviewer)
    assert phone.post("/api/v1/auth/logoutall/").status_code == 204
    assert_error_shape(tablet.get(INBOX), 401)
    assert other.get(INBOX).status_code == 200


def test_an_expired_token_is_refused(world):
    api = api_for(world.clerk)
    AuthToken.objects.filter(user=world.clerk).update(expiry=timezone.now() - timedelta(1))
    assert_error_shape(api.get(INBOX), 401, "authentication_failed")


def test_a_deactivated_user_s_token_is_refused(world):
    api = api_for(world.clerk)
    world.clerk.is_active = False
    world.clerk.save()
    assert_error_shape(api.get(INBOX), 401)


def test_a_session_may_read_but_must_carry_the_csrf_token_to_write(world):
    client = Client(enforce_csrf_checks=True)
    assert client.login(username=world.reviewer.username, password=PASSWORD)
    assert client.get(INBOX).status_code == 200
    response = client.post("/api/v1/tasks/1/review/", {}, content_type="application/json")
    error = assert_error_shape(response, 403, "permission_denied")
    assert "CSRF" in error["message"]


def test_logins_are_throttled_per_address(world, settings):
    settings.LONTAR_API_RATES = {**settings.LONTAR_API_RATES, "login": "3/minute"}
    client = Client()
    data = {"username": world.clerk.username, "password": "salah-sekali-123"}
    for _attempt in range(3):
        response = client.post("/api/v1/auth/login/", data, content_type="application/json")
        assert response.status_code == 400
    data["password"] = PASSWORD  # even the right password waits
    response = client.post("/api/v1/auth/login/", data, content_type="application/json")
    assert_error_shape(response, 429, "throttled")
    assert int(response["Retry-After"]) > 0


def test_callers_are_throttled_per_user(world, settings):
    settings.LONTAR_API_RATES = {**settings.LONTAR_API_RATES, "user": "2/minute"}
    clerk, reviewer = api_for(world.clerk), api_for(world.reviewer)
    assert [clerk.get(INBOX).status_code for _n in range(3)] == [200, 200, 429]
    assert reviewer.get(INBOX).status_code == 200


def test_every_worker_shares_one_count(world, settings):
    """The counts are in the database: a worker whose own cache is empty (another gunicorn
    process, another machine) still refuses the caller who used up the allowance."""
    from django.core.cache import cache

    from intake.models import ThrottleCount

    settings.LONTAR_API_RATES = {**settings.LONTAR_API_RATES, "user": "2/minute"}
    clerk = api_for(world.clerk)
    codes = []
    for _n in range(3):
        cache.clear()  # as if each request reached a fresh process
        codes.append(clerk.get(INBOX).status_code)
    assert codes == [200, 200, 429]
    assert ThrottleCount.objects.filter(scope="api_user").exists()


def test_the_public_agenda_is_throttled_per_address(db, settings):
    settings.LONTAR_API_RATES = {**settings.LONTAR_API_RATES, "anon": "2/minute"}
    codes = [Api().get("/api/v1/public/agenda/").status_code for _n in range(3)]
    assert codes == [200, 200, 429]


def test_a_leaders_token_login_needs_the_second_factor(world):
    from tests.api.conftest import current_code

    data = {"username": world.mayor_user.username, "password": PASSWORD}
    client = Client()
    refused = client.post("/api/v1/auth/login/", data, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["error"]["fields"]["otp"]
    right = current_code(world.mayor_user)
    wrong = client.post(
        "/api/v1/auth/login/",
        {**data, "otp": "000000" if right != "000000" else "111111"},
        content_type="application/json",
    )
    assert wrong.status_code == 400
    assert not AuthToken.objects.filter(user=world.mayor_user).exists()
    ok = client.post(
        "/api/v1/auth/login/",
        {**data, "otp": current_code(world.mayor_user)},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["token"]


def test_a_leader_without_a_second_factor_yet_is_told_to_set_one_up(world):
    """Who must have a second factor and has none enrolled gets no token, with or without
    a code, and is sent to the web's setup page (the web's gate owes them "setup")."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=world.mayor_user).delete()
    StaticDevice.objects.filter(user=world.mayor_user).delete()
    data = {"username": world.mayor_user.username, "password": PASSWORD}
    for sent in (data, {**data, "otp": "123456"}):
        refused = Client().post("/api/v1/auth/login/", sent, content_type="application/json")
        assert refused.status_code == 400
        assert "/akun/2fa/" in str(refused.json()["error"]["fields"]["otp"])
    assert not AuthToken.objects.filter(user=world.mayor_user).exists()
