"""The mailroom's steps after registration over the API: correcting a returned letter and
verifying a letter sent online, as their pages do them (tests/intake, tests/workflows)."""

from django.test import Client

from tests.api.conftest import api_for, assert_error_shape
from tests.api.test_walkthrough import _only_task, register_over_api
from tests.factories import MINIMAL_PDF, upload_bytes
from tests.intake.walk import latest_request, submit_department
from tests.workflows.walk import client_for, open_task
from workflows.models import Letter, LetterState


def _returned(world) -> Letter:
    letter = register_over_api(world.clerk, subject="Undangan rapat stunting")
    reviewer = api_for(world.reviewer)
    task = _only_task(reviewer, "queue", "review")
    body = {"decision": "return", "note": "Tanggal surat salah; periksa pindaian."}
    assert reviewer.post(f"/api/v1/tasks/{task['id']}/review/", body).status_code == 200
    letter.refresh_from_db()
    assert letter.state == LetterState.RETURNED
    return letter


def test_the_clerk_corrects_a_returned_letter_and_it_goes_back_to_review(world):
    letter = _returned(world)
    clerk = api_for(world.clerk)
    task = _only_task(clerk, "inbox", "correct")  # back to whoever registered it
    body = {
        "subject": "Undangan rapat percepatan penurunan stunting",
        "note": "Perihal diperbaiki.",
        "scans": [upload_bytes(MINIMAL_PDF, "perbaikan.pdf")],
    }
    response = clerk.post(f"/api/v1/tasks/{task['id']}/correct/", body, multipart=True)

    assert response.status_code == 200, response.content
    assert [t["node"] for t in response.json()["next_tasks"]] == ["review"]
    before = (letter.sender, letter.letter_number, letter.event_start, letter.venue)
    letter.refresh_from_db()
    assert letter.subject == "Undangan rapat percepatan penurunan stunting"
    # What was not sent keeps the letter's values.
    assert (letter.sender, letter.letter_number, letter.event_start, letter.venue) == before
    assert letter.state == LetterState.RECEIVED
    assert letter.events.latest("at", "pk").note == "Perihal diperbaiki."
    assert letter.documents.count() == 2  # the first scan kept, the new one added


def test_a_correction_with_a_wrong_field_is_refused_and_the_task_stays_open(world):
    letter = _returned(world)
    clerk = api_for(world.clerk)
    task = _only_task(clerk, "inbox", "correct")  # back to whoever registered it

    response = clerk.post(f"/api/v1/tasks/{task['id']}/correct/", {"local_start": "besok pagi"})

    error = assert_error_shape(response, 400)
    assert "local_start" in error["fields"]
    letter.refresh_from_db()
    assert letter.state == LetterState.RETURNED
    assert open_task(letter, "correct").status in ("NEW", "ASSIGNED")


def test_someone_else_cannot_correct_the_mailrooms_letter(world):
    letter = _returned(world)
    task = open_task(letter, "correct")
    for user in (world.reviewer, world.mayor_user, world.dept_officer, world.auditor):
        response = api_for(user).post(f"/api/v1/tasks/{task.pk}/correct/", {"subject": "x"})
        assert response.status_code in (403, 404), (user, response.status_code)
    letter.refresh_from_db()
    assert letter.subject == "Undangan rapat stunting"


def _online_letter(world) -> Letter:
    submit_department(client_for(world.dept_officer))
    return latest_request().letter


def test_the_clerk_verifies_a_letter_sent_online_and_it_gets_its_agenda_number(world):
    letter = _online_letter(world)
    clerk = api_for(world.clerk)
    task = _only_task(clerk, "queue", "verify")

    response = clerk.post(f"/api/v1/tasks/{task['id']}/verify/", {"decision": "register"})

    assert response.status_code == 200, response.content
    assert [t["node"] for t in response.json()["next_tasks"]] == ["review"]
    letter.refresh_from_db()
    assert letter.agenda_number == "0001/UND/2026"
    assert letter.registered_by == world.clerk
    assert [e.action for e in letter.events.all()] == ["receive_online", "register"]


def test_refusing_a_letter_sent_online_needs_a_reason(world):
    letter = _online_letter(world)
    clerk = api_for(world.clerk)
    task = _only_task(clerk, "queue", "verify")
    url = f"/api/v1/tasks/{task['id']}/verify/"

    error = assert_error_shape(clerk.post(url, {"decision": "refuse"}), 400)
    assert "note" in error["fields"]
    response = clerk.post(url, {"decision": "refuse", "note": "Bukan undangan."})

    assert response.status_code == 200, response.content
    assert response.json()["next_tasks"] == []
    letter.refresh_from_db()
    assert letter.agenda_number is None
    assert letter.state == LetterState.ARCHIVED
    assert [e.action for e in letter.events.all()] == ["receive_online", "refuse", "archive"]
    assert letter.events.get(action="refuse").note == "Bukan undangan."


def test_someone_else_cannot_verify_a_letter_sent_online(world):
    letter = _online_letter(world)
    task = open_task(letter, "verify")
    for user in (world.reviewer, world.dept_officer, world.scheduler, world.auditor):
        response = api_for(user).post(f"/api/v1/tasks/{task.pk}/verify/", {"decision": "register"})
        assert response.status_code in (403, 404), (user, response.status_code)
    letter.refresh_from_db()
    assert letter.agenda_number is None
    assert Client().post(f"/api/v1/tasks/{task.pk}/verify/").status_code == 401
