"""Two people acting on the same letter at the same moment (PostgreSQL row locks)."""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from viewflow.workflow.models import Task

from organization.models import Role
from tests.factories import letter_values, make_user, make_world, scan
from tests.workflows.walk import client_for, open_task, register
from workflows import services
from workflows.models import AgendaCounter, Disposition, Letter, LetterEvent, LetterState

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world():
    return make_world()


def run_together(*calls: Callable[[], Any], timeout: float = 60) -> list[Any]:
    """Run each call in its own thread, released together by a barrier.

    Returns each call's result or the exception it raised, in the order given. Every
    thread closes its own database connection, so the test database can be flushed.
    """
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=timeout)
            results[index] = call()
        except Exception as exc:  # noqa: BLE001 - the test inspects it
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
        assert not thread.is_alive(), "a thread is stuck (deadlock?)"
    return results


def test_leader_and_ajudan_disposing_at_once_one_wins_the_other_is_told_clearly(world):
    letter = letter_values()
    letter = services.letter_register(actor=world.clerk, values=letter, uploads=[scan()])
    services.letter_forward(actor=world.reviewer, letter=letter, leader=world.mayor)

    def dispose_as(user_pk: int, outcome: str) -> Disposition:
        user = User.objects.get(pk=user_pk)  # own objects per thread, as in two requests
        own_copy = Letter.objects.get(pk=letter.pk)
        return services.letter_dispose(actor=user, letter=own_copy, outcome=outcome)

    results = run_together(
        lambda: dispose_as(world.mayor_user.pk, "attend"),
        lambda: dispose_as(world.adc.pk, "file"),
    )
    won = [r for r in results if isinstance(r, Disposition)]
    lost = [r for r in results if not isinstance(r, Disposition)]
    assert len(won) == 1 and len(lost) == 1, results
    error = lost[0]
    assert isinstance(error, ValidationError), repr(error)
    assert error.code in ("concurrent", "state")
    if error.code == "concurrent":
        assert error.messages == [services.ALREADY_HANDLED]
        assert "baru saja diproses oleh pengguna lain" in error.messages[0]
    else:
        refusal = "Tindakan ini tidak dapat dilakukan: surat berstatus Didisposisi."
        assert error.messages == [refusal]
    letter = Letter.objects.get(pk=letter.pk)
    assert letter.state == LetterState.DISPOSED
    assert letter.outcome == won[0].outcome
    assert Disposition.objects.filter(letter=letter).count() == 1
    assert LetterEvent.objects.filter(letter=letter, action__startswith="dispose").count() == 1


def test_two_reviewers_taking_the_same_review_task_at_once_only_one_gets_it(world):
    second = make_user("protokol_2", Role.PROTOCOL_REVIEWER)
    letter = register(world.clerk)
    task = open_task(letter, "review")
    url = reverse("letter:review:assign", args=[task.process_id, task.pk])
    clients = {world.reviewer.pk: client_for(world.reviewer), second.pk: client_for(second)}

    results = run_together(*[lambda c=c: c.post(url) for c in clients.values()])

    assert sorted(r.status_code for r in results) == [302, 403], results
    task = Task.objects.get(pk=task.pk)
    assert task.status == "ASSIGNED"
    assert task.owner_id in clients
    winner = next(pk for pk, r in zip(clients, results, strict=True) if r.status_code == 302)
    assert task.owner_id == winner

    # The winner finishes the review; the loser still cannot.
    loser = next(pk for pk in clients if pk != winner)
    execute = reverse("letter:review:execute", args=[task.process_id, task.pk])
    data = {"decision": "forward", "leader": world.mayor.pk}
    assert clients[loser].post(execute, data).status_code in (403, 404)
    assert clients[winner].post(execute, data).status_code == 302
    assert Letter.objects.get(pk=letter.pk).state == LetterState.REVIEWED


def test_twenty_registrations_at_once_get_twenty_consecutive_agenda_numbers(world):
    assert not AgendaCounter.objects.exists()  # the year's row is created under contention

    def register_one(n: int) -> Letter:
        clerk = User.objects.get(pk=world.clerk.pk)
        values = letter_values(subject=f"Undangan nomor {n}")
        return services.letter_register(actor=clerk, values=values, uploads=[scan()])

    results = run_together(*[lambda n=n: register_one(n) for n in range(20)])

    errors = [r for r in results if not isinstance(r, Letter)]
    assert errors == []
    numbers = sorted(r.agenda_number for r in results)
    assert numbers == [f"{n:04d}/UND/2026" for n in range(1, 21)]
    assert AgendaCounter.objects.get(year=2026).last == 20
    assert Letter.objects.count() == 20
    assert LetterEvent.objects.filter(action="register").count() == 20


def test_open_task_numbers_hold_while_tasks_change_and_fold_at_once(world):
    """Two writers take and give back tasks while two timer rounds fold the numbers: the
    sums still match the open tasks (each fold deletes only the rows it sums)."""
    from django.db import transaction

    from workflows.task_counts import task_counts_compact, task_counts_differences

    letters = [register(world.clerk) for _ in range(4)]
    tasks = [open_task(letter, "review").pk for letter in letters]
    reviewer = world.reviewer.pk

    def toggle(pks: list[int]) -> int:
        for _round in range(15):
            for pk in pks:
                with transaction.atomic():
                    Task.objects.filter(pk=pk).update(status="ASSIGNED", owner_id=reviewer)
                with transaction.atomic():
                    Task.objects.filter(pk=pk).update(status="NEW", owner_id=None)
        return len(pks)

    def fold() -> int:
        return sum(task_counts_compact() for _round in range(20))

    results = run_together(lambda: toggle(tasks[:2]), lambda: toggle(tasks[2:]), fold, fold)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert task_counts_differences() == []
    task_counts_compact()
    assert task_counts_differences() == []
