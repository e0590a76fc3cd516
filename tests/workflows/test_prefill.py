"""The registration form filled from the scan: upload first, read in the background,
fields proposed with the unsure ones marked, the clerk confirms by registering."""

import re

from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.templatetags.static import static
from django.test import Client
from django.urls import reverse

from documents.models import Document
from documents.tasks import extract_document_text
from organization.models import Role
from tests.factories import (
    INVITATION_LINES,
    letter_form_data,
    make_user,
    scan,
)
from tests.pdfs import text_pdf
from tests.workflows.walk import client_for
from workflows.models import Letter
from workflows.prefill import registration_prefill


def invitation() -> SimpleUploadedFile:
    return SimpleUploadedFile("undangan-dinkes.pdf", text_pdf(INVITATION_LINES), "application/pdf")


def stage(client, upload) -> tuple[int, dict]:
    response = client.post(reverse("letters:stage_scan"), {"file": upload})
    return response.status_code, response.json()


# What the reader found -> what the form gets


def test_extracted_fields_become_form_values(world):
    prefill = registration_prefill(
        {
            "letter_number": "440/1234/Dinkes/2026",
            "letter_date": "2026-11-02",
            "sender": "dinas  kesehatan",
            "addressee": "Wali Kota Palu",
            "subject": "Undangan",
            "classification": "sangat_segera",
            "event_title": "Pencanangan",
            "event_date": "2026-11-17",
            "event_end_date": None,
            "start_time": "09:00",
            "end_time": "12:00",
            "timezone": "Asia/Makassar",
            "venue": "Aula",
            "unsure": ["venue"],
        },
        "PEMERINTAH KOTA PALU\nDINAS KESEHATAN\nJl. Balai Kota Selatan No. 1 Palu\n",
    )
    assert prefill.values == {
        "letter_number": "440/1234/Dinkes/2026",
        "letter_date": "2026-11-02",
        "sender": "dinas  kesehatan",
        "sender_department": str(world.dinkes.pk),
        "addressee": "Wali Kota Palu",
        "subject": "Undangan",
        "urgency": "sangat_segera",
        "event_title": "Pencanangan",
        "local_start": "2026-11-17T09:00",
        "local_end": "2026-11-17T12:00",
        "event_time_zone": "Asia/Makassar",
        "venue": "Aula",
    }
    assert prefill.unsure == ["venue"]


def test_guesses_are_marked_for_the_clerk_to_check(world):
    prefill = registration_prefill(
        {
            "event_date": "2026-11-17",  # a day without an hour
            "event_end_date": "2026-11-19",  # several days, no closing hour
            "sender": "Kantor Gubernur Sulawesi Tengah",  # not one of the region's own
        }
    )
    assert "urgency" not in prefill.values  # "Penting" is not "Segera"
    assert prefill.values["local_start"] == "2026-11-17T00:00"
    assert prefill.values["local_end"] == "2026-11-19T00:00"
    assert "sender_department" not in prefill.values
    assert set(prefill.unsure) == {"local_start", "local_end"}


def test_penting_is_not_proposed_as_an_urgency(world):
    # "Penting" (important) says nothing of how soon: not "Segera", the clerk chooses.
    prefill = registration_prefill({"classification": "penting"})
    assert "urgency" not in prefill.values and "security_class" not in prefill.values
    segera = registration_prefill({"classification": "segera"})
    assert segera.values["urgency"] == "segera"


LETTERHEAD = "PEMERINTAH {region}\nDINAS KESEHATAN\nJl. Merdeka No. 1\nNomor : 440/1/2026\n"


def test_a_department_of_the_same_name_in_another_region_is_not_matched(world):
    for region in ("KABUPATEN DONGGALA", "Kab. Sigi", "PROVINSI SULAWESI TENGAH"):
        prefill = registration_prefill(
            {"sender": "Dinas Kesehatan"}, LETTERHEAD.format(region=region)
        )
        assert "sender_department" not in prefill.values, region
    named = registration_prefill({"sender": "Dinas Kesehatan Kabupaten Donggala"})
    assert "sender_department" not in named.values


