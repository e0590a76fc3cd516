"""The speech and material for an event: the instruction "siapkan sambutan/bahan" gives
the protocol office (or the official named to prepare it) a follow-up, due before the
event; the files are letter documents with their versions; the attendees are told."""

from datetime import date

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import MINIMAL_PDF
from tests.workflows.walk import client_for, do_task, register, review_forward
from workflows.models import FollowUp


def speech(content: bytes = MINIMAL_PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile("sambutan-walikota.pdf", content, content_type="application/pdf")


def attended_with_speech(world):
    letter = register(world.clerk)
    review_forward(world.reviewer, letter, world.mayor)
    do_task(
        world.adc,
        letter,
        "dispose",
        {"outcome": "attend", "instructions": ["sambutan"], "note": "Siapkan sambutan 5 menit."},
    )
    return letter


def test_a_speech_asked_for_goes_to_the_protocol_office_due_the_day_before(world):
    letter = attended_with_speech(world)
    material = FollowUp.objects.get(letter=letter, kind=FollowUp.Kind.MATERIAL)
    assert (material.official, material.role) == (None, "protocol_scheduler")
    assert material.due_date == date(2026, 12, 1)  # the event is on 2 December, 09.00 WITA
    page = client_for(world.scheduler).get(reverse("tindak-lanjut:index")).content.decode()
    assert letter.event_title in page
    for other in (world.reviewer, world.clerk, world.dept_officer, world.deputy_adc):
        url = reverse("tindak-lanjut:detail", args=[material.pk])
        assert client_for(other).get(url).status_code == 404


def test_the_official_named_to_prepare_it_gets_it_instead(world):
    letter = register(world.clerk)
    review_forward(world.reviewer, letter, world.mayor)
    data = {"outcome": "attend", "delegates": [world.kadis.pk], "instructions": ["sambutan"]}
    do_task(world.adc, letter, "dispose", data)
    material = FollowUp.objects.get(letter=letter, kind=FollowUp.Kind.MATERIAL)
    assert (material.official, material.role) == (world.kadis, "")
    # The department's officer uploads it for the head of the office.
    url = reverse("tindak-lanjut:detail", args=[material.pk])
    assert client_for(world.dept_officer).get(url).status_code == 200


def test_drafts_are_versions_and_the_attendees_are_told_when_it_is_ready(
    world, django_capture_on_commit_callbacks, immediate_tasks
):
    letter = attended_with_speech(world)
    material = FollowUp.objects.get(letter=letter, kind=FollowUp.Kind.MATERIAL)
    url = reverse("tindak-lanjut:detail", args=[material.pk])
    scheduler = client_for(world.scheduler)
    assert scheduler.post(url, {"files": [speech()], "note": "Draf 1"}).status_code == 302
    material.refresh_from_db()
    assert material.status == FollowUp.Status.OPEN  # uploaded, not ready yet
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = scheduler.post(
            url, {"files": [speech(MINIMAL_PDF + b"%v2")], "note": "Final.", "ready": "on"}
        )
    assert response.status_code == 302
    material.refresh_from_db()
    assert material.status == FollowUp.Status.DONE
    first, second = material.documents.order_by("pk")
    assert second.previous_version == first  # the corrected draft keeps the first
    assert set(letter.documents.values_list("pk", flat=True)) >= {first.pk, second.pk}
    # The mayor and his staff are told, without the letter's subject.
    recipients = sorted(address for m in mail.outbox for address in m.to)
    assert recipients == sorted([world.mayor_user.email, world.adc.email])
    assert letter.subject not in mail.outbox[0].body
    # The attendee sees it on the letter page.
    page = client_for(world.mayor_user).get(reverse("letters:detail", args=[letter.pk]))
    assert "sambutan-walikota.pdf" in page.content.decode()
    assert "Sambutan / bahan acara" in page.content.decode()


def test_ready_without_a_file_is_refused(world):
    letter = attended_with_speech(world)
    material = FollowUp.objects.get(letter=letter, kind=FollowUp.Kind.MATERIAL)
    url = reverse("tindak-lanjut:detail", args=[material.pk])
    response = client_for(world.scheduler).post(url, {"ready": "on"})
    assert response.status_code == 200
    assert "sebelum menandai siap" in response.content.decode()
    material.refresh_from_db()
    assert material.status == FollowUp.Status.OPEN


def test_a_missing_speech_close_to_the_event_is_escalated_to_the_protocol_office(
    world, django_capture_on_commit_callbacks, immediate_tasks
):
    from workflows.services import followups_escalate_overdue

    attended_with_speech(world)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert followups_escalate_overdue(today=date(2026, 12, 2)) == 1
    assert [m.to for m in mail.outbox] == [[world.scheduler.email]]


def test_the_attendee_finds_the_speech_on_the_agenda_item(world):
    from calendar_sync.models import AgendaItem
    from tests.factories import agenda_item, wita

    letter = attended_with_speech(world)
    material = FollowUp.objects.get(letter=letter, kind=FollowUp.Kind.MATERIAL)
    url = reverse("tindak-lanjut:detail", args=[material.pk])
    client_for(world.scheduler).post(url, {"files": [speech()], "ready": "on"})
    do_task(world.scheduler, letter, "schedule", {"visibility": "internal"})
    item = AgendaItem.objects.get(source=letter.agenda_source)
    page = client_for(world.adc).get(reverse("jadwal:item", args=[item.pk])).content.decode()
    assert "sambutan-walikota.pdf" in page
    assert reverse("letters:detail", args=[letter.pk]) in page
    # An item entered by hand has no letter block.
    own = agenda_item(world.mayor, wita(15), wita(16), title="Rapat internal")
    page = client_for(world.adc).get(reverse("jadwal:item", args=[own.pk])).content.decode()
    assert "Dari surat undangan" not in page
