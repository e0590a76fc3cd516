"""The archive search finds what was said about a letter after its registration: the
disposition's note and instructions, each recipient's note, the follow-ups' instructions,
notes and answers, the activity reports and the answer to an online request, with the
letter's own permissions."""

from datetime import date

import pytest
from django.urls import reverse

from organization.models import Official
from tests.factories import letter_values, make_user, scan
from tests.intake.walk import latest_request, submit_public, verify_data
from tests.workflows.walk import client_for, do_task, review_forward
from workflows import services
from workflows.models import FollowUp, Letter, LetterSearch
from workflows.search import letters_search_index_rebuild
from workflows.selectors import LetterFilters, letters_search


def found(user, query: str) -> list[Letter]:
    return list(letters_search(user=user, query=query, filters=LetterFilters()))


def forwarded(world, **values) -> Letter:
    letter = services.letter_register(
        actor=world.clerk, values=letter_values(**values), uploads=[scan()]
    )
    services.letter_forward(actor=world.reviewer, letter=letter, leader=world.mayor)
    letter.refresh_from_db()
    return letter


@pytest.fixture
def disposed(world) -> Letter:
    """Represented by the health office's head, who must prepare the speech."""
    letter = forwarded(world)
    services.letter_dispose(
        actor=world.mayor_user,
        letter=letter,
        outcome="represent",
        note="Mohon diwakili Kadis.",
        delegates=[world.kadis],
        instructions=["wakili", "koordinasikan"],
        due_date=date(2026, 11, 30),
    )
    return letter


def test_a_disposition_note_finds_the_letter(world):
    letter = forwarded(world)
    services.letter_dispose(
        actor=world.mayor_user, letter=letter, outcome="attend", note="Siapkan naskah sambutan."
    )
    assert found(world.auditor, "sambutan") == [letter]


def test_the_instructions_are_found_by_their_words_as_the_sheet_prints_them(world, disposed):
    # "Koordinasikan" is only an instruction of the recipient, not in any note.
    assert found(world.auditor, "koordinasikan") == [disposed]
    assert found(world.auditor, "Kadis") == [disposed]


def test_an_accepted_then_completed_follow_up_is_found_by_its_new_words(world, disposed):
    followup = FollowUp.objects.get(letter=disposed, official=world.kadis)
    assert found(world.auditor, "gladi") == []
    services.followup_accept(
        actor=world.dept_officer, followup=followup, note="Gladi bersih hari Senin."
    )
    assert found(world.auditor, "gladi") == [disposed]
    services.followup_complete(
        actor=world.dept_officer,
        followup=followup,
        result="Kadis membacakan amanat di lapangan Vatulemo.",
    )
    assert found(world.auditor, "amanat") == [disposed]
    assert found(world.auditor, "gladi") == []  # the answer was replaced


def test_a_follow_up_passed_on_is_found_by_its_note(world, disposed):
    kabid = Official.objects.create(
        name="dr. Nur", position="other", title="Kabid P2P Dinkes", department=world.dinkes
    )
    followup = FollowUp.objects.get(letter=disposed, official=world.kadis)
    services.followup_pass_on(
        actor=world.dept_officer,
        followup=followup,
        to=kabid,
        instructions=["dilaksanakan"],
        note="Tolong siapkan data cakupan posyandu.",
    )
    assert found(world.auditor, "posyandu") == [disposed]


def test_a_confidential_letters_note_is_not_found_by_who_cannot_read_the_letter(world):
    secret = forwarded(world, security_class="rahasia", sender_department=None)
    services.letter_dispose(
        actor=world.mayor_user, letter=secret, outcome="attend", note="Siapkan sambutan tertutup."
    )
    assert found(world.auditor, "sambutan") == [secret]
    assert found(world.mayor_user, "sambutan") == [secret]
    # Neither another leader's staff nor a department officer may read it, nor find it.
    assert found(world.deputy_adc, "sambutan") == []
    assert found(world.dept_officer, "sambutan") == []
    outsider = make_user("camat_user", "department_officer")
    assert found(outsider, "tertutup") == []


def test_a_department_officer_finds_their_own_departments_letter_by_its_note(world):
    letter = forwarded(world, sender_department=world.dinkes)
    services.letter_dispose(
        actor=world.mayor_user, letter=letter, outcome="attend", note="Siapkan sambutan."
    )
    assert found(world.dept_officer, "sambutan") == [letter]


def test_rebuilding_the_index_includes_what_was_said(world, disposed):
    LetterSearch.objects.all().delete()
    assert found(world.auditor, "koordinasikan") == []
    assert letters_search_index_rebuild() == 1
    assert found(world.auditor, "koordinasikan") == [disposed]
    assert found(world.auditor, "diwakili") == [disposed]


def test_the_answer_to_an_online_request_is_found(world):
    submit_public(organisation="Universitas Tadulako")
    letter = latest_request().letter
    do_task(world.clerk, letter, "verify", verify_data(letter))
    review_forward(world.reviewer, letter, world.mayor)
    do_task(world.adc, letter, "dispose", {"outcome": "decline", "note": "Berhalangan."})
    assert found(world.auditor, "berhalangan") == [letter]
    assert found(world.auditor, "kunjungan") == []
    client_for(world.reviewer).post(
        reverse("permohonan:answer", args=[letter.pk]),
        {"text": "Mohon maaf, ada kunjungan kerja ke Jakarta."},
    )
    assert found(world.auditor, "kunjungan") == [letter]
