"""Logins to the BSSN baseline: a lockout after repeated failures (by user name and
address), an administrator's unlock, and the password rules."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, login_verified

LOGIN = "/accounts/login/"


def _try(client: Client, username: str, password: str, addr: str = "10.0.0.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=addr)


def test_ten_wrong_passwords_lock_the_account_even_for_the_right_one(world, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _try(client, "persuratan", "salah-sekali").status_code == 200
    locked = _try(client, "persuratan", "salah-sekali")
    assert locked.status_code == 429
    assert "Terlalu banyak percobaan masuk" in locked.content.decode()
    assert "15 menit" in locked.content.decode()
    # The right password now is refused too, from that address.
    right = _try(client, "persuratan", PASSWORD)
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another user from the same address, and the same user elsewhere, are not locked.
    assert _try(Client(), "protokol", PASSWORD).status_code == 302
    assert _try(Client(), "persuratan", PASSWORD, addr="10.0.0.8").status_code == 302


def test_an_administrator_unlocks_at_once(world, settings):
    from axes.models import AccessAttempt

    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _try(client, "persuratan", "salah-sekali")
    assert _try(client, "persuratan", PASSWORD).status_code == 429
    world.admin.is_staff = world.admin.is_superuser = True
    world.admin.save()
    admin = login_verified(Client(), world.admin)
    attempt = AccessAttempt.objects.get(username="persuratan")
    changelist = admin.get(reverse("admin:axes_accessattempt_changelist"))
    assert changelist.status_code == 200 and "persuratan" in changelist.content.decode()
    admin.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    assert _try(client, "persuratan", PASSWORD).status_code == 302


def test_a_successful_login_resets_the_count(world, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _try(client, "persuratan", "salah-sekali")
    assert _try(client, "persuratan", PASSWORD).status_code == 302
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _try(Client(), "persuratan", "salah-sekali").status_code == 200


@pytest.mark.parametrize(
    "password",
    ["12345678", "password", "persuratan2026", "lontarlontar", "Pendek1!", "123456789012"],
)
def test_weak_passwords_are_refused(world, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=world.clerk)


def test_a_long_mixed_password_is_accepted(world):
    validate_password("Undangan-Wali-Kota-2026", user=world.clerk)


def test_an_idle_session_ends_and_comes_back_after_login(world, settings):
    from organization.middleware import LAST_SEEN

    client = Client()
    client.force_login(world.clerk)
    assert client.get("/letters/").status_code == 200
    session = client.session
    assert session[LAST_SEEN]
    session[LAST_SEEN] -= settings.LONTAR_IDLE_MINUTES * 60 + 1
    session.save()
    response = client.get("/letters/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN) and "next=/letters/" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_an_active_session_is_not_written_on_every_request(world):
    from organization.middleware import LAST_SEEN

    client = Client()
    client.force_login(world.clerk)
    client.get("/letters/")
    first = client.session[LAST_SEEN]
    client.get("/letters/")
    assert client.session[LAST_SEEN] == first
