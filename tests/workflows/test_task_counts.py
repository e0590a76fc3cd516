"""The open tasks' numbers that triggers on viewflow's task table keep
(``workflows.task_counts``): they follow every way a task changes (the flow's own steps,
a bulk UPDATE, raw SQL, a DELETE), fold without changing, and a flush leaves none."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from tests.workflows.walk import client_for, do_task, open_task, register, review_forward
from workflows.flows import LetterFlow
from workflows.models import TaskCountDelta
from workflows.task_counts import task_counts_compact, task_counts_differences
from workflows.worklists import worklist_counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def letters(world):
    """Letters at every open step: waiting for review, taken for review, at the mayor's."""
    waiting = [register(world.clerk) for _ in range(3)]
    taken = register(world.clerk, subject="Diambil")
    task = open_task(taken, "review")
    assert (
        client_for(world.reviewer)
        .post(reverse("letter:review:assign", args=[task.process_id, task.pk]), {})
        .status_code
        == 302
    )
    review_forward(world.reviewer, register(world.clerk), world.mayor)
    return waiting, taken


def test_the_kept_numbers_follow_the_flow_step_by_step(world):
    assert task_counts_differences() == []
    letter = register(world.clerk)
    assert task_counts_differences() == []
    assert worklist_counts(user=world.reviewer, flow_class=LetterFlow).queue == 1
    review_forward(world.reviewer, letter, world.mayor)
    assert task_counts_differences() == []
    counts = worklist_counts(user=world.mayor_user, flow_class=LetterFlow)
    assert (counts.inbox, counts.inbox_dispose) == (1, 1)
    assert worklist_counts(user=world.reviewer, flow_class=LetterFlow).queue == 0
    assert worklist_counts(user=world.adc, flow_class=LetterFlow).inbox == 1


def test_a_change_outside_the_orm_is_counted_too(letters, world):
    waiting, _taken = letters
    # Taken from the queue in bulk, by raw SQL, and one task deleted outright.
    first, second, third = (open_task(letter, "review") for letter in waiting)
    Task.objects.filter(pk=first.pk).update(status=STATUS.ASSIGNED, owner=world.reviewer)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE viewflow_task SET status = 'CANCELED' WHERE id = %s", [second.pk])
    Task.objects.filter(pk=third.pk).delete()
    assert task_counts_differences() == []
    counts = worklist_counts(user=world.reviewer, flow_class=LetterFlow)
    assert (counts.inbox, counts.queue, counts.own) == (2, 0, 2)


def test_a_change_of_an_uncounted_column_adds_no_row(letters):
    before = TaskCountDelta.objects.count()
    Task.objects.filter(status=STATUS.NEW).update(external_task_id="x")
    assert TaskCountDelta.objects.count() == before


def test_folding_keeps_the_numbers_and_drops_the_rows_that_cancel(letters, world):
    users = [world.reviewer, world.mayor_user, world.adc, world.clerk]
    before = {u.pk: worklist_counts(user=u, flow_class=LetterFlow) for u in users}
    rows = TaskCountDelta.objects.count()
    assert TaskCountDelta.objects.filter(n__lt=0).exists()  # tasks taken, steps done
    folded = task_counts_compact()
    assert folded == rows
    assert not TaskCountDelta.objects.filter(n__lte=0).exists()
    assert TaskCountDelta.objects.count() < rows
    assert {u.pk: worklist_counts(user=u, flow_class=LetterFlow) for u in users} == before
    assert task_counts_differences() == []
    assert task_counts_compact() == TaskCountDelta.objects.count()  # nothing more to fold


def test_the_check_command_reports_a_number_that_was_tampered_with(letters, capsys):
    call_command("verify_task_counts")
    assert "cocok" in capsys.readouterr().out
    row = TaskCountDelta.objects.first()
    TaskCountDelta.objects.create(
        flow_task=row.flow_task,
        flow_task_type=row.flow_task_type,
        status=row.status,
        owner_permission=row.owner_permission,
        n=5,
    )
    with pytest.raises(CommandError, match="berbeda"):
        call_command("verify_task_counts")


def test_the_timer_round_folds_the_numbers(letters):
    from organization.management.commands.run_timers import SWEEPS

    assert "task_counts_compact" in SWEEPS


@pytest.mark.django_db(transaction=True)
def test_emptying_the_database_leaves_no_number_behind(world):
    register(world.clerk)
    assert TaskCountDelta.objects.exists()
    call_command("flush", interactive=False, verbosity=0)
    assert not Task.objects.exists()
    assert not TaskCountDelta.objects.exists()


def test_the_triggers_are_installed(db):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'viewflow_task'::regclass "
                "AND NOT tgisinternal"
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master "
                "WHERE type = 'trigger' AND tbl_name = 'viewflow_task'"
            )
        names = {row[0] for row in cursor.fetchall()}
    expected = (
        {"lontar_task_count"}
        if connection.vendor == "postgresql"
        else {f"lontar_task_count_{op}" for op in ("insert", "update", "delete")}
    )
    assert expected <= names


def test_a_finished_step_leaves_its_owner_nothing_to_count(world):
    letter = register(world.clerk)
    review_forward(world.reviewer, letter, world.mayor)
    do_task(
        world.mayor_user,
        letter,
        "dispose",
        {"outcome": "attend"},
    )
    assert task_counts_differences() == []
    assert worklist_counts(user=world.mayor_user, flow_class=LetterFlow).inbox == 0
