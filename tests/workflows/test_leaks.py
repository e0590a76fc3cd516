"""Viewflow's own pages that showed what the letter pages hide: one process's chart to any
signed-in user, and the bulk-assign confirmation listing another leader's tasks."""

from django.urls import reverse
from viewflow.workflow.models import Task

from tests.workflows.walk import client_for, register, review_forward


def test_a_process_chart_is_only_for_whoever_may_see_its_letter(world):
    letter = register(world.clerk)
    review_forward(world.reviewer, letter, world.deputy)
    url = reverse("letter:process_chart", args=[letter.process.pk])
    for who in ("mayor_user", "adc", "dept_officer"):
        assert client_for(getattr(world, who)).get(url).status_code == 403, who
    for who in ("deputy_user", "deputy_adc", "clerk", "reviewer", "auditor"):
        response = client_for(getattr(world, who)).get(url)
        assert response.status_code == 200, who
        assert response["Content-Type"] == "image/svg+xml"
    # The flow's own diagram, with no process's states, stays for every user of the flow.
    assert client_for(world.mayor_user).get(reverse("letter:chart")).status_code == 200


def test_the_bulk_assign_page_never_lists_someone_elses_tasks(world):
    letter = register(world.clerk)
    review = Task.objects.get(process=letter.process, flow_task_type="HUMAN", status="NEW")
    url = reverse("letter:tasks_assign")
    for who in ("mayor_user", "adc", "dept_officer", "clerk"):
        response = client_for(getattr(world, who)).post(url, {"pk": [review.pk]})
        assert response.status_code == 403, who
        assert f"#{review.pk}" not in response.content.decode()
    review.refresh_from_db()
    assert review.owner is None
    # The protocol reviewer, whose queue holds it, is shown the task and may take it; the
    # page's way back is a link to the queue.
    response = client_for(world.reviewer).post(url, {"pk": [review.pk]})
    assert response.status_code == 200
    page = response.content.decode()
    assert f"#{review.process_id}/{review.pk}" in page
    assert 'lt-action-back" href="/letter/queue/"' in page


def test_the_bulk_unassign_page_never_lists_another_leaders_task(world):
    letter = register(world.clerk)
    review_forward(world.reviewer, letter, world.deputy)
    dispose = Task.objects.get(process=letter.process, flow_task_type="HUMAN", status="ASSIGNED")
    url = reverse("letter:tasks_unassign")
    for who in ("mayor_user", "adc", "dept_officer", "clerk"):
        response = client_for(getattr(world, who)).post(url, {"pk": [dispose.pk]})
        assert response.status_code == 403, who
        assert f"#{dispose.pk}" not in response.content.decode()
    dispose.refresh_from_db()
    assert dispose.owner == world.deputy_user
