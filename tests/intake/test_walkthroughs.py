"""Online requests from submission to the answer, over HTTP as each role."""

import re

from django.core import mail
from django.urls import reverse

from intake.models import OnlineRequest
from intake.services import CODE_ALPHABET, CODE_LENGTH
from tests.intake.walk import latest_request, submit_department, submit_public, verify_data
from tests.workflows.walk import client_for, do_task, open_task, review_forward
from workflows.models import Channel, LetterState


def status_page(code: str) -> str:
    from django.test import Client

    response = Client().get(reverse("requests_public:status", args=[code]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_department_request_is_verified_decided_and_answered(
    world, django_capture_on_commit_callbacks, immediate_tasks
):
    officer = client_for(world.dept_officer)
    response = submit_department(officer, subject="Permohonan kehadiran Wali Kota")
    assert response.status_code == 302, response.content[:500]
    online = latest_request()
    letter = online.letter
    assert (letter.channel, letter.state, letter.agenda_number) == (
        Channel.DEPARTMENT,
        LetterState.RECEIVED,
        None,
    )
    assert letter.sender_department == world.dinkes  # the officer's, whatever was typed
    assert online.submitted_by == world.dept_officer
    # The department follows it: waiting for the mailroom.
    page = officer.get(reverse("permohonan:index")).content.decode()
    assert "Menunggu verifikasi persuratan" in page
    assert online.tracking_code in page

    # The mailroom verifies it: the fields are already filled, it gets its agenda number.
    task = open_task(letter, "verify")
    clerk = client_for(world.clerk)
    clerk.post(reverse("letter:verify:assign", args=[task.process_id, task.pk]))
    page = clerk.get(reverse("letter:verify:execute", args=[task.process_id, task.pk]))
    assert page.status_code == 200
    assert 'value="Permohonan kehadiran Wali Kota"' in page.content.decode()
    do_task(world.clerk, letter, "verify", verify_data(letter))
    letter.refresh_from_db()
    assert letter.agenda_number == "0001/UND/2026"
    assert letter.registered_by == world.clerk
    assert open_task(letter, "review").status == "NEW"
    assert [e.action for e in letter.events.all()] == ["receive_online", "register"]

    review_forward(world.reviewer, letter, world.mayor, note="Catatan internal protokol.")
    do_task(world.adc, letter, "dispose", {"outcome": "attend", "note": "Siapkan sambutan."})
    letter.refresh_from_db()
    assert letter.state == LetterState.DISPOSED

    # The protocol office answers from the letter page; the officer is told by e-mail
    # (their notification, notifications/).
    reviewer = client_for(world.reviewer)
    detail = reviewer.get(reverse("letters:detail", args=[letter.pk])).content.decode()
    answer_url = reverse("permohonan:answer", args=[letter.pk])
    assert answer_url in detail
    form = reviewer.get(answer_url)
    assert "berkenan hadir" in form.context["form"].initial["text"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer.post(answer_url, {"text": "Wali Kota berkenan hadir. Terima kasih."})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[world.dept_officer.email]]
    assert "Wali Kota berkenan hadir." in mail.outbox[0].body

    page = officer.get(reverse("permohonan:index")).content.decode()
    assert "Hadir" in page and world.mayor.title in page
    assert "Catatan internal protokol." not in page


def test_a_public_request_is_followed_by_its_code_to_the_answer(
    world, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = submit_public()
    assert response.status_code == 302
    online = latest_request()
    code = online.tracking_code
    assert response["Location"] == reverse("requests_public:status", args=[code]) + "?baru=1"
    assert len(code) >= 10 and set(code) <= set(CODE_ALPHABET) and len(code) == CODE_LENGTH
    # The code on the page and by e-mail.
    assert code in status_page(code)
    assert [m.to for m in mail.outbox] == [["rahmat@untad.example"]]
    assert code in mail.outbox[0].body
    assert "sedang diperiksa bagian persuratan" in status_page(code)
    letter = online.letter
    assert (letter.channel, letter.sender) == (Channel.PUBLIC, "Universitas Tadulako")
    assert letter.documents.get().uploaded_by is None
    assert online.consent_at is not None

    do_task(world.clerk, letter, "verify", verify_data(letter))
    assert "ditelaah bagian protokol" in status_page(code)
    review_forward(
        world.reviewer, letter, world.mayor, note="Bentrok dengan rapat DPRD; usul tolak."
    )
    assert "Menunggu keputusan pimpinan" in status_page(code)
    do_task(
        world.adc, letter, "dispose", {"outcome": "decline", "note": "Kunjungan kerja ke Jakarta."}
    )
    page = status_page(code)
    assert "jawaban sedang disiapkan" in page
    assert "tidak dapat hadir" not in page  # the decision is told with the answer

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.scheduler).post(
            reverse("permohonan:answer", args=[letter.pk]),
            {"text": "Mohon maaf, Wali Kota tidak dapat hadir. Terima kasih atas undangannya."},
        )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["rahmat@untad.example"]]
    page = status_page(code)
    assert "Pimpinan tidak dapat hadir." in page
    assert "Mohon maaf, Wali Kota tidak dapat hadir." in page
    # Nothing internal: no notes, no staff, no agenda number.
    letter.refresh_from_db()
    for internal in (
        "Bentrok dengan rapat DPRD",
        "Kunjungan kerja ke Jakarta",
        world.clerk.email,
        world.reviewer.email,
        world.adc.get_full_name(),
        world.scheduler.email,
        letter.agenda_number,
    ):
        assert internal not in page


def test_the_mailroom_refuses_a_request_that_is_no_invitation(world):
    submit_public(event_title="Promosi produk")
    online = latest_request()
    do_task(
        world.clerk,
        online.letter,
        "verify",
        verify_data(online.letter, decision="refuse", note="Bukan undangan; iklan.", subject=""),
    )
    letter = online.letter
    letter.refresh_from_db()
    assert letter.state == LetterState.ARCHIVED
    assert letter.agenda_number is None
    assert [e.action for e in letter.events.all()] == ["receive_online", "refuse", "archive"]
    page = status_page(online.tracking_code)
    assert "tidak dapat diproses" in page
    assert "iklan" not in page


def test_a_refusal_needs_a_reason(world):
    submit_public()
    letter = latest_request().letter
    response = do_task(
        world.clerk, letter, "verify", verify_data(letter, decision="refuse"), expect_ok=False
    )
    assert response.status_code == 200
    assert "note" in response.context["form"].errors
    letter.refresh_from_db()
    assert letter.state == LetterState.RECEIVED


def test_a_code_is_found_whatever_its_case_and_spacing(world):
    submit_public()
    code = latest_request().tracking_code
    from django.test import Client

    spaced = " ".join(re.findall("....", code.lower()))
    response = Client().get(reverse("requests_public:lookup"), {"code": spaced})
    assert response.status_code == 302
    assert response["Location"] == reverse("requests_public:status", args=[code])
    assert OnlineRequest.objects.count() == 1