def test_this_regions_department_is_matched_by_its_letterhead(world):
    prefill = registration_prefill(
        {"sender": "Dinas Kesehatan"}, LETTERHEAD.format(region="KOTA PALU")
    )
    assert prefill.values["sender_department"] == str(world.dinkes.pk)
    assert "sender_department" not in prefill.unsure
    named = registration_prefill({"sender": "Dinas Kesehatan Kota Palu"})
    assert named.values["sender_department"] == str(world.dinkes.pk)


def test_a_department_matched_without_a_region_is_for_the_clerk_to_check(world):
    prefill = registration_prefill({"sender": "Dinas Kesehatan"}, "DINAS KESEHATAN\nNomor : 1\n")
    assert prefill.values["sender_department"] == str(world.dinkes.pk)
    assert prefill.unsure == ["sender_department"]


def test_nothing_found_proposes_nothing(world):
    assert registration_prefill({}).values == {}


def test_a_file_with_two_letters_lists_them_for_the_page(world):
    second = {"pages": [2, 3], "letter_number": "2/B/2026", "subject": "Undangan Rapat"}
    extracted = {
        "letter_number": "1/A/2026",
        "split": {"multiple_letters": True, "letters": [{"pages": [1, 1]}, second]},
    }
    prefill = registration_prefill(extracted)
    assert prefill.values["letter_number"] == "1/A/2026"
    assert prefill.letters[1] == second
    assert prefill.letters[0]["pages"] == [1, 1]
    assert registration_prefill({"letter_number": "1/A/2026"}).letters == []


# Uploading ahead of the form, reading, polling


def test_a_staged_scan_is_read_and_proposes_the_form(world):
    clerk = client_for(world.clerk)
    status, body = stage(clerk, invitation())
    assert status == 201
    assert body["status"] == "pending" and body["values"] == {} and body["earlier"] == []
    document = Document.objects.get(pk=body["id"])
    assert document.uploaded_by == world.clerk and not document.letters.exists()

    extract_document_text.call(document.pk)  # what the worker does

    polled = clerk.get(body["status_url"]).json()
    assert polled["status"] == "done" and polled["progress"] == 100
    assert polled["values"]["letter_number"] == "440/1234/Dinkes/2026"
    assert polled["values"]["local_start"] == "2026-11-17T09:00"
    assert polled["values"]["sender_department"] == str(world.dinkes.pk)
    assert "urgency" not in polled["values"]  # "Penting" is no urgency
    assert polled["unsure"] == []


def test_a_staged_file_with_two_letters_tells_the_page_each_letter_s_pages_and_number(world):
    from tests.documents.letter_gen import make_letter

    letter = make_letter(1, "two_letters", "held")
    clerk = client_for(world.clerk)
    _, body = stage(clerk, SimpleUploadedFile("dua.pdf", letter.pdf, "application/pdf"))
    extract_document_text.call(body["id"])
    polled = clerk.get(body["status_url"]).json()
    assert [item["pages"] for item in polled["letters"]] == [[1, 1], [2, 2]]
    numbers = [item["letter_number"] for item in polled["letters"]]
    assert numbers == [item["letter_number"] for item in letter.letters]
    assert polled["values"]["letter_number"] == numbers[0]
    words = clerk.get(reverse("letter:register:execute")).context["stage_config"]["text"]
    assert words["letters"] == "Berkas ini berisi %(count)s surat: %(list)s."
    assert words["letter_numbered"] == "hlm. %(pages)s (nomor %(number)s)"
    assert words["letters_two"] == "Yang kedua perlu diregistrasi tersendiri."


def test_a_blank_page_is_read_and_proposes_nothing(world):
    clerk = client_for(world.clerk)
    status, body = stage(clerk, scan("kosong.pdf"))  # one empty page: no text, no image
    assert status == 201
    extract_document_text.call(body["id"])
    polled = clerk.get(body["status_url"]).json()
    assert (polled["status"], polled["values"], polled["unsure"]) == ("done", {}, [])


def test_a_reading_that_failed_reports_why(world):
    clerk = client_for(world.clerk)
    _, body = stage(clerk, invitation())
    Document.objects.filter(pk=body["id"]).update(
        extraction_status=Document.Extraction.FAILED, extraction_error="Pembacaan dihentikan."
    )
    polled = clerk.get(body["status_url"]).json()
    assert polled["status"] == "failed"
    assert polled["error"] == "Pembacaan dihentikan."
    assert polled["values"] == {}


