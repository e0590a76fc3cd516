"""A letter's whole way over the API, as the role that does each step: the same history
as the web's walkthrough (tests/workflows/test_paths.py)."""

from calendar_sync.models import AgendaItem
from tests.api.conftest import api_for
from tests.factories import MINIMAL_PDF, letter_form_data, upload_bytes
from workflows.models import Letter, LetterState


def _actions(letter: Letter) -> list[str]:
    return list(letter.events.order_by("at", "pk").values_list("action", flat=True))


def _only_task(api, worklist: str, node: str) -> dict:
    rows = api.get(f"/api/v1/tasks/{worklist}/").json()["results"]
    found = [row for row in rows if row["node"] == node]
    assert len(found) == 1, rows
    return found[0]


def register_over_api(clerk, **overrides) -> Letter:
    data = {**letter_form_data(**overrides), "scans": [upload_bytes(MINIMAL_PDF, "surat.pdf")]}
    response = api_for(clerk).post("/api/v1/letters/", data, multipart=True)
    assert response.status_code == 201, response.content
    return Letter.objects.get(pk=response.json()["id"])


def test_register_review_dispose_schedule_over_the_api(world):
    letter = register_over_api(world.clerk)
    assert letter.state == LetterState.RECEIVED
    assert letter.agenda_number == "0001/UND/2026"

    reviewer = api_for(world.reviewer)
    task = _only_task(reviewer, "queue", "review")
    assert task["letter"]["agenda_number"] == "0001/UND/2026"
    response = reviewer.post(
        f"/api/v1/tasks/{task['id']}/review/", {"decision": "forward", "leader": world.mayor.pk}
    )
    assert response.status_code == 200, response.content
    assert response.json()["letter"]["state"] == LetterState.REVIEWED

    mayor = api_for(world.mayor_user)
    task = _only_task(mayor, "inbox", "dispose")  # his own, assigned to him
    body = {"outcome": "attend", "instructions": ["sambutan"], "note": "Siapkan sambutan."}
    response = mayor.post(f"/api/v1/tasks/{task['id']}/dispose/", body)
    assert response.status_code == 200, response.content
    assert [t["node"] for t in response.json()["next_tasks"]] == ["schedule"]

    scheduler = api_for(world.scheduler)
    task = _only_task(scheduler, "queue", "schedule")
    response = scheduler.post(
        f"/api/v1/tasks/{task['id']}/schedule/", {"visibility": "public", "confirmed": True}
    )
    assert response.status_code == 200, response.content
    letter.refresh_from_db()
    assert letter.state == LetterState.SCHEDULED
    item = AgendaItem.objects.get(source=f"letter:{letter.pk}")
    assert (item.official, item.status) == (world.mayor, AgendaItem.Status.CONFIRMED)
    assert _actions(letter) == ["register", "forward", "dispose_attend", "schedule"]

    detail = api_for(world.auditor).get(f"/api/v1/letters/{letter.pk}/").json()
    assert [e["action"] for e in detail["history"]] == _actions(letter)
    assert detail["history"][2]["actor"] == world.mayor_user.username
    assert detail["dispositions"][0]["recipients"][0]["instructions"] == ["hadir", "sambutan"]
    document = detail["documents"][0]
    response = api_for(world.auditor).get(document["url"])
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == MINIMAL_PDF


def test_the_ajudan_disposes_on_behalf_of_the_leader(world):
    letter = register_over_api(world.clerk)
    reviewer = api_for(world.reviewer)
    task = _only_task(reviewer, "queue", "review")
    reviewer.post(
        f"/api/v1/tasks/{task['id']}/review/", {"decision": "forward", "leader": world.mayor.pk}
    )
    adc = api_for(world.adc)
    task = _only_task(adc, "inbox", "dispose")  # the leader's, in his staff's inbox too
    body = {"outcome": "represent", "delegates": [world.sekda.pk], "due_date": "2026-12-01"}
    assert adc.post(f"/api/v1/tasks/{task['id']}/dispose/", body).status_code == 200
    event = letter.events.get(action="dispose_represent")
    assert (event.actor, event.on_behalf_of) == (world.adc, world.mayor)


def test_a_refused_step_leaves_the_task_open_and_answers_the_forms_errors(world):
    register_over_api(world.clerk)
    reviewer = api_for(world.reviewer)
    task = _only_task(reviewer, "queue", "review")
    response = reviewer.post(f"/api/v1/tasks/{task['id']}/review/", {"decision": "return"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and "note" in error["fields"]
    # Nothing changed, not even the assignment: the task is still in the queue.
    assert _only_task(reviewer, "queue", "review")["id"] == task["id"]
