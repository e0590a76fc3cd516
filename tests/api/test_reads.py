"""The letter list and a task's page over the API: what the web shows, to whom it shows it."""

from viewflow.workflow.models import Task

from calendar_sync.models import AgendaItem
from tests.api.conftest import api_for, assert_error_shape
from tests.factories import agenda_item, wita
from tests.workflows.walk import register, review_forward
from workflows.flows import LetterFlow


def _forwarded(world, leader, **values):
    letter = register(world.clerk, **values)
    review_forward(world.reviewer, letter, leader)
    task = Task.objects.get(process__letterprocess__letter=letter, flow_task=LetterFlow.dispose)
    return letter, task


def test_the_letter_list_holds_only_letters_i_may_see_and_searches(world):
    mayors, _ = _forwarded(world, world.mayor, subject="Peresmian jembatan", letter_number="1/A")
    deputys, _ = _forwarded(world, world.deputy, subject="Rapat pleno", letter_number="2/B")
    ids = {row["id"] for row in api_for(world.auditor).get("/api/v1/letters/").json()["results"]}
    assert ids == {mayors.pk, deputys.pk}
    adc = api_for(world.adc)
    response = adc.get("/api/v1/letters/")
    assert [row["id"] for row in response.json()["results"]] == [mayors.pk]
    assert "Rapat pleno" not in response.content.decode()
    assert adc.get("/api/v1/letters/", q="pleno").json()["count"] == 0
    found = api_for(world.auditor).get("/api/v1/letters/", q="jembatan").json()["results"]
    assert [row["id"] for row in found] == [mayors.pk]
    filtered = api_for(world.auditor).get("/api/v1/letters/", leader=world.deputy.pk).json()
    assert [row["id"] for row in filtered["results"]] == [deputys.pk]
    assert_error_shape(api_for(world.auditor).get("/api/v1/letters/", state="hilang"), 400)


def test_a_task_shows_the_clashes_its_form_weighs_confidential_ones_busy(world):
    letter, task = _forwarded(world, world.mayor)
    agenda_item(
        world.mayor,
        wita(9),
        wita(11),
        title="Pertemuan tertutup",
        visibility=AgendaItem.Visibility.CONFIDENTIAL,
    )
    body = api_for(world.adc).get(f"/api/v1/tasks/{task.pk}/").json()
    assert body["node"] == "dispose" and body["letter"]["id"] == letter.pk
    ((official, clashes),) = [(c["official"], c["clashes"]) for c in body["clashes"]]
    assert official["id"] == world.mayor.pk
    assert [c["title"] for c in clashes] == ["Pertemuan tertutup"]  # the mayor's own staff


def test_another_leaders_task_is_not_found(world):
    _letter, task = _forwarded(world, world.mayor, subject="Rahasia wali kota")
    for user in (world.deputy_adc, world.deputy_user, world.dept_officer):
        response = api_for(user).get(f"/api/v1/tasks/{task.pk}/")
        assert_error_shape(response, 404, "not_found")
        assert "Rahasia wali kota" not in response.content.decode()
    assert api_for(world.reviewer).get(f"/api/v1/tasks/{task.pk}/").status_code == 200


def test_a_worklist_costs_the_same_queries_for_one_row_as_for_three(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = api_for(world.reviewer)
    register(world.clerk, letter_number="1/Q")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api.get("/api/v1/tasks/queue/").status_code == 200
        return len(captured)

    one = queries()
    register(world.clerk, letter_number="2/Q")
    register(world.clerk, letter_number="3/Q")
    assert api.get("/api/v1/tasks/queue/").json()["count"] == 3
    assert queries() == one