def test_a_refused_file_gets_its_reason_and_leaves_nothing(world):
    clerk = client_for(world.clerk)
    fake = SimpleUploadedFile("undangan.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    status, body = stage(clerk, fake)
    assert status == 400
    assert "bukan PDF, JPEG atau PNG" in body["error"]
    empty_status, empty = stage(clerk, SimpleUploadedFile("kosong.pdf", b"", "application/pdf"))
    assert empty_status == 400
    assert "kosong" in empty["error"]
    assert Document.objects.count() == 0


def test_only_the_mailroom_stages_scans_and_only_the_uploader_sees_them(world):
    status, body = stage(client_for(world.reviewer), invitation())
    assert status == 403 and body["error"]
    assert Document.objects.count() == 0

    _, staged = stage(client_for(world.clerk), invitation())
    assert client_for(world.reviewer).get(staged["status_url"]).status_code == 404
    logged_out = Client().get(staged["status_url"])
    assert logged_out.status_code == 302  # to the login page


def test_a_second_upload_of_a_registered_letter_warns_with_its_agenda_number(world):
    clerk = client_for(world.clerk)
    data = letter_form_data()
    first = clerk.post(reverse("letter:register:execute"), {**data, "scans": [invitation()]})
    assert first.status_code == 302
    _, again = stage(clerk, invitation())
    assert again["earlier"] == ["0001/UND/2026"]


# Registering with the staged scans


def test_registering_attaches_the_staged_scans_in_their_order(world):
    clerk = client_for(world.clerk)
    _, letter_scan = stage(clerk, invitation())
    _, attachment = stage(clerk, scan("daftar-hadir.pdf"))
    data = letter_form_data(staged_documents=f"{letter_scan['id']},{attachment['id']}")
    response = clerk.post(reverse("letter:register:execute"), data)
    assert response.status_code == 302
    letter = Letter.objects.get()
    assert sorted(letter.documents.values_list("pk", flat=True)) == sorted(
        [letter_scan["id"], attachment["id"]]
    )
    # Once registered, the scan is no longer "staged": its status page is gone for good.
    assert clerk.get(letter_scan["status_url"]).status_code == 200  # still the uploader's
    again = clerk.post(
        reverse("letter:register:execute"),
        letter_form_data(staged_documents=str(letter_scan["id"])),
    )
    assert again.status_code == 200
    assert "sudah dipakai surat lain" in again.content.decode()
    assert Letter.objects.count() == 1


def test_someone_elses_staged_scan_cannot_be_registered(world):
    other_clerk = make_user("persuratan2", Role.MAILROOM_CLERK)
    _, theirs = stage(client_for(other_clerk), invitation())
    response = client_for(world.clerk).post(
        reverse("letter:register:execute"), letter_form_data(staged_documents=str(theirs["id"]))
    )
    assert response.status_code == 200
    assert "tidak ditemukan" in response.content.decode()
    assert Letter.objects.count() == 0


def test_a_letter_needs_a_scan_either_way(world):
    response = client_for(world.clerk).post(reverse("letter:register:execute"), letter_form_data())
    assert response.status_code == 200
    assert "Lampirkan minimal satu hasil pindaian surat" in response.content.decode()
    assert Letter.objects.count() == 0


def test_the_register_page_offers_the_scan_first_with_its_script(world):
    page = client_for(world.clerk).get(reverse("letter:register:execute"))
    html = page.content.decode()
    fields = list(page.context["form"].visible_fields())
    assert fields[0].name == "scans"
    assert 'id="lt-stage-config"' in html
    assert f'<script src="{static("workflows/stage_scan.js")}" defer></script>' in html
    assert finders.find("workflows/stage_scan.js")
    # Scripts are files or JSON data blocks: a Content-Security-Policy needs no nonce.
    inline = re.findall(r'<script(?![^>]* (?:src=|type="application/json"))[^>]*>', html)
    assert inline == []
    assert '<h1 class="vf-card__title">Registrasi surat</h1>' in html
    assert reverse("letters:stage_scan") in html
