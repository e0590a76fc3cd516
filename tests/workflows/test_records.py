"""Letters as records: classification, retention dates at the archive, legal holds and
disposal through a berita acara (only the named originals go; their checksums stay)."""

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse

from documents.models import Document
from records.models import ClassificationCode
from tests.factories import letter_values, scan
from tests.workflows.walk import client_for, do_task, letter_in_state, register
from workflows import services
from workflows.classification import letters_due_for_disposal, region_today
from workflows.models import DisposedOriginal, LegalHold, Letter, LetterEvent
from workflows.services import records as records_services

PAST = date(2020, 1, 1)


def code(value: str) -> ClassificationCode:
    return ClassificationCode.objects.get(code=value)


def archived(world, **values) -> Letter:
    return letter_in_state(world, "archived", **values)


def due(world, **values) -> Letter:
    """An archived letter whose inactive retention ended long ago (years have passed)."""
    letter = archived(world, **values)
    Letter.objects.filter(pk=letter.pk).update(retention_inactive_until=PAST)
    letter.refresh_from_db()
    return letter


def stored_path(name: str) -> Path:
    return Path(settings.MEDIA_ROOT) / name


def dispose(world, letters, number="BA/001/2026", **kwargs):
    return records_services.disposal_record(
        actor=world.admin,
        number=number,
        decided_on=date(2026, 12, 2),
        approved_by="Sekretaris Daerah Kota Palu",
        reason="JRA Perkada 12/2024; dinilai tidak berguna lagi.",
        letters=letters,
        **kwargs,
    )


def test_a_registered_letter_gets_its_channels_default_code(world):
    letter = services.letter_register(actor=world.clerk, values=letter_values(), uploads=[scan()])
    assert letter.classification == code("400.14.2")


def test_the_registration_form_is_prefilled_with_the_default_and_takes_another(world):
    client = client_for(world.clerk)
    page = client.get(reverse("letter:register:execute")).content.decode()
    assert f'<option value="{code("400.14.2").pk}" selected>' in page
    letter = register(world.clerk, classification=code("000.2.1").pk)
    assert letter.classification == code("000.2.1")


def test_the_reviewer_corrects_the_code_at_review_and_the_history_says_so(world):
    letter = register(world.clerk)
    do_task(
        world.reviewer,
        letter,
        "review",
        {"decision": "forward", "leader": world.mayor.pk, "classification": code("400.14.3").pk},
    )
    letter.refresh_from_db()
    assert letter.classification == code("400.14.3")
    event = LetterEvent.objects.get(letter=letter, action="classify")
    assert event.actor == world.reviewer and "400.14.3" in event.note


@pytest.mark.parametrize(
    ("value", "active", "inactive", "final"),
    [
        ("400.14.2", 2, 5, "destroy"),  # 2 + 3 years
        ("400.14.5", 2, 10, "permanent"),  # 2 + 8 years
        ("400.14.4", 2, 7, "reappraise"),  # 2 + 5 years
    ],
)
def test_the_archived_letter_gets_the_retention_of_its_code(world, value, active, inactive, final):
    letter = letter_in_state(world, "declined", classification=code(value))
    letter = services.letter_archive(letter=letter)
    letter.refresh_from_db()
    today = region_today()
    assert letter.retention_active_until == today.replace(year=today.year + active)
    assert letter.retention_inactive_until == today.replace(year=today.year + inactive)
    assert letter.final_disposition == final


def test_a_later_change_of_the_code_leaves_archived_letters_as_they_were(world):
    letter = archived(world)
    until = letter.retention_inactive_until
    ClassificationCode.objects.filter(code="400.14.2").update(inactive_years=20)
    letter.refresh_from_db()
    assert letter.retention_inactive_until == until


def test_only_letters_past_retention_to_be_destroyed_are_due(world):
    past = due(world)
    archived(world, letter_number="not-yet")  # retention runs
    permanent = due(world, classification=code("400.14.5"), letter_number="perm")
    Letter.objects.filter(pk=permanent.pk).update(final_disposition="permanent")
    held = due(world, letter_number="held")
    records_services.legal_hold_place(
        actor=world.admin, letter=held, reason="Pemeriksaan", case_reference="LHP-7/2026"
    )
    assert list(letters_due_for_disposal()) == [past]


