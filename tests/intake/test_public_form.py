"""The public form and status page face the internet: bad input gets a 4xx with a clear
message and leaves nothing behind, floods get 429, codes cannot be guessed."""

import pytest
from django.test import Client
from django.urls import reverse

from documents.models import Document
from intake.models import OnlineRequest
from intake.services import CODE_ALPHABET, new_tracking_code
from tests.factories import scan
from tests.intake.walk import latest_request, public_form_data, submit_public
from workflows.models import Letter


def nothing_stored() -> bool:
    return not (Letter.objects.exists() or Document.objects.exists())


def test_the_form_is_served_without_an_account(world):
    response = Client().get(reverse("requests_public:create"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "UU No. 27 Tahun 2022" in page  # the consent line
    assert 'name="website"' in page  # the honeypot, hidden by CSS


def test_a_filled_honeypot_is_refused_and_nothing_is_kept(world):
    response = submit_public(website="http://spam.example")
    assert response.status_code == 400
    assert nothing_stored()


def test_without_consent_the_request_is_refused(world):
    data = public_form_data()
    del data["consent"]
    data["letter"] = scan()
    response = Client().post(reverse("requests_public:create"), data)
    assert response.status_code == 400
    assert "consent" in response.context["form"].errors
    assert nothing_stored()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("surat.exe", b"MZ\x90\x00 not a letter", "PDF, JPEG atau PNG"),
        ("surat.pdf", b"%PDF-1.4 broken", "rusak"),
        ("surat.pdf", b"", "kosong"),
    ],
)
def test_a_bad_file_gets_the_mailrooms_clear_refusal(world, name, content, message):
    response = submit_public(upload=scan(name, content))
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors["letter"])
    assert message.lower() in errors.lower(), errors
    assert nothing_stored()


@pytest.mark.parametrize("field", ["organisation", "contact_person", "event_title", "venue"])
def test_a_line_break_in_a_one_line_field_is_refused(world, field):
    response = submit_public(**{field: "Acara\r\nWali Kota: batal"})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert nothing_stored()


def test_an_end_before_the_start_is_refused(world):
    response = submit_public(local_end="2026-12-12T07:00")
    assert response.status_code == 400
    assert nothing_stored()


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_methods_do_not_reach_a_server_error(world, method):
    response = getattr(Client(), method)(reverse("requests_public:create"))
    assert response.status_code < 500


def test_every_post_from_an_address_counts_then_429(world, settings):
    settings.LONTAR_PUBLIC_REQUEST_RATE_IP = "3/3600"
    client = Client(REMOTE_ADDR="203.0.113.7")
    # Two bad ones and one good one use up the allowance...
    assert submit_public(client, website="bot").status_code == 400
    assert submit_public(client, email="no-at-sign").status_code == 400
    assert submit_public(client).status_code == 302
    # ...so the fourth is refused, valid or not, with a clear message.
    refused = submit_public(client)
    assert refused.status_code == 429
    assert "Terlalu banyak percobaan" in refused.content.decode()
    assert OnlineRequest.objects.count() == 1
    # Another address is not held back.
    assert submit_public(Client(REMOTE_ADDR="203.0.113.8")).status_code == 302


def test_one_email_cannot_flood_from_many_addresses(world, settings):
    settings.LONTAR_PUBLIC_REQUEST_RATE_EMAIL = "2/86400"
    for number in range(2):
        client = Client(REMOTE_ADDR=f"198.51.100.{number}")
        assert submit_public(client, email="Flood@Example.com").status_code == 302
    refused = submit_public(Client(REMOTE_ADDR="198.51.100.9"), email="flood@example.com")
    assert refused.status_code == 429
    assert OnlineRequest.objects.count() == 2


def test_an_unknown_and_a_guessed_code_look_the_same(world):
    submit_public()
    real = latest_request().tracking_code
    guessed = new_tracking_code()
    assert guessed != real
    client = Client()
    unknown = client.get(reverse("requests_public:status", args=["TIDAKADA"]))
    wrong = client.get(reverse("requests_public:status", args=[guessed]))
    assert unknown.status_code == wrong.status_code == 404
    assert unknown.content == wrong.content


def test_codes_are_random_not_sequential(world):
    for _ in range(3):
        submit_public(email=f"orang{_}@example.com")
    codes = list(OnlineRequest.objects.order_by("pk").values_list("tracking_code", flat=True))
    assert len(set(codes)) == 3
    assert all(len(code) >= 10 and set(code) <= set(CODE_ALPHABET) for code in codes)
    assert not set("01OIL5S2Z8B") & set(CODE_ALPHABET)  # no look-alikes


def test_looking_up_codes_is_rate_limited(world, settings):
    settings.LONTAR_STATUS_LOOKUP_RATE_IP = "5/3600"
    client = Client(REMOTE_ADDR="192.0.2.44")
    for _ in range(5):
        assert (
            client.get(reverse("requests_public:status", args=[new_tracking_code()])).status_code
            == 404
        )
    refused = client.get(reverse("requests_public:status", args=[new_tracking_code()]))
    assert refused.status_code == 429
    assert "Terlalu banyak percobaan" in refused.content.decode()


def test_the_status_page_is_not_cached_nor_leaks_its_address(world):
    submit_public()
    response = Client().get(
        reverse("requests_public:status", args=[latest_request().tracking_code])
    )
    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "same-origin"
