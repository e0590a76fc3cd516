"""The API's tests: a token per user, through the real login endpoint."""

from django.test import Client

from organization.twofactor import has_second_factor, requires_second_factor
from tests.factories import PASSWORD, totp_device_for


def current_code(user) -> str:
    """The code the user's authenticator app shows now (an app made if they have none);
    the last one used and earlier wrong tries are forgotten, so a test may log in twice
    within 30 s."""
    from django_otp.oath import totp

    device = totp_device_for(user)
    device.last_t = -1
    device.throttling_failure_count, device.throttling_failure_timestamp = 0, None
    device.save(
        update_fields=["last_t", "throttling_failure_count", "throttling_failure_timestamp"]
    )
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{code:0{device.digits}d}"


def login(user, password: str = PASSWORD) -> str:
    """A token through the real login, with the second factor where the web asks it."""
    data = {"username": user.username, "password": password}
    if requires_second_factor(user) or has_second_factor(user):
        data["otp"] = current_code(user)
    response = Client().post("/api/v1/auth/login/", data, content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()["token"]


class Api:
    """A device signed in with its own token."""

    def __init__(self, token: str | None = None) -> None:
        self.token = token
        self.client = Client(enforce_csrf_checks=True)

    def headers(self) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Token {self.token}"} if self.token else {}

    def get(self, url: str, **params):
        return self.client.get(url, params, **self.headers())

    def post(self, url: str, data=None, multipart: bool = False):
        if multipart:
            return self.client.post(url, data or {}, **self.headers())
        return self.client.post(url, data or {}, content_type="application/json", **self.headers())


def api_for(user) -> Api:
    return Api(login(user))


def assert_error_shape(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}, body
    assert isinstance(body["error"]["code"], str) and body["error"]["message"], body
    if code is not None:
        assert body["error"]["code"] == code, body
    return body["error"]
