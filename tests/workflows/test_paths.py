"""One walkthrough per path of the process, over HTTP, as the role that does each step."""

import pytest
from django.urls import reverse

from calendar_sync.models import AgendaItem
from tests.factories import make_world
from tests.workflows.walk import client_for, do_task, register
from workflows.models import LetterState


@pytest.fixture
def world(db):
    return make_world()


def test_attended_letter_is_registered_reviewed_disposed_scheduled(world):
    letter = register(world.clerk)
    assert letter.state == LetterState.RECEIVED
    assert letter.agenda_number == "0001/UND/2026"
    do_task(world.reviewer, letter, "review", {"decision": "forward", "leader": world.mayor.pk})
    do_task(
        world.mayor_user,
        letter,
        "dispose",
        {"outcome": "attend", "instructions": ["sambutan"], "note": "Siapkan sambutan."},
    )
    do_task(world.scheduler, letter, "schedule", {"visibility": "public", "confirmed": "on"})
    letter.refresh_from_db()
    assert letter.state == LetterState.SCHEDULED
    item = AgendaItem.objects.get(source=f"letter:{letter.pk}")
    assert item.official == world.mayor
    assert item.status == AgendaItem.Status.CONFIRMED
    page = client_for(world.auditor).get(reverse("letters:detail", args=[letter.pk]))
    assert page.status_code == 200
    assert b"0001/UND/2026" in page.content
