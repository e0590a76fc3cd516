"""Drive a letter through the real pages, as the role that does each step."""

from typing import Any

from django.test import Client
from django.urls import reverse
from viewflow.workflow.models import Task

from tests.factories import PASSWORD, letter_form_data, scan
from workflows.models import Letter, LetterProcess


def client_for(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def register(user: Any, **overrides: Any) -> Letter:
    client = client_for(user)
    data = letter_form_data(**overrides)
    data["scans"] = [scan()]
    response = client.post(reverse("letter:register:execute"), data)
    assert response.status_code == 302, _errors(response)
    return Letter.objects.latest("pk")


def open_task(letter: Letter, node: str) -> Task:
    process = LetterProcess.objects.get(letter=letter)
    return Task.objects.get(
        process=process,
        flow_task_type="HUMAN",
        flow_task__endswith=node,
        status__in=["NEW", "ASSIGNED"],
    )


def do_task(
    user: Any, letter: Letter, node: str, data: dict[str, Any], expect_ok: bool = True
) -> Any:
    """Take the task from the queue (assign), then execute it with ``data``."""
    task = open_task(letter, node)
    client = client_for(user)
    if task.status == "NEW":
        response = client.post(
            reverse(f"letter:{node}:assign", args=[task.process_id, task.pk]), {}
        )
        if expect_ok:
            assert response.status_code == 302, response.status_code
        elif response.status_code != 302:
            return response
    response = client.post(reverse(f"letter:{node}:execute", args=[task.process_id, task.pk]), data)
    if expect_ok:
        assert response.status_code == 302, _errors(response)
    return response


def _errors(response: Any) -> str:
    context = getattr(response, "context", None)
    if context and "form" in context:
        return f"{response.status_code}: {context['form'].errors.as_json()}"
    return f"{response.status_code}: {response.content[:2000]!r}"
