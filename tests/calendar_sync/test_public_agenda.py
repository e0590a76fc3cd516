"""The public agenda at /agenda/: no login, public items of leaders only, each in its own
local time with its zone word, in Indonesian."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from organization.models import Region
from tests.factories import WITA
from tests.factories import public_agenda_item as add_item

WIB = ZoneInfo("Asia/Jakarta")
WIT = ZoneInfo("Asia/Jayapura")
DAY = "/agenda/"
WEEK = "/agenda/minggu/"


def at(day: int, hour: int, minute: int = 0, zone: ZoneInfo = WITA) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=zone)


def page(url: str, day: str) -> str:
    response = Client().get(url, {"day": day})
    assert response.status_code == 200
    return response.content.decode()


def test_a_wita_item_shows_in_its_own_time_on_its_day_without_login(world):
    add_item(world.mayor, at(2, 9), at(2, 12), role_note="Membuka acara")

    html = page(DAY, "2026-12-02")

    assert "Rabu, 2 Desember 2026" in html
    assert "09.00–12.00 WITA" in html
    assert "Pembukaan Pekan Imunisasi" in html
    assert "Wali Kota Palu" in html
    assert "Membuka acara" in html
    assert "Aula Dinas Kesehatan" in html
    assert "Pembukaan Pekan Imunisasi" not in page(DAY, "2026-12-01")
    assert "Pembukaan Pekan Imunisasi" not in page(DAY, "2026-12-03")


def test_the_public_page_is_a_standalone_page_that_links_the_feed(world):
    html = page(DAY, "2026-12-02")

    assert "vf-page" not in html and "mdc-" not in html  # not the viewflow chrome
    assert '<meta name="viewport"' in html
    assert 'href="webcal://testserver/agenda/public.ics"' in html
    assert 'href="http://testserver/agenda/public.ics"' in html
    assert 'type="text/calendar"' in html
    assert 'lang="id"' in html


def test_an_item_in_another_zone_keeps_its_own_time_and_day(world):
    # 23.30 WIB on Wednesday is 00.30 WITA on Thursday in the region's zone.
    add_item(world.deputy, at(2, 23, 30, zone=WIB), None, title="Malam takbiran", time_zone=WIB.key)
    add_item(world.sekda, at(2, 8, zone=WIT), at(2, 10, zone=WIT), title="Rakor", time_zone=WIT.key)

    wednesday = page(DAY, "2026-12-02")

    assert "23.30 s.d. selesai WIB" in wednesday
    assert "08.00–10.00 WIT" in wednesday
    assert "Malam takbiran" in wednesday
    # With the default two hours the open end runs past midnight into Thursday.
    thursday = page(DAY, "2026-12-03")
    assert "Malam takbiran" in thursday and "lanjutan" in thursday
    assert "Malam takbiran" not in page(DAY, "2026-12-04")


def test_items_are_listed_in_time_order(world):
    add_item(world.deputy, at(2, 13), at(2, 14), title="Kedua")
    add_item(world.mayor, at(2, 8), at(2, 9), title="Pertama")
    add_item(world.sekda, at(2, 16), at(2, 17), title="Ketiga")

    html = page(DAY, "2026-12-02")

    assert html.index("Pertama") < html.index("Kedua") < html.index("Ketiga")


def test_internal_confidential_cancelled_and_non_leader_items_are_not_shown(world):
    add_item(world.mayor, at(2, 9), at(2, 10), title="Acara terbuka")
    add_item(world.mayor, at(2, 11), at(2, 12), title="Rapat terbatas", visibility="internal")
    add_item(
        world.mayor, at(2, 13), at(2, 14), title="Pertemuan rahasia", visibility="confidential"
    )
    add_item(world.mayor, at(2, 15), at(2, 16), title="Acara batal", status="cancelled")
    add_item(world.kadis, at(2, 9), at(2, 10), title="Kegiatan Dinkes")

    for html in (page(DAY, "2026-12-02"), page(WEEK, "2026-12-02")):
        assert "Acara terbuka" in html
        for hidden in ("Rapat terbatas", "Pertemuan rahasia", "Acara batal", "Kegiatan Dinkes"):
            assert hidden not in html


def test_a_tentative_item_is_marked_as_not_yet_certain(world):
    add_item(world.mayor, at(2, 9), at(2, 10), status="tentative")

    assert "belum pasti" in page(DAY, "2026-12-02")


def test_the_week_runs_monday_to_sunday_with_indonesian_names(world):
    add_item(world.mayor, at(2, 9), at(2, 12))

    html = page(WEEK, "2026-12-02")

    days = [
        "Senin, 30 November 2026",
        "Selasa, 1 Desember 2026",
        "Rabu, 2 Desember 2026",
        "Kamis, 3 Desember 2026",
        "Jumat, 4 Desember 2026",
        "Sabtu, 5 Desember 2026",
        "Minggu, 6 Desember 2026",
    ]
    positions = [html.index(day) for day in days]
    assert positions == sorted(positions)
    assert positions[2] < html.index("09.00–12.00 WITA") < positions[3]
    assert "?day=2026-11-23" in html and "?day=2026-12-07" in html


def test_a_multi_day_item_is_on_each_of_its_days(world):
    add_item(world.sekda, at(2, 8), at(4, 12), title="Rakor Sekda se-Sulteng")

    html = page(WEEK, "2026-12-02")

    assert html.count("Rakor Sekda se-Sulteng") == 3
    assert "2 Desember 2026, 08.00 s.d. Jumat, 4 Desember 2026, 12.00 WITA" in html
    assert html.count("lanjutan") == 2
    assert "Rakor Sekda se-Sulteng" not in page(DAY, "2026-12-05")


def test_an_evening_ending_at_midnight_is_not_on_the_next_day(world):
    add_item(world.mayor, at(2, 20), at(3, 0), title="Malam renungan")

    assert "20.00–00.00 WITA" in page(DAY, "2026-12-02")
    assert "Malam renungan" not in page(DAY, "2026-12-03")


@pytest.mark.parametrize("asked", ["kemarin", "2026-02-30", "9999-12-31", "0001-01-01"])
def test_a_bad_day_falls_back_to_today_and_the_empty_day_says_so(world, asked):
    day = Client().get(DAY, {"day": asked})
    week = Client().get(WEEK, {"day": asked})

    assert day.status_code == week.status_code == 200
    today = timezone.localdate(timezone=world.region.zone)
    assert day.context["day"] == week.context["day"] == today
    assert "Tidak ada agenda publik pada hari ini." in day.content.decode()


def test_the_week_page_needs_the_same_queries_for_one_item_as_for_twenty(world):
    add_item(world.mayor, at(2, 9), at(2, 10))
    Region.current()  # read once per process: not the page's own query
    with CaptureQueriesContext(connection) as one:
        Client().get(WEEK, {"day": "2026-12-02"})
    for hour in range(20):
        add_item(world.deputy, at(3, hour), None, title=f"Acara {hour}")
    with CaptureQueriesContext(connection) as many:
        html = page(WEEK, "2026-12-02")

    assert "Acara 19" in html
    assert len(many) == len(one) <= 3
