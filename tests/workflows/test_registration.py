"""Registration: agenda numbers, defaults, and a form sent twice."""

from django.urls import reverse

from tests.factories import letter_form_data, scan
from tests.workflows.walk import client_for
from workflows.models import Letter


def test_a_registration_form_sent_twice_registers_one_letter(world):
    client = client_for(world.clerk)
    data = letter_form_data(registration_key="f" * 32)
    first = client.post(reverse("letter:register:execute"), {**data, "scans": [scan()]})
    assert first.status_code == 302
    again = client.post(reverse("letter:register:execute"), {**data, "scans": [scan()]})
    assert again.status_code == 200
    assert "sudah dikirim" in again.content.decode()
    assert "0001/UND/2026" in again.content.decode()
    assert Letter.objects.count() == 1


def test_the_register_form_proposes_the_region_defaults(world):
    page = client_for(world.clerk).get(reverse("letter:register:execute"))
    form = page.context["form"]
    assert form.initial["addressee"] == "Wali Kota Palu"
    assert form.initial["event_time_zone"] == "Asia/Makassar"
    assert len(form.initial["registration_key"]) == 32


def test_agenda_numbers_follow_the_region_format_and_year(world):
    world.region.agenda_number_format = "{number:03d}/Prokopim/{year}"
    world.region.save()
    client = client_for(world.clerk)
    for received in ("2026-12-30", "2026-12-31", "2027-01-02"):
        data = letter_form_data(received_date=received)
        response = client.post(reverse("letter:register:execute"), {**data, "scans": [scan()]})
        assert response.status_code == 302
    numbers = set(Letter.objects.values_list("agenda_number", flat=True))
    assert numbers == {"001/Prokopim/2026", "002/Prokopim/2026", "001/Prokopim/2027"}