def test_a_held_letter_cannot_be_disposed_of_and_the_page_says_why(world):
    letter = due(world)
    hold = records_services.legal_hold_place(
        actor=world.admin, letter=letter, reason="Pemeriksaan BPK", case_reference="LHP-7/2026"
    )
    with pytest.raises(ValidationError) as refused:
        dispose(world, [letter])
    assert "LHP-7/2026" in " ".join(refused.value.messages)
    letter.refresh_from_db()
    assert letter.disposal is None
    assert stored_path(letter.documents.get().file.name).exists()
    client = client_for(world.admin)
    assert "LHP-7/2026" in client.get(reverse("letter_records:due")).content.decode()
    response = client.post(
        reverse("letter_records:decision_add"),
        {
            "number": "BA/9",
            "decided_on": "2026-12-02",
            "approved_by": "Sekda",
            "reason": "JRA",
            "letters": [letter.pk],
        },
    )
    assert response.status_code == 200
    assert "Pemeriksaan BPK" in response.content.decode()
    # Released with a reason, it can go.
    records_services.legal_hold_release(actor=world.admin, hold=hold, reason="Perkara selesai")
    assert list(letters_due_for_disposal()) == [letter]
    assert LegalHold.objects.get().released_by == world.admin


def test_a_hold_needs_a_reason_and_the_records_officer(world):
    letter = archived(world)
    with pytest.raises(ValidationError):
        records_services.legal_hold_place(
            actor=world.admin, letter=letter, reason=" ", case_reference="X"
        )
    with pytest.raises(PermissionDenied):
        records_services.legal_hold_place(
            actor=world.clerk, letter=letter, reason="Perkara", case_reference="X"
        )
    assert not LegalHold.objects.exists()


def test_a_letter_not_due_is_refused(world):
    letter = archived(world)  # retention still runs
    with pytest.raises(ValidationError) as refused:
        dispose(world, [letter])
    assert "belum habis" in " ".join(refused.value.messages)


def test_disposal_removes_only_the_named_originals_and_keeps_their_checksums(
    world, django_capture_on_commit_callbacks
):
    gone, kept = due(world), due(world, letter_number="kept")
    document = gone.documents.get()
    document.thumbnail.save("thumb.jpg", ContentFile(b"\xff\xd8thumb"), save=True)
    names = [document.file.name, document.thumbnail.name]
    kept_name = kept.documents.get().file.name
    with django_capture_on_commit_callbacks(execute=True):
        decision = dispose(world, [gone])
    assert not any(stored_path(name).exists() for name in names)
    assert stored_path(kept_name).exists()
    document.refresh_from_db()
    assert document.disposed_at is not None and document.disposed_reference == "BA BA/001/2026"
    assert (document.sha256, document.size, document.thumbnail.name) == (
        DisposedOriginal.objects.get().sha256,
        DisposedOriginal.objects.get().size,
        "",
    )
    original = DisposedOriginal.objects.get()
    assert (original.letter, original.decision, original.original_name) == (
        gone,
        decision,
        document.original_name,
    )
    gone.refresh_from_db()
    assert gone.disposal == decision and Letter.objects.filter(pk=gone.pk).exists()
    assert LetterEvent.objects.filter(letter=gone, action="dispose_record").exists()
    assert Document.objects.filter(pk=document.pk).exists()
    # The letter's page says so; the file answers "gone", the sheet shows the checksum.
    client = client_for(world.admin)
    page = client.get(reverse("letters:detail", args=[gone.pk])).content.decode()
    assert "BA no. BA/001/2026" in page
    response = client.get(reverse("letters:document", args=[gone.pk, document.pk]))
    assert response.status_code == 410
    sheet = client.get(reverse("letter_records:decision", args=[decision.pk])).content.decode()
    assert document.sha256 in sheet and "Sekretaris Daerah Kota Palu" in sheet
    # Once disposed, never again.
    with pytest.raises(ValidationError):
        dispose(world, [gone], number="BA/002/2026")


def test_disposal_through_the_page(world, django_capture_on_commit_callbacks):
    letter = due(world)
    name = letter.documents.get().file.name
    client = client_for(world.admin)
    page = client.get(reverse("letter_records:due")).content.decode()
    assert letter.agenda_number in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("letter_records:decision_add"),
            {
                "number": "BA/3/2026",
                "decided_on": "2026-12-02",
                "approved_by": "Sekda",
                "reason": "JRA",
                "letters": [letter.pk],
            },
        )
    assert response.status_code == 302
    assert not stored_path(name).exists()
    assert letter.agenda_number not in client.get(reverse("letter_records:due")).content.decode()


