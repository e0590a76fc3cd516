"""Drive a letter through the real pages, as the role that does each step."""

from typing import Any

from django.test import Client
from django.urls import reverse
from viewflow.workflow.models import Task

from tests.factories import PASSWORD, letter_form_data, login_verified, scan
from workflows.models import Letter, LetterProcess


def client_for(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return login_verified(client, user)


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


def review_forward(reviewer: Any, letter: Letter, leader: Any, note: str = "") -> None:
    do_task(reviewer, letter, "review", {"decision": "forward", "leader": leader.pk, "note": note})


def task_statuses(letter: Letter, node: str) -> list[str]:
    """Statuses of every task of ``node`` in the letter's process, oldest first."""
    process = LetterProcess.objects.get(letter=letter)
    return list(
        Task.objects.filter(process=process, flow_task__endswith=f".{node}")
        .order_by("pk")
        .values_list("status", flat=True)
    )


def sender_update(user: Any, letter: Letter, data: dict[str, Any]) -> Any:
    return client_for(user).post(reverse("letters:sender_update", args=[letter.pk]), data)


def letter_in_state(world: Any, state: str, **values: Any) -> Letter:
    """A letter brought to ``state`` through the services (no process, no HTTP).

    ``disposed`` and ``scheduled`` letters are attended by the mayor; ``archived`` is a
    declined letter closed by the system.
    """
    from tests.factories import letter_values
    from workflows import services

    letter = services.letter_register(
        actor=world.clerk, values=letter_values(**values), uploads=[scan()]
    )
    if state == "received":
        return letter
    if state in ("returned", "rejected"):
        reason = "Nomor surat salah." if state == "returned" else "Bukan untuk pimpinan."
        service = services.letter_return if state == "returned" else services.letter_reject
        return service(actor=world.reviewer, letter=letter, reason=reason)
    services.letter_forward(actor=world.reviewer, letter=letter, leader=world.mayor)
    if state == "reviewed":
        return letter
    if state in ("declined", "archived"):
        services.letter_dispose(
            actor=world.mayor_user, letter=letter, outcome="decline", note="Ada acara lain."
        )
        return letter if state == "declined" else services.letter_archive(letter=letter)
    services.letter_dispose(actor=world.mayor_user, letter=letter, outcome="attend")
    if state == "disposed":
        return letter
    assert state == "scheduled", state
    services.letter_schedule(
        actor=world.scheduler,
        letter=letter,
        entries=[services.ScheduleInput(official=world.mayor)],
    )
    return letter
