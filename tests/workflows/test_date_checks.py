"""The clerk's checks on a letter's dates: an event already over, an event before the letter
(workflows/date_checks.py), said on the registration's confirmation and the review page."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.urls import reverse

from tests.factories import letter_form_data, scan
from tests.workflows.walk import client_for, open_task, register
from workflows.date_checks import date_warnings

WITA = ZoneInfo("Asia/Makassar")
NOW = datetime(2026, 11, 10, 2, 0, tzinfo=ZoneInfo("UTC"))  # 10:00 WITA


def warnings(letter_day: date, start: datetime, end: datetime | None = None) -> list[str]:
    return date_warnings(letter_date=letter_day, event_start=start, event_end=end, now=NOW)


def test_a_plausible_letter_gets_no_warning():
    assert warnings(date(2026, 11, 2), datetime(2026, 11, 17, 9, 0, tzinfo=WITA)) == []
    # On the letter's own day, later today: no warning either.
    assert warnings(date(2026, 11, 10), datetime(2026, 11, 10, 13, 0, tzinfo=WITA)) == []


def test_an_event_already_over_is_said_with_its_day():
    said = warnings(date(2026, 11, 2), datetime(2026, 11, 9, 9, 0, tzinfo=WITA))
    assert said == ["Acara pada surat ini sudah lewat (09-11-2026). Periksa tanggalnya."]


def test_an_event_of_several_days_still_running_is_not_over():
    start = datetime(2026, 11, 9, 9, 0, tzinfo=WITA)
    assert warnings(date(2026, 11, 2), start, datetime(2026, 11, 11, 16, 0, tzinfo=WITA)) == []


def test_an_event_dated_before_the_letter_is_said_with_both_days():
    said = warnings(date(2026, 11, 20), datetime(2026, 10, 27, 9, 0, tzinfo=WITA))
    assert said[-1] == (
        "Tanggal acara (27-10-2026) lebih awal dari tanggal surat (20-11-2026). "
        "Periksa tahun dan bulannya."
    )


def test_the_event_day_is_the_day_in_the_events_own_zone():
    # 00:30 WITA on the 21st is still the 20th in UTC: a letter of the 21st is no later.
    start = datetime(2026, 11, 20, 16, 30, tzinfo=ZoneInfo("UTC")).astimezone(WITA)
    assert warnings(date(2026, 11, 21), start) == []


def test_registering_a_past_event_says_so_in_the_confirmation(world):
    data = letter_form_data(
        letter_date="2020-03-01", local_start="2020-03-10T09:00", local_end="2020-03-10T12:00"
    )
    data["scans"] = [scan()]
    response = client_for(world.clerk).post(reverse("letter:register:execute"), data, follow=True)
    page = response.content.decode()
    assert "Acara pada surat ini sudah lewat (10-03-2020)" in page


def test_registering_a_plausible_letter_says_nothing_of_dates(world):
    data = letter_form_data(
        letter_date="2030-03-01", local_start="2030-03-10T09:00", local_end="2030-03-10T12:00"
    )
    data["scans"] = [scan()]
    response = client_for(world.clerk).post(reverse("letter:register:execute"), data, follow=True)
    page = response.content.decode()
    assert "sudah lewat" not in page and "lebih awal dari tanggal surat" not in page


def review_page(world, letter) -> str:
    task = open_task(letter, "review")
    client = client_for(world.reviewer)
    client.post(reverse("letter:review:assign", args=[task.process_id, task.pk]))
    response = client.get(reverse("letter:review:execute", args=[task.process_id, task.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_review_page_warns_of_an_event_before_the_letter_and_already_over(world):
    letter = register(
        world.clerk,
        letter_date="2022-03-01",
        local_start="2021-03-10T09:00",
        local_end="2021-03-10T12:00",
    )
    page = review_page(world, letter)
    assert "lebih awal dari tanggal surat (01-03-2022)" in page
    assert "Acara pada surat ini sudah lewat (10-03-2021)" in page
    assert 'class="lt-alert lt-alert--warn" role="alert"' in page


def test_the_review_page_of_a_plausible_letter_has_no_date_warning(world):
    letter = register(
        world.clerk,
        letter_date="2030-03-01",
        local_start="2030-03-10T09:00",
        local_end="2030-03-10T12:00",
    )
    page = review_page(world, letter)
    assert "sudah lewat" not in page and "lebih awal dari tanggal surat" not in page


def test_the_registration_page_gives_its_script_the_date_warnings(world):
    page = client_for(world.clerk).get(reverse("letter:register:execute"))
    words = page.context["stage_config"]["text"]
    assert words["event_past"] == "Acara pada surat ini sudah lewat. Periksa tanggalnya."
    assert "lebih awal dari tanggal surat" in words["event_before_letter"]