def test_an_original_another_letter_holds_is_not_destroyed(world):
    letter, other = due(world), archived(world, letter_number="other")
    other.documents.add(letter.documents.get())
    with pytest.raises(ValidationError):
        dispose(world, [letter])


def test_a_department_officer_does_not_pick_the_code(world):
    from intake.forms import DepartmentRequestForm

    assert "classification" not in DepartmentRequestForm(user=world.dept_officer).fields


@pytest.mark.parametrize(
    "role", ["clerk", "reviewer", "scheduler", "auditor", "dept_officer", "mayor_user", "adc"]
)
def test_no_one_but_the_administrator_holds_or_disposes(world, role):
    letter = due(world)
    hold = records_services.legal_hold_place(
        actor=world.admin, letter=letter, reason="Pemeriksaan", case_reference="LHP-1"
    )
    decision = dispose(world, [due(world, letter_number="other")])
    client = client_for(getattr(world, role))
    pages = [
        reverse("letter_records:due"),
        reverse("letter_records:hold", args=[letter.pk]),
        reverse("letter_records:hold_release", args=[hold.pk]),
        reverse("letter_records:decisions"),
        reverse("letter_records:decision_add"),
        reverse("letter_records:decision", args=[decision.pk]),
    ]
    for url in pages:
        assert client.get(url).status_code == 403, url
    client.post(
        reverse("letter_records:hold", args=[letter.pk]), {"case_reference": "X", "reason": "Y"}
    )
    client.post(reverse("letter_records:hold_release", args=[hold.pk]), {"reason": "Y"})
    client.post(
        reverse("letter_records:decision_add"),
        {
            "number": "BA/X",
            "decided_on": "2026-12-02",
            "approved_by": "X",
            "reason": "X",
            "letters": [letter.pk],
        },
    )
    assert LegalHold.objects.filter(released_at__isnull=True).count() == 1
    assert LegalHold.objects.count() == 1
    letter.refresh_from_db()
    assert letter.disposal is None


def test_the_administrator_places_and_releases_a_hold_on_the_pages(world):
    letter = archived(world)
    client = client_for(world.admin)
    assert client.get(reverse("letter_records:hold", args=[letter.pk])).status_code == 200
    response = client.post(
        reverse("letter_records:hold", args=[letter.pk]),
        {"case_reference": "LHP-3/2026", "reason": "Pemeriksaan Inspektorat"},
    )
    assert response.status_code == 302
    hold = LegalHold.objects.get(letter=letter)
    assert hold.placed_by == world.admin
    page = client.get(reverse("letters:detail", args=[letter.pk])).content.decode()
    assert "LHP-3/2026" in page
    response = client.post(
        reverse("letter_records:hold_release", args=[hold.pk]), {"reason": "Selesai"}
    )
    assert response.status_code == 302
    hold.refresh_from_db()
    assert (hold.released_by, hold.release_reason) == (world.admin, "Selesai")
    assert LetterEvent.objects.filter(letter=letter, action="release_hold").exists()


def test_someone_not_signed_in_is_sent_to_the_login_page(world, client):
    letter = archived(world)
    for url in (
        reverse("records:codes"),
        reverse("letter_records:due"),
        reverse("letter_records:export"),
        reverse("letter_records:hold", args=[letter.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    assert client.post(reverse("letter_records:dossier", args=[letter.pk])).status_code == 302
    assert not LetterEvent.objects.filter(action="export").exists()


def test_the_menu_leads_each_to_the_records_pages_they_may_use(world, client):
    home = reverse("arsip:index")
    admin, auditor = client_for(world.admin), client_for(world.auditor)
    assert admin.get(home)["Location"] == reverse("records:codes")
    assert auditor.get(home)["Location"] == reverse("letter_records:export")
    assert "Arsip dan retensi" in auditor.get(reverse("letters:index")).content.decode()
    for role in ("clerk", "reviewer", "scheduler", "dept_officer", "mayor_user", "adc"):
        other = client_for(getattr(world, role))
        assert other.get(home).status_code == 403, role
        assert "Arsip dan retensi" not in other.get(reverse("letters:index")).content.decode()
    response = client.get(home)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
