"""A bad scan is refused on the registration form, clearly, and leaves no trace."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents.models import Document
from tests.factories import MINIMAL_PDF, letter_form_data, make_world, scan
from tests.workflows.walk import client_for, register
from workflows.models import AgendaCounter, Letter, LetterEvent

NOT_A_SCAN = "bukan PDF, JPEG atau PNG. Unggah hasil pindaian surat."


@pytest.fixture
def world(db):
    return make_world()


def post_register(world, *uploads: SimpleUploadedFile):
    data = {**letter_form_data(), "scans": list(uploads)}
    return client_for(world.clerk).post(reverse("letter:register:execute"), data)


def field_errors(response) -> list[str]:
    return list(response.context["form"].errors.get("scans", []))


def stored_files(media_root: str) -> list[Path]:
    return [p for p in Path(media_root).rglob("*") if p.is_file()]


def assert_nothing_registered(media_before: list[Path], media_root: str) -> None:
    assert not Letter.objects.exists()
    assert not Document.objects.exists()
    assert not LetterEvent.objects.exists()
    assert not AgendaCounter.objects.filter(last__gt=0).exists()
    assert stored_files(media_root) == media_before


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("kosong.pdf", b"", "kosong"),
        ("undangan.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, NOT_A_SCAN),
        ("undangan.pdf", b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200, NOT_A_SCAN),
        ("surat.jpg", b"#!/bin/sh\nrm -rf /\n", NOT_A_SCAN),
    ],
    ids=["empty", "windows_executable", "linux_executable", "script_renamed_jpg"],
)
def test_a_file_that_is_not_a_scan_is_refused_with_a_clear_message(
    world, media_root, name, content, message
):
    before = stored_files(media_root)
    response = post_register(world, upload(name, content))
    assert response.status_code == 200
    errors = field_errors(response)
    assert len(errors) == 1 and message in errors[0], errors
    assert message in response.content.decode()
    if message == NOT_A_SCAN:
        assert errors[0] == f"Berkas {name} {NOT_A_SCAN}"
    assert_nothing_registered(before, media_root)


def test_a_file_over_the_upload_limit_is_refused_with_the_limit_in_the_message(
    world, media_root, settings
):
    settings.LONTAR_MAX_UPLOAD_BYTES = 1024
    before = stored_files(media_root)
    big = MINIMAL_PDF + b"%" + b"0" * (1500 - len(MINIMAL_PDF))
    response = post_register(world, upload("besar.pdf", big))
    assert response.status_code == 200
    errors = field_errors(response)
    # filesizeformat keeps number and unit together with a no-break space.
    assert errors == ["Berkas besar.pdf melebihi batas 1,0\xa0KB."], errors
    assert errors[0] in response.content.decode()
    assert_nothing_registered(before, media_root)


def test_a_scan_of_several_megabytes_is_refused_with_the_limit_in_megabytes(
    world, media_root, settings
):
    settings.LONTAR_MAX_UPLOAD_BYTES = 2 * 1024 * 1024
    before = stored_files(media_root)
    big = MINIMAL_PDF + b"0" * (3 * 1024 * 1024)
    response = post_register(world, upload("pindaian_besar.pdf", big))
    assert response.status_code == 200
    errors = field_errors(response)
    assert errors == ["Berkas pindaian_besar.pdf melebihi batas 2,0\xa0MB."], errors
    assert_nothing_registered(before, media_root)


def test_one_bad_file_among_good_ones_refuses_the_whole_registration(world, media_root):
    before = stored_files(media_root)
    response = post_register(
        world, scan("halaman1.pdf"), upload("halaman2.pdf", b"MZ" + b"\x00" * 100)
    )
    assert response.status_code == 200
    assert field_errors(response) == [f"Berkas halaman2.pdf {NOT_A_SCAN}"]
    assert_nothing_registered(before, media_root)


def test_a_refused_upload_does_not_use_up_an_agenda_number(world, media_root):
    post_register(world, upload("kosong.pdf", b""))
    post_register(world, upload("virus.pdf", b"\x7fELF" + b"\x00" * 100))
    letter = register(world.clerk)
    assert letter.agenda_number == "0001/UND/2026"
    assert AgendaCounter.objects.get(year=2026).last == 1
    assert Document.objects.count() == 1


def test_a_missing_scan_is_refused(world, media_root):
    response = post_register(world)
    assert response.status_code == 200
    assert field_errors(response)
    assert not Letter.objects.exists()
