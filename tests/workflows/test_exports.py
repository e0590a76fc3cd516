"""Letters out of Lontar: the auditor's dossier as a BagIt bag, and the CSV/JSON/BagIt
export for SRIKANDI; each export recorded; confidential letters only in full for those
who may read them."""

import csv
import io
import json
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import bagit
import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.urls import reverse

from audit.models import AuditEntry
from documents.models import DocumentAccess
from tests.factories import make_user
from tests.pdfs import text_pdf
from tests.workflows.walk import client_for, letter_in_state
from workflows import services
from workflows.exports.srikandi import COLUMNS
from workflows.models import LetterEvent

BAGIT_CLI = Path(sys.executable).parent / "bagit.py"


def validate_cli(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(BAGIT_CLI), "--validate", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def letter(world):
    from tests.factories import letter_values, upload_bytes

    letter = services.letter_register(
        actor=world.clerk,
        values=letter_values(letter_number="440/1172/Dinkes/2026"),
        uploads=[upload_bytes(text_pdf(["Undangan", "Pekan Imunisasi"]), "undangan.pdf")],
    )
    DocumentAccess.objects.create(document=letter.documents.get(), user=world.auditor)
    return letter


def test_the_dossier_is_a_valid_bag_with_the_original_unchanged(world, letter, tmp_path):
    out = tmp_path / "bag"
    call_command("export_dossier", str(letter.pk), "--out", str(out), "--user", "auditor")
    bag = bagit.Bag(str(out))
    bag.validate()  # raises when anything is wrong
    assert validate_cli(out).returncode == 0
    document = letter.documents.get()
    copied = out / "data" / "originals" / f"{document.pk}-undangan.pdf"
    assert copied.read_bytes() == document.file.open("rb").read()
    assert bag.entries[f"data/originals/{document.pk}-undangan.pdf"]["sha256"] == document.sha256
    assert (out / "manifest-sha256.txt").exists() and (out / "tagmanifest-sha256.txt").exists()
    info = bag.info
    assert info["Source-Organization"] == "Kota Palu"
    assert info["Payload-Oxum"].count(".") == 1 and "Bagging-Date" in info
    assert f"nomor-agenda:{letter.agenda_number}" in info["External-Identifier"]
    assert "nomor-surat:440/1172/Dinkes/2026" in info["External-Identifier"]
    data = json.loads((out / "data" / "letter.json").read_text())
    assert data["agenda_number"] == letter.agenda_number
    assert data["classification"]["code"] == "400.14.2"
    assert data["security_class"] == "biasa"
    assert [e["action"] for e in data["history"]] == ["register"]
    assert data["accesses"][0]["user"] == "auditor"
    assert data["documents"][0]["sha256"] == document.sha256
    summary = (out / "data" / "summary.pdf").read_bytes()
    assert summary.startswith(b"%PDF")
    event = LetterEvent.objects.get(letter=letter, action="export")
    assert event.actor == world.auditor


def test_a_changed_byte_makes_the_bag_fail(letter, tmp_path):
    out = tmp_path / "bag"
    call_command("export_dossier", str(letter.pk), "--out", str(out))
    original = next((out / "data" / "originals").iterdir())
    content = bytearray(original.read_bytes())
    content[len(content) // 2] ^= 0x01
    original.write_bytes(bytes(content))
    with pytest.raises(bagit.BagValidationError):
        bagit.Bag(str(out)).validate()
    failed = validate_cli(out)
    assert failed.returncode != 0


def test_the_command_refuses_a_folder_in_use(letter, tmp_path):
    (tmp_path / "something").write_text("x")
    with pytest.raises(CommandError):
        call_command("export_dossier", str(letter.pk), "--out", str(tmp_path))
    assert not LetterEvent.objects.filter(action="export").exists()


def test_the_auditor_downloads_the_dossier_as_a_zip(world, letter, tmp_path):
    client = client_for(world.auditor)
    page = client.get(reverse("letters:detail", args=[letter.pk])).content.decode()
    assert reverse("letter_records:dossier", args=[letter.pk]) in page
    response = client.post(reverse("letter_records:dossier", args=[letter.pk]))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    archive.extractall(tmp_path)
    (folder,) = tmp_path.iterdir()
    bagit.Bag(str(folder)).validate()
    event = LetterEvent.objects.get(letter=letter, action="export")
    assert event.actor == world.auditor
    # In the audit log: the export itself, and the history line linked as every line is.
    exported = AuditEntry.objects.get(action="export")
    assert (exported.actor, exported.scope) == (world.auditor, letter.agenda_number)
    assert exported.after["kind"] == "dossier"
    linked = AuditEntry.objects.get(action="letter.export")
    assert linked.after["event"] == event.pk


@pytest.mark.parametrize(
    "role", ["clerk", "reviewer", "scheduler", "mayor_user", "adc", "dept_officer"]
)
def test_no_one_else_downloads_a_dossier(world, letter, role):
    client = client_for(getattr(world, role))
    assert client.post(reverse("letter_records:dossier", args=[letter.pk])).status_code == 403
    page = client.get(reverse("letters:detail", args=[letter.pk]))
    assert reverse("letter_records:dossier", args=[letter.pk]) not in page.content.decode()
    assert not LetterEvent.objects.filter(action="export").exists()


def export(client, fmt, start="2026-11-01", end="2026-11-30"):
    return client.post(
        reverse("letter_records:export"), {"date_from": start, "date_to": end, "format": fmt}
    )


@pytest.fixture
def two_letters(world):
    plain = letter_in_state(world, "archived", subject="Undangan Pekan Imunisasi")
    secret = letter_in_state(
        world,
        "received",
        subject="Rapat tertutup penanganan kasus",
        sender="Kejaksaan Negeri Palu",
        security_class="rahasia",
        letter_number="R-01/2026",
        received_date=date(2026, 11, 24),
    )
    outside = letter_in_state(world, "received", received_date=date(2026, 12, 5))
    return plain, secret, outside


def test_the_csv_holds_the_letters_of_the_range_as_recorded(world, two_letters):
    plain, secret, outside = two_letters
    response = export(client_for(world.auditor), "csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert tuple(rows[0]) == COLUMNS
    assert [row["nomor_agenda"] for row in rows] == [plain.agenda_number, secret.agenda_number]
    first, second = rows
    plain.refresh_from_db()
    assert first["nomor_naskah"] == plain.letter_number
    assert first["tanggal_naskah"] == plain.letter_date.isoformat()
    assert first["hal"] == "Undangan Pekan Imunisasi"
    assert first["asal_naskah"] == plain.sender
    assert first["klasifikasi"] == "400.14.2"
    assert first["sifat_keamanan"] == "Biasa"
    assert first["tanggal_diterima"] == plain.received_date.isoformat()
    assert first["retensi_inaktif_sampai"] == plain.retention_inactive_until.isoformat()
    assert first["keterangan_akhir"] == "Musnah"
    assert first["sha256"] == plain.documents.get().sha256
    # The auditor may read confidential letters: in full.
    assert second["hal"] == "Rapat tertutup penanganan kasus"
    assert second["sifat_keamanan"] == "Rahasia"
    exported = LetterEvent.objects.filter(action="export")
    assert sorted(exported.values_list("letter_id", flat=True)) == sorted([plain.pk, secret.pk])
    assert all(e.actor == world.auditor for e in exported)
    [audited] = AuditEntry.objects.filter(action="export")
    assert audited.actor == world.auditor
    assert audited.after["kind"] == "csv"
    assert sorted(audited.after["agenda_numbers"]) == sorted(
        [plain.agenda_number, secret.agenda_number]
    )
    assert "Rapat tertutup" not in str(audited.after) + audited.note  # no subject in the log


def test_the_json_matches_the_csv(world, two_letters):
    plain, secret, _outside = two_letters
    client = client_for(world.admin)
    data = json.loads(export(client, "json").content)
    assert data["sumber"] == "Kota Palu" and data["kolom"] == list(COLUMNS)
    assert [row["nomor_naskah"] for row in data["naskah"]] == [
        plain.letter_number,
        secret.letter_number,
    ]
    assert data["naskah"][1]["asal_naskah"] == "Kejaksaan Negeri Palu"


def test_confidential_letters_are_withheld_from_who_may_not_read_them(world, two_letters):
    plain, secret, _outside = two_letters
    reader = make_user("pengekspor")
    for codename in ("export_records", "view_all_letters"):
        reader.user_permissions.add(Permission.objects.get(codename=codename))
    data = json.loads(export(client_for(reader), "json").content)
    rows = {row["nomor_agenda"]: row for row in data["naskah"]}
    hidden = rows[secret.agenda_number]
    assert hidden["hal"] == hidden["asal_naskah"] == "(dirahasiakan)"
    assert hidden["sifat_keamanan"] == "Rahasia" and hidden["sha256"] == ""
    assert "Rapat tertutup" not in json.dumps(data)
    assert rows[plain.agenda_number]["hal"] == "Undangan Pekan Imunisasi"
    assert "1 dirahasiakan" in LetterEvent.objects.filter(action="export").first().note


def test_the_bag_export_holds_both_files_and_the_letters_files(world, two_letters, tmp_path):
    plain, secret, _outside = two_letters
    response = export(client_for(world.auditor), "bag")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    archive.extractall(tmp_path)
    (folder,) = tmp_path.iterdir()
    bagit.Bag(str(folder)).validate()
    names = {
        p.relative_to(folder / "data").as_posix()
        for p in (folder / "data").rglob("*")
        if p.is_file()
    }
    assert {"naskah.csv", "naskah.json"} <= names
    for letter in (plain, secret):
        document = letter.documents.get()
        prefix = f"berkas/{letter.agenda_year}-{letter.agenda_sequence:05d}/originals/"
        assert f"{prefix}{document.pk}-{document.original_name}" in names


def test_a_bad_range_is_refused_with_a_message(world):
    response = export(client_for(world.auditor), "csv", start="2026-12-01", end="2026-11-01")
    assert response.status_code == 200
    assert "sesudah" in response.content.decode()
    assert not LetterEvent.objects.filter(action="export").exists()


@pytest.mark.parametrize(
    "role", ["clerk", "reviewer", "scheduler", "mayor_user", "adc", "dept_officer"]
)
def test_no_one_else_exports(world, two_letters, role):
    client = client_for(getattr(world, role))
    assert client.get(reverse("letter_records:export")).status_code == 403
    assert export(client, "csv").status_code == 403
    assert not LetterEvent.objects.filter(action="export").exists()


def test_a_confidential_dossier_only_for_who_may_read_it(world, two_letters):
    _plain, secret, _outside = two_letters
    exporter = make_user("pengekspor")
    for codename in ("export_records", "view_all_letters"):
        exporter.user_permissions.add(Permission.objects.get(codename=codename))
    url = reverse("letter_records:dossier", args=[secret.pk])
    assert client_for(exporter).post(url).status_code == 403
    assert client_for(world.auditor).post(url).status_code == 200
    assert [e.actor for e in LetterEvent.objects.filter(action="export")] == [world.auditor]
