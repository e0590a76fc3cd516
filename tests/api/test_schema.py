"""Schemathesis against /api/schema/: every operation, bounded examples, through the
Django WSGI application, as a demo user with a token. No 5xx, and every answer (status,
content type, headers, body) is the one the schema documents."""

from contextlib import contextmanager
from types import SimpleNamespace

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from organization.demo import DEMO_PASSWORD, demo_organisation_ensure
from tests.api.conftest import login
from tests.workflows.walk import letter_in_state

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@contextmanager
def connection_kept():
    """Calls to the WSGI application itself fire the request signals, whose handler
    closes the test's database connection (and its transaction) after each answer; held
    off while they run, as Django's test client does for each of its requests."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(db):
    """The schema as /api/schema/ serves it."""
    with connection_kept():
        return schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture
def demo_token(db, settings):
    # Enough room for every generated call; the limits themselves: test_auth.py.
    settings.LONTAR_API_RATES = {
        "anon": "100000/minute",
        "user": "100000/minute",
        "login": "100000/minute",
    }
    org = demo_organisation_ensure()
    people = SimpleNamespace(
        clerk=org.user("persuratan"),
        reviewer=org.user("protokol"),
        scheduler=org.user("penjadwal"),
        mayor=org.mayor,
        mayor_user=org.mayor.user,
    )
    letter = letter_in_state(people, "scheduled")  # something to read
    return login(org.user("protokol"), DEMO_PASSWORD), letter


def _check_operation(operation, token: str) -> None:
    if operation.path.endswith(("/auth/logout/", "/auth/logoutall/")):
        headers = {}  # revoking the token would end the run; anonymous: a 401 as documented
    else:
        headers = {"Authorization": f"Token {token}"}

    @given(case=operation.as_strategy())
    @settings(
        max_examples=10,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    check()


def test_every_operation_answers_as_documented(api_schema, demo_token):
    """One operation after the other in one test (schemathesis' lazy pytest loader does not
    run under pytest 9); hypothesis reports the failing example of the first that fails."""
    token, _letter = demo_token
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 15
    with connection_kept():
        for operation in operations:
            _check_operation(operation, token)


def test_answers_about_real_objects_conform_too(api_schema, demo_token):
    """Random ids are mostly 404s: the letter, its file and its follow-ups as they are."""
    token, letter = demo_token
    headers = {"Authorization": f"Token {token}"}
    document = letter.documents.get()
    calls = [
        ("/api/v1/letters/{id}/", "GET", {"id": letter.pk}, None),
        (
            "/api/v1/letters/{id}/documents/{document_pk}/",
            "GET",
            {"id": letter.pk, "document_pk": document.pk},
            None,
        ),
        ("/api/v1/agenda/", "GET", {}, {"official": letter.leader_id, "start": "2026-12-02"}),
        ("/api/v1/public/agenda/", "GET", {}, {"start": "2026-12-01", "days": 7}),
    ]
    for path, method, path_parameters, query in calls:
        operation = api_schema[path][method]
        case = operation.Case(path_parameters=path_parameters, query=query)
        with connection_kept():
            response = case.call_and_validate(headers=headers, checks=CHECKS)
        assert response.status_code == 200, (path, response.content[:300])
