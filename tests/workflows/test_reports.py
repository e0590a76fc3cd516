"""After the event: each attending official reports it; the letter is archived when the
reports are in, or at the archive timer with the missing ones recorded."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from viewflow.workflow.timers import fire_due_timers

from tests.workflows.walk import client_for, do_task, register, review_forward, sender_update
from workflows import selectors
from workflows.models import EventReport, FollowUp, LetterState
from workflows.selectors import LetterFilters, letters_search


def photo() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "navy").save(out, "JPEG")
    return SimpleUploadedFile("foto-acara.jpg", out.getvalue(), content_type="image/jpeg")


def scheduled_letter(world, **disposition):
    letter = register(world.clerk)
    review_forward(world.reviewer, letter, world.mayor)
    data = {"outcome": "attend", "note": "Hadir; siapkan sambutan imunisasi.", **disposition}
    do_task(world.adc, letter, "dispose", data)
    do_task(world.scheduler, letter, "schedule", {"visibility": "internal"})
    letter.refresh_from_db()
    assert letter.state == LetterState.SCHEDULED
    return letter


def test_each_attending_official_gets_a_report_to_file_after_the_event(world):
    letter = scheduled_letter(world)
    report = FollowUp.objects.get(letter=letter, kind=FollowUp.Kind.REPORT)
    assert report.official == world.mayor
    assert str(report.due_date) == "2026-12-04"  # two days after the event (2 December)
    page = client_for(world.adc).get(reverse("tindak-lanjut:index")).content.decode()
    assert "Laporan kegiatan" in page


def test_the_report_is_filed_for_the_leader_and_the_letter_archived_at_once(world):
    letter = scheduled_letter(world)
    followup = FollowUp.objects.get(letter=letter, kind=FollowUp.Kind.REPORT)
    response = client_for(world.adc).post(
        reverse("tindak-lanjut:detail", args=[followup.pk]),
        {
            "held": "1",
            "attendees": "Wali Kota Palu, Kadis Kesehatan",
            "notes": "Wali Kota mencanangkan imunisasi campak di 46 kelurahan.",
            "files": [photo()],
        },
    )
    assert response.status_code == 302
    report = EventReport.objects.get(letter=letter)
    assert (report.held, report.filed_by, report.filed_on_behalf_of) == (
        True,
        world.adc,
        world.mayor,
    )
    assert report.documents.get().original_name == "foto-acara.jpg"
    assert letter.documents.filter(original_name="foto-acara.jpg").exists()
    # Shown on the letter page, found in the archive search.
    page = (
        client_for(world.auditor).get(reverse("letters:detail", args=[letter.pk])).content.decode()
    )
    assert "imunisasi campak di 46 kelurahan" in page
    assert list(letters_search(user=world.auditor, query="campak kelurahan")) == [letter]
    # Every report is in: the archive does not wait for its timer.
    assert fire_due_timers() == 1
    letter.refresh_from_db()
    assert letter.state == LetterState.ARCHIVED
    actions = list(letter.events.values_list("action", flat=True))
    assert "report" in actions and "report_missing" not in actions


def test_an_event_that_did_not_take_place_needs_a_reason(world):
    letter = scheduled_letter(world)
    followup = FollowUp.objects.get(letter=letter, kind=FollowUp.Kind.REPORT)
    response = client_for(world.mayor_user).post(
        reverse("tindak-lanjut:detail", args=[followup.pk]), {"held": "0"}
    )
    assert response.status_code == 200
    assert "mengapa acara tidak terlaksana" in response.content.decode()
    assert not EventReport.objects.exists()


def test_someone_else_cannot_file_the_report(world):
    letter = scheduled_letter(world)
    followup = FollowUp.objects.get(letter=letter, kind=FollowUp.Kind.REPORT)
    for user in (world.deputy_adc, world.clerk, world.dept_officer, world.scheduler):
        response = client_for(user).post(
            reverse("tindak-lanjut:detail", args=[followup.pk]), {"held": "1"}
        )
        assert response.status_code == 404
    assert not EventReport.objects.exists()


def test_a_report_not_filed_by_the_archive_is_recorded_as_missing(world):
    letter = scheduled_letter(world)
    from workflows.services import letter_archive

    letter_archive(letter=letter)
    followup = FollowUp.objects.get(letter=letter, kind=FollowUp.Kind.REPORT)
    assert followup.status == FollowUp.Status.LAPSED
    missing = letter.events.get(action="report_missing")
    assert world.mayor.title in missing.note


def test_a_cancelled_event_needs_no_report(world):
    letter = scheduled_letter(world)
    response = sender_update(world.clerk, letter, {"kind": "cancel", "note": "Surat 440/9: batal."})
    assert response.status_code == 302
    followup = FollowUp.objects.get(letter=letter, kind=FollowUp.Kind.REPORT)
    assert followup.status == FollowUp.Status.LAPSED
    assert not letter.events.filter(action="report_missing").exists()


def test_the_disposition_note_is_found_in_the_archive_search(world):
    letter = scheduled_letter(world)
    found = letters_search(user=world.auditor, query="sambutan", filters=LetterFilters())
    assert list(found) == [letter]
    assert selectors.letter_followup_chain(letter=letter)  # the report is in the chain


def test_a_postponed_event_moves_the_report_and_speech_due_dates(world):
    letter = scheduled_letter(world, instructions=["sambutan"])
    response = sender_update(
        world.clerk,
        letter,
        {
            "kind": "postpone",
            "note": "Surat 440/12: diundur sepekan.",
            "local_start": "2026-12-09T09:00",
            "local_end": "2026-12-09T12:00",
            "event_time_zone": "Asia/Makassar",
            "venue": "Aula Dinas Kesehatan",
        },
    )
    assert response.status_code == 302, response.content[:300]
    due = dict(FollowUp.objects.filter(letter=letter).values_list("kind", "due_date"))
    assert str(due["report"]) == "2026-12-11"
    assert str(due["material"]) == "2026-12-08"
