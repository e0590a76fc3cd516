"""Bad input gets a 4xx in the one error shape, never a 5xx; nothing is changed."""

import pytest
from viewflow.workflow.models import Task

from tests.api.conftest import Api, api_for, assert_error_shape
from tests.factories import letter_form_data, upload_bytes
from tests.workflows.walk import register, review_forward
from workflows.flows import LetterFlow
from workflows.models import Letter, LetterState


@pytest.fixture
def reviewed(world):
    letter = register(world.clerk)
    review_forward(world.reviewer, letter, world.mayor)
    task = Task.objects.get(process__letterprocess__letter=letter, flow_task=LetterFlow.dispose)
    return letter, task


BAD_DISPOSALS = [
    ({}, "outcome"),
    ({"outcome": "jalan-jalan"}, "outcome"),
    ({"outcome": "represent"}, "delegates"),  # the web form's rule
    ({"outcome": "decline"}, "note"),  # the web form's rule
    ({"outcome": "attend", "due_date": 20261201}, "due_date"),
    ({"outcome": "attend", "due_date": "besok"}, "due_date"),
    ({"outcome": "represent", "delegates": "sekda"}, "delegates"),
    ({"outcome": "represent", "delegates": [{"id": 1}]}, "delegates"),
    ({"outcome": "represent", "delegates": [99999999999999999999]}, "delegates"),
    ({"outcome": "represent", "delegates": [424242]}, "delegates"),
    ({"outcome": "attend", "instructions": ["hadir"]}, "instructions"),
    ({"outcome": "attend", "instructions": "sambutan"}, "instructions"),
    ({"outcome": ["attend"]}, "outcome"),
]


@pytest.mark.parametrize(("body", "field"), BAD_DISPOSALS)
def test_a_bad_disposition_is_a_400_naming_the_field(world, reviewed, body, field):
    letter, task = reviewed
    response = api_for(world.mayor_user).post(f"/api/v1/tasks/{task.pk}/dispose/", body)
    error = assert_error_shape(response, 400, "invalid")
    assert field in error["fields"], error
    letter.refresh_from_db()
    assert letter.state == LetterState.REVIEWED
    task.refresh_from_db()
    assert (task.status, task.owner) == ("ASSIGNED", world.mayor_user)  # as it was: his own


def test_the_leader_cannot_delegate_to_himself(world, reviewed):
    _letter, task = reviewed
    body = {"outcome": "represent", "delegates": [world.mayor.pk]}
    response = api_for(world.mayor_user).post(f"/api/v1/tasks/{task.pk}/dispose/", body)
    assert "delegates" in assert_error_shape(response, 400)["fields"]


def test_a_body_that_is_not_json_is_a_400(world, reviewed):
    _letter, task = reviewed
    api = api_for(world.mayor_user)
    response = api.client.post(
        f"/api/v1/tasks/{task.pk}/dispose/",
        "{not json",
        content_type="application/json",
        **api.headers(),
    )
    assert_error_shape(response, 400, "parse_error")
    response = api.client.post(
        f"/api/v1/tasks/{task.pk}/dispose/", "a=b", content_type="text/plain", **api.headers()
    )
    assert_error_shape(response, 415, "unsupported_media_type")


def test_a_wrong_method_is_a_405_in_the_shape(world):
    assert_error_shape(api_for(world.clerk).get("/api/v1/auth/login/"), 405, "method_not_allowed")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/letters/99999999999999999999/",
        "/api/v1/letters/-1/",
        "/api/v1/tasks/abc/dispose/",
        "/api/v1/tidak-ada/",
        "/api/lain/",
    ],
)
def test_an_address_that_names_nothing_is_a_json_404(world, url):
    assert_error_shape(api_for(world.auditor).get(url), 404, "not_found")


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"official": "wali"},
        {"official": 1, "start": "2026-02-30"},
        {"official": 1, "start": "2026-12-10", "end": "2026-12-01"},
        {"official": 1, "start": "2026-01-01", "end": "2026-12-31"},
        {"official": 10**12},
    ],
)
def test_a_bad_agenda_query_is_a_400(world, query):
    response = api_for(world.auditor).get("/api/v1/agenda/", **query)
    assert_error_shape(response, 400, "invalid")


def test_a_bad_public_agenda_query_is_a_400(db):
    assert_error_shape(Api().get("/api/v1/public/agenda/", days=400), 400)
    assert_error_shape(Api().get("/api/v1/public/agenda/", start="kemarin"), 400)


def test_a_bad_page_is_a_404_in_the_shape(world):
    response = api_for(world.reviewer).get("/api/v1/tasks/queue/", page=99)
    assert_error_shape(response, 404, "not_found")


def test_registration_checks_the_files_as_the_mailroom_page_does(world):
    api = api_for(world.clerk)
    data = {**letter_form_data(), "scans": [upload_bytes(b"MZ\x90\x00 not a pdf", "surat.pdf")]}
    error = assert_error_shape(api.post("/api/v1/letters/", data, multipart=True), 400)
    assert "scans" in error["fields"]
    response = api.post("/api/v1/letters/", letter_form_data(), multipart=True)
    assert "scans" in assert_error_shape(response, 400)["fields"]
    data = {**letter_form_data(local_end="2026-12-02T08:00")}
    data["scans"] = [upload_bytes(b"%PDF-1.4\n%%EOF\n", "surat.pdf")]
    response = api.post("/api/v1/letters/", data, multipart=True)
    assert_error_shape(response, 400)
    assert not Letter.objects.exists()


def test_a_resent_registration_does_not_register_twice(world):
    from tests.factories import MINIMAL_PDF

    api = api_for(world.clerk)

    def send():
        data = {**letter_form_data(), "registration_key": "a1b2c3"}
        data["scans"] = [upload_bytes(MINIMAL_PDF, "surat.pdf")]
        return api.post("/api/v1/letters/", data, multipart=True)

    first = send()
    assert first.status_code == 201
    second = send()
    assert second.status_code in (201, 400), second.content
    assert Letter.objects.count() == 1
