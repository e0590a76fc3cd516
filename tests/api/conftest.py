"""The API's tests: a token per user, through the real login endpoint."""

import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories import PASSWORD


@pytest.fixture(autouse=True)
def _fresh_throttles():
    """Throttle counters live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


def login(user, password: str = PASSWORD) -> str:
    response = Client().post(
        "/api/v1/auth/login/",
        {"username": user.username, "password": password},
        content_type="application/json",
    )
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
