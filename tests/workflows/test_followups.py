"""A disposition's follow-ups: each official named gets one, answers it or passes it on
down the line; every hop is recorded and shown; overdue ones are escalated."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from organization.models import Department, Official, Role
from tests.factories import make_user
from tests.workflows.walk import client_for, do_task, register, review_forward
from workflows.models import FollowUp
from workflows.services import followups_escalate_overdue

DUE = date(2026, 11, 30)


@pytest.fixture
def sekda_user(world):
    user = make_user("sekda_user", Role.LEADER)
    world.sekda.user = user
    world.sekda.save(update_fields=["user"])
    return user


@pytest.fixture
def kabid(world):
    return Official.objects.create(
        name="dr. Nur", position="other", title="Kabid P2P Dinkes", department=world.dinkes
    )


def represented_letter(world):
    letter = register(world.clerk)
    review_forward(world.reviewer, letter, world.mayor)
    do_task(
        world.adc,
        letter,
        "dispose",
        {
            "outcome": "represent",
            "delegates": [world.sekda.pk],
            "instructions": ["wakili", "sambutan"],
            "due_date": DUE.isoformat(),
            "note": "Sekda mewakili; siapkan sambutan.",
        },
    )
    return letter


def answer(user, followup, data):
    return client_for(user).post(reverse("tindak-lanjut:detail", args=[followup.pk]), data)


def test_the_delegate_gets_a_follow_up_in_their_worklist(world, sekda_user):
    letter = represented_letter(world)
    followup = FollowUp.objects.get(letter=letter, kind="delegation")
    assert (followup.official, followup.due_date, followup.status) == (world.sekda, DUE, "open")
    assert followup.instructions == ["wakili", "sambutan"]
    assert followup.assigned_on_behalf_of == world.mayor  # the ajudan recorded it
    page = client_for(sekda_user).get(reverse("tindak-lanjut:index")).content.decode()
    assert letter.event_title in page
    # Not in anyone else's.
    for other in (world.clerk, world.dept_officer, world.deputy_user):
        page = client_for(other).get(reverse("tindak-lanjut:index")).content.decode()
        assert letter.event_title not in page


def test_a_follow_up_passed_on_twice_then_reported(
    world, sekda_user, kabid, django_capture_on_commit_callbacks
):
    letter = represented_letter(world)
    first = FollowUp.objects.get(letter=letter, kind="delegation")
    # The Sekda re-disposes to the head of the health office...
    response = answer(
        sekda_user,
        first,
        {
            "action": "pass",
            "to": world.kadis.pk,
            "instructions": ["sambutan"],
            "note": "Mohon Kadis siapkan.",
        },
    )
    assert response.status_code == 302
    second = FollowUp.objects.get(parent=first)
    assert (second.official, second.due_date, second.assigned_by) == (world.kadis, DUE, sekda_user)
    # ...whose department officer, on the head's behalf, passes it to a Kabid...
    response = answer(
        world.dept_officer,
        second,
        {
            "action": "pass",
            "to": kabid.pk,
            "due_date": "2026-11-28",
            "note": "Kabid P2P menyiapkan bahan.",
        },
    )
    assert response.status_code == 302
    third = FollowUp.objects.get(parent=second)
    assert third.assigned_on_behalf_of == world.kadis
    assert third.due_date == date(2026, 11, 28)
    # ...and reports it done for the Kabid.
    response = answer(
        world.dept_officer, third, {"action": "done", "note": "Sambutan dikirim ke protokol."}
    )
    assert response.status_code == 302
    third.refresh_from_db()
    assert (third.status, third.answered_by, third.answered_on_behalf_of) == (
        "done",
        world.dept_officer,
        kabid,
    )
    statuses = list(
        FollowUp.objects.filter(kind="delegation").order_by("pk").values_list("status", flat=True)
    )
    assert statuses == ["passed", "passed", "done"]
    # Each hop is in the history, with on whose behalf.
    events = list(letter.events.filter(action__startswith="followup_").order_by("pk"))
    assert [e.action for e in events] == ["followup_pass", "followup_pass", "followup_done"]
    assert [e.on_behalf_of for e in events] == [None, world.kadis, kabid]
    # The chain on the letter page and on the lembar disposisi.
    for url in (
        reverse("letters:detail", args=[letter.pk]),
        reverse("letters:sheet", args=[letter.pk]),
    ):
        page = client_for(world.reviewer).get(url).content.decode()
        chain = page[page.find('class="lt-chain"') :]
        positions = [chain.find(o.title) for o in (world.sekda, world.kadis, kabid)]
        assert -1 < positions[0] < positions[1] < positions[2], url
        assert "Sambutan dikirim ke protokol." in chain


def test_a_pass_on_stays_down_the_line(world, sekda_user, kabid):
    letter = represented_letter(world)
    first = FollowUp.objects.get(letter=letter, kind="delegation")
    answer(sekda_user, first, {"action": "pass", "to": world.kadis.pk})
    second = FollowUp.objects.get(parent=first)
    # A department head passes within their own department only: not to the Camat.
    response = answer(world.dept_officer, second, {"action": "pass", "to": world.camat.pk})
    assert response.status_code == 200
    assert "to" in response.context["form"].errors
    # Nor past the due date given.
    response = answer(
        world.dept_officer, second, {"action": "pass", "to": kabid.pk, "due_date": "2026-12-31"}
    )
    assert response.status_code == 200
    assert not FollowUp.objects.filter(parent=second).exists()


def test_someone_else_cannot_see_or_answer_a_follow_up(world, sekda_user):
    letter = represented_letter(world)
    followup = FollowUp.objects.get(letter=letter, kind="delegation")
    bappeda = Department.objects.create(name="Bappeda", short_name="Bappeda")
    stranger = make_user("operator_bappeda", Role.DEPARTMENT_OFFICER)
    Official.objects.create(
        name="Op", position="other", title="Op Bappeda", department=bappeda, user=stranger
    )
    for user in (
        world.clerk,
        world.reviewer,
        world.deputy_user,
        world.deputy_adc,
        world.dept_officer,
        stranger,
    ):
        client = client_for(user)
        url = reverse("tindak-lanjut:detail", args=[followup.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"action": "accept"}).status_code == 404
    followup.refresh_from_db()
    assert followup.status == "open"


def test_an_accepted_follow_up_cannot_be_accepted_twice(world, sekda_user):
    letter = represented_letter(world)
    followup = FollowUp.objects.get(letter=letter, kind="delegation")
    assert answer(sekda_user, followup, {"action": "accept"}).status_code == 302
    again = answer(sekda_user, followup, {"action": "accept"})
    assert again.status_code == 200  # "accept" is no longer offered
    assert "action" in again.context["form"].errors


def test_an_overdue_follow_up_is_escalated_once(
    world, sekda_user, django_capture_on_commit_callbacks, immediate_tasks
):
    sekda_user.email = "sekda@example.test"
    sekda_user.save()
    letter = represented_letter(world)
    assert followups_escalate_overdue(today=DUE) == 0  # due today: not late yet
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert followups_escalate_overdue(today=date(2026, 12, 1)) == 1
    assert [m.to for m in mail.outbox] == [["sekda@example.test"]]
    assert letter.subject not in mail.outbox[0].body  # the subject may be confidential
    assert letter.events.filter(action="followup_escalate").count() == 1
    # The next day only the speech (due the day before the event) is late; the Sekda's
    # follow-up is not escalated again.
    assert followups_escalate_overdue(today=date(2026, 12, 2)) == 1
    escalated = letter.events.filter(action="followup_escalate").order_by("pk")
    assert escalated.count() == 2
    assert FollowUp.objects.get(kind="material").escalated_at is not None


def test_an_attending_leader_gets_no_follow_up_but_those_beside_him_do(world):
    letter = register(world.clerk)
    review_forward(world.reviewer, letter, world.mayor)
    do_task(
        world.adc,
        letter,
        "dispose",
        {"outcome": "attend", "delegates": [world.kadis.pk], "instructions": ["sambutan"]},
    )
    assert list(
        FollowUp.objects.filter(kind="delegation").values_list("official__title", flat=True)
    ) == [world.kadis.title]


def test_a_declined_letter_has_no_follow_ups(world):
    letter = register(world.clerk)
    review_forward(world.reviewer, letter, world.mayor)
    do_task(world.adc, letter, "dispose", {"outcome": "decline", "note": "Berhalangan."})
    assert not FollowUp.objects.exists()
