"""Scans staged for a registration form that was never sent: listed, then deleted after
``LONTAR_STAGED_SCAN_DAYS``; nothing a letter holds is touched."""

from datetime import timedelta
from io import StringIO

from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from documents.models import Document
from tests.factories import scan
from tests.workflows.walk import register
from workflows.services import letter_stage_scan


def _staged(world, name: str, days_ago: int) -> Document:
    document = letter_stage_scan(actor=world.clerk, upload=scan(name))
    Document.objects.filter(pk=document.pk).update(
        uploaded_at=timezone.now() - timedelta(days=days_ago)
    )
    return Document.objects.get(pk=document.pk)


def test_an_old_staged_scan_is_listed_then_deleted_with_its_file(world, settings):
    settings.LONTAR_STAGED_SCAN_DAYS = 7
    old = _staged(world, "lupa-dikirim.pdf", days_ago=8)
    recent = _staged(world, "sedang-diisi.pdf", days_ago=1)
    letter = register(world.clerk)
    kept = letter.documents.get()
    Document.objects.filter(pk=kept.pk).update(uploaded_at=timezone.now() - timedelta(days=30))
    assert default_storage.exists(old.file.name)

    listed = StringIO()
    call_command("staged_scans_sweep", "--dry-run", stdout=listed)
    assert "lupa-dikirim.pdf" in listed.getvalue()
    assert "sedang-diisi.pdf" not in listed.getvalue()
    assert Document.objects.filter(pk=old.pk).exists()  # a dry run deletes nothing

    out = StringIO()
    call_command("staged_scans_sweep", stdout=out)
    assert "1 pindaian" in out.getvalue()
    assert not Document.objects.filter(pk=old.pk).exists()
    assert not default_storage.exists(old.file.name)
    assert Document.objects.filter(pk=recent.pk).exists()
    assert Document.objects.filter(pk=kept.pk).exists()  # a letter's original: never
    assert default_storage.exists(kept.file.name)


def test_an_upload_a_follow_up_holds_is_kept(world, settings):
    from tests.workflows.test_material import attended_with_speech
    from workflows.models import FollowUp

    old = _staged(world, "sambutan.pdf", days_ago=30)
    letter = attended_with_speech(world)
    FollowUp.objects.get(letter=letter, kind=FollowUp.Kind.MATERIAL).documents.add(old)
    call_command("staged_scans_sweep", stdout=StringIO())
    assert Document.objects.filter(pk=old.pk).exists()
