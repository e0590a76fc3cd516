"""Who may do what: every role against every action, and "someone else cannot"."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from viewflow.workflow.models import Task

from calendar_sync.models import AgendaItem
from documents.models import DocumentAccess
from tests.factories import ROLE_USERS, letter_form_data, scan
from tests.workflows.walk import (
    client_for,
    do_task,
    open_task,
    register,
    review_forward,
    sender_update,
)
from workflows import services
from workflows.models import AgendaCounter, Disposition, Letter, LetterEvent, LetterState

# World attribute names of one user per role.
ROLES = ROLE_USERS
READERS = {"clerk", "reviewer", "mayor_user", "adc", "scheduler", "auditor", "admin"}
ALLOWED = {
    "register": {"clerk"},
    "review": {"reviewer"},
    "dispose": {"mayor_user", "adc"},
    "schedule": {"scheduler"},
    "record_sender_update": {"clerk", "reviewer"},
    "open_letter_page": READERS,
    "open_document": READERS,
}
REFUSED_STATUSES = (403, 404)


def snapshot() -> tuple:
    """Everything an action could change, except the access log of reads."""
    return (
        sorted(Letter.objects.values_list("pk", "state", "leader_id", "outcome", "event_start")),
        LetterEvent.objects.count(),
        Disposition.objects.count(),
        sorted(AgendaItem.objects.values_list("pk", "status", "start")),
        sorted(Task.objects.values_list("pk", "status", "owner_id")),
        list(AgendaCounter.objects.values_list("year", "last")),
    )


def attempt_task(user: Any, letter: Letter, node: str, data: dict[str, Any]) -> Any:
    """Try to take and finish a task as ``user``; the first refusal is the answer. A task
    already assigned (a leader's dispose task) cannot be taken by anyone: it is executed
    straight away by whoever may."""
    task = open_task(letter, node)
    client = client_for(user)
    if task.status == "ASSIGNED":
        taken = client.post(reverse(f"letter:{node}:assign", args=[task.process_id, task.pk]))
        assert taken.status_code in REFUSED_STATUSES, taken.status_code
        return client.post(reverse(f"letter:{node}:execute", args=[task.process_id, task.pk]), data)
    assign = client.post(reverse(f"letter:{node}:assign", args=[task.process_id, task.pk]))
    if assign.status_code != 302:
        # Refused at the queue; the task page itself must refuse too.
        execute = client.post(
            reverse(f"letter:{node}:execute", args=[task.process_id, task.pk]), data
        )
        assert execute.status_code in REFUSED_STATUSES, execute.status_code
        return assign
    return client.post(reverse(f"letter:{node}:execute", args=[task.process_id, task.pk]), data)


def reviewed_letter(world: Any) -> Letter:
    letter = register(world.clerk)
    review_forward(world.reviewer, letter, world.mayor)
    return letter


@dataclass
class Action:
    """Set up what the action needs (as the other roles), then try it as ``user``."""

    setup: Callable[[Any], Any]
    act: Callable[[Any, Any, Any], Any]
    took_effect: Callable[[Any, Any, Any, Any], bool]  # (world, user, context, response)


def _register(world: Any, user: Any, _: Any) -> Any:
    data = {**letter_form_data(subject="Undangan HUT Kota"), "scans": [scan()]}
    return client_for(user).post(reverse("letter:register:execute"), data)


def _disposed_letter(world: Any) -> Letter:
    letter = reviewed_letter(world)
    do_task(world.mayor_user, letter, "dispose", {"outcome": "attend"})
    return letter


def _state_is(state: str) -> Callable[..., bool]:
    return lambda world, user, letter, response: Letter.objects.get(pk=letter.pk).state == state


POSTPONE = {
    "kind": "postpone",
    "note": "Surat susulan 440/1300/Dinkes/2026.",
    "local_start": "2026-12-03T09:00",
    "event_time_zone": "Asia/Makassar",
}

ACTIONS = {
    "register": Action(
        setup=lambda world: None,
        act=_register,
        took_effect=lambda world, user, _, response: Letter.objects.filter(
            subject="Undangan HUT Kota"
        ).exists(),
    ),
    "review": Action(
        setup=lambda world: register(world.clerk),
        act=lambda world, user, letter: attempt_task(
            user, letter, "review", {"decision": "forward", "leader": world.mayor.pk}
        ),
        took_effect=_state_is(LetterState.REVIEWED),
    ),
    "dispose": Action(
        setup=reviewed_letter,
        act=lambda world, user, letter: attempt_task(
            user, letter, "dispose", {"outcome": "attend"}
        ),
        took_effect=_state_is(LetterState.DISPOSED),
    ),
    "schedule": Action(
        setup=_disposed_letter,
        act=lambda world, user, letter: attempt_task(
            user, letter, "schedule", {"visibility": "internal"}
        ),
        took_effect=_state_is(LetterState.SCHEDULED),
    ),
    "record_sender_update": Action(
        setup=reviewed_letter,
        act=lambda world, user, letter: sender_update(user, letter, POSTPONE),
        took_effect=lambda world, user, letter, response: letter.events.filter(
            action="postpone"
        ).exists(),
    ),
    "open_letter_page": Action(
        setup=reviewed_letter,
        act=lambda world, user, letter: client_for(user).get(
            reverse("letters:detail", args=[letter.pk])
        ),
        took_effect=lambda world, user, letter, response: (
            letter.letter_number in response.content.decode()
        ),
    ),
    "open_document": Action(
        setup=reviewed_letter,
        act=lambda world, user, letter: client_for(user).get(
            reverse("letters:document", args=[letter.pk, letter.documents.get().pk])
        ),
        took_effect=lambda world, user, letter, response: DocumentAccess.objects.filter(
            user=user
        ).exists(),
    ),
}
assert set(ACTIONS) == set(ALLOWED)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_each_role_may_do_exactly_the_actions_of_its_role(world, action, role):
    user, spec = getattr(world, role), ACTIONS[action]
    context = spec.setup(world)
    before = snapshot()
    response = spec.act(world, user, context)
    if role in ALLOWED[action]:
        expected = 200 if action.startswith("open_") else 302
        assert response.status_code == expected, response.content[:2000]
        assert spec.took_effect(world, user, context, response)
    else:
        assert response.status_code in REFUSED_STATUSES, response.status_code
        assert not spec.took_effect(world, user, context, response)
        assert snapshot() == before
        assert not DocumentAccess.objects.filter(user=user).exists()


# Someone else cannot: the explicit cases


def test_a_department_officer_cannot_dispose_even_their_own_departments_letter(world):
    letter = register(world.clerk, sender_department=world.dinkes.pk)
    review_forward(world.reviewer, letter, world.mayor)
    letter.refresh_from_db()
    assert letter.sender_department == world.dinkes
    page = client_for(world.dept_officer).get(reverse("letters:detail", args=[letter.pk]))
    assert page.status_code == 200  # they follow their own department's letter
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.letter_dispose(actor=world.dept_officer, letter=letter, outcome="attend")
    response = attempt_task(world.dept_officer, letter, "dispose", {"outcome": "attend"})
    assert response.status_code in REFUSED_STATUSES
    assert snapshot() == before
    assert open_task(letter, "dispose").owner == world.mayor_user


def test_a_department_officer_does_not_see_other_departments_letters(world):
    own = register(world.clerk, sender_department=world.dinkes.pk, subject="Undangan Dinkes")
    other = register(world.clerk, subject="Undangan Kecamatan")
    client = client_for(world.dept_officer)
    assert client.get(reverse("letters:detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("letters:detail", args=[other.pk])).status_code == 404
    listing = client.get(reverse("letters:index")).content.decode()
    assert "Undangan Dinkes" in listing
    assert "Undangan Kecamatan" not in listing


def test_the_deputys_ajudan_cannot_dispose_the_mayors_letter(world):
    letter = reviewed_letter(world)
    letter.refresh_from_db()
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.letter_dispose(actor=world.deputy_adc, letter=letter, outcome="attend")
    task = open_task(letter, "dispose")
    client = client_for(world.deputy_adc)
    assign = client.post(reverse("letter:dispose:assign", args=[task.process_id, task.pk]))
    execute = client.post(
        reverse("letter:dispose:execute", args=[task.process_id, task.pk]), {"outcome": "attend"}
    )
    assert assign.status_code in REFUSED_STATUSES
    assert execute.status_code in REFUSED_STATUSES
    assert snapshot() == before
    assert client.get(reverse("letters:detail", args=[letter.pk])).status_code == 404


def test_the_deputys_ajudan_disposes_the_deputys_letter_on_the_deputys_behalf(world):
    letter = register(world.clerk)
    review_forward(world.reviewer, letter, world.deputy)
    do_task(world.deputy_adc, letter, "dispose", {"outcome": "attend"})
    event = LetterEvent.objects.get(letter=letter, action="dispose_attend")
    assert (event.actor, event.on_behalf_of) == (world.deputy_adc, world.deputy)
    # ... and the mayor's own ajudan and the mayor himself had no say in it.
    other = register(world.clerk)
    review_forward(world.reviewer, other, world.deputy)
    other.refresh_from_db()
    for outsider in (world.adc, world.mayor_user):
        with pytest.raises(PermissionDenied):
            services.letter_dispose(actor=outsider, letter=other, outcome="attend")
        assert attempt_task(outsider, other, "dispose", {"outcome": "attend"}).status_code in (
            REFUSED_STATUSES
        )
    assert Letter.objects.get(pk=other.pk).state == LetterState.REVIEWED


def test_an_auditor_reads_every_letter_and_its_history_but_changes_nothing(world):
    declined = reviewed_letter(world)
    do_task(world.adc, declined, "dispose", {"outcome": "decline", "note": "Dinas luar kota."})
    rejected = register(world.clerk)
    do_task(world.reviewer, rejected, "review", {"decision": "reject", "note": "Salah alamat."})
    returned = register(world.clerk)
    do_task(world.reviewer, returned, "review", {"decision": "return", "note": "Tanpa lampiran."})
    scheduled = reviewed_letter(world)
    do_task(world.mayor_user, scheduled, "dispose", {"outcome": "attend"})
    do_task(world.scheduler, scheduled, "schedule", {"visibility": "internal"})

    client = client_for(world.auditor)
    before = snapshot()
    for letter, note in [
        (declined, "Dinas luar kota."),
        (rejected, "Salah alamat."),
        (returned, "Tanpa lampiran."),
        (scheduled, "Surat diregistrasi."),
    ]:
        page = client.get(reverse("letters:detail", args=[letter.pk]))
        assert page.status_code == 200
        html = page.content.decode()
        assert note in html
        assert len(page.context["letter"].events.all()) == letter.events.count() >= 2
        assert client.get(reverse("letters:sheet", args=[letter.pk])).status_code == 200
        document = letter.documents.get()
        opened = client.get(reverse("letters:document", args=[letter.pk, document.pk]))
        assert opened.status_code == 200
        assert b"".join(opened.streaming_content).startswith(b"%PDF-")
    listing = client.get(reverse("letters:index")).content.decode()
    for letter in (declined, rejected, returned, scheduled):
        assert letter.agenda_number in listing

    # Writes are refused.
    refused = client.post(
        reverse("letters:sender_update", args=[scheduled.pk]),
        {"kind": "cancel", "note": "Batal."},
    )
    assert refused.status_code == 403
    assert attempt_task(world.auditor, returned, "correct", {}).status_code in REFUSED_STATUSES
    data = {**letter_form_data(), "scans": [scan()]}
    assert client.post(reverse("letter:register:execute"), data).status_code == 403
    assert snapshot() == before
    assert DocumentAccess.objects.filter(user=world.auditor).count() == 4


def test_another_leaders_ajudan_cannot_read_the_letter_through_its_task_pages(world):
    letter = reviewed_letter(world)
    task = open_task(letter, "dispose")
    review = letter.process.task_set.get(flow_task__endswith=".review")
    pages = [
        reverse("letter:dispose:detail", args=[task.process_id, task.pk]),
        reverse("letter:review:detail", args=[review.process_id, review.pk]),
        reverse("letter:process_detail", args=[task.process_id]),
    ]
    outsider, own = client_for(world.deputy_adc), client_for(world.adc)
    for url in pages:
        response = outsider.get(url)
        assert response.status_code in REFUSED_STATUSES, url
        assert letter.agenda_number not in response.content.decode()
        assert own.get(url).status_code == 200, url
