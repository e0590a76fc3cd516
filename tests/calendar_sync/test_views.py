"""The internal agenda pages under /jadwal/: who reads what, and how each page lays it out."""

import re
from datetime import datetime
from html import unescape
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import translation

from calendar_sync.layout import share_text
from calendar_sync.models import AgendaItem
from calendar_sync.selectors import agenda_entries, agenda_viewer
from tests.factories import ROLE_USERS, WITA
from tests.workflows.walk import client_for

WIB = ZoneInfo("Asia/Jakarta")
DAY = "2026-12-02"
SECRET = "Pertemuan tertutup dengan investor"
SECRET_PLACE = "Rumah Jabatan Wali Kota"

ROLES = ROLE_USERS


def at(hour: int, minute: int = 0, day: int = 2, zone: ZoneInfo = WITA) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=zone)


def item(official, start, end, title, venue="", zone="Asia/Makassar", **fields) -> AgendaItem:
    return AgendaItem.objects.create(
        official=official, title=title, start=start, end=end, time_zone=zone, venue=venue, **fields
    )


@pytest.fixture
def mayors_day(world):
    """The mayor's Wednesday 2 December 2026: an open end, an item in WIB, a secret, and a
    cancelled item."""
    return [
        item(
            world.mayor,
            at(9),
            None,
            "Pembukaan Pekan Imunisasi Nasional",
            "Aula Dinas Kesehatan",
            visibility="public",
            status="confirmed",
        ),
        item(
            world.mayor,
            at(10, zone=WIB),
            at(11, zone=WIB),
            "Rapat daring dengan Kemendagri",
            zone="Asia/Jakarta",
        ),
        item(world.mayor, at(13), at(15), SECRET, SECRET_PLACE, visibility="confidential"),
        item(world.mayor, at(16), at(17), "Acara yang batal", "Gedung Juang", status="cancelled"),
    ]


def text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_the_internal_agenda_lives_under_jadwal(world):
    assert reverse("jadwal:index") == "/jadwal/"
    assert reverse("jadwal:print") == "/jadwal/cetak/"
    assert reverse("jadwal:official_month", args=[world.mayor.pk]).startswith("/jadwal/")


def _pages(world) -> list[str]:
    mayor = world.mayor.pk
    return [
        reverse("jadwal:index"),
        reverse("jadwal:official_day", args=[mayor]),
        reverse("jadwal:official", args=[mayor]),
        reverse("jadwal:official_month", args=[mayor]),
        reverse("jadwal:combined"),
        reverse("jadwal:print"),
        f"{reverse('jadwal:print')}?official={mayor}",
    ]


@pytest.mark.parametrize("role", ["dept_officer", "deputy_adc", "clerk", "clerk_without_rights"])
def test_a_confidential_item_is_busy_for_who_may_not_read_it_on_every_page(world, mayors_day, role):
    """The mailroom reads every letter, but not the leaders' confidential agenda."""
    if role == "clerk_without_rights":
        from tests.factories import make_user

        user = make_user("tamu")  # signed in, no role at all
    else:
        user = getattr(world, role)
    client = client_for(user)
    for url in _pages(world):
        response = client.get(url, {"day": DAY})
        assert response.status_code == 200, url
        page = text(response.content.decode())
        assert "Sibuk" in page, url
        assert "13.00" in page, url  # the time stays
        assert SECRET not in page, url
        assert SECRET_PLACE not in page, url
        assert "Pembukaan Pekan Imunisasi Nasional" in page, url


@pytest.mark.parametrize("role", ["mayor_user", "adc", "scheduler", "reviewer", "auditor", "admin"])
def test_a_confidential_item_reads_in_full_for_the_official_their_staff_and_protocol(
    world, mayors_day, role
):
    client = client_for(getattr(world, role))
    for url in _pages(world):
        page = text(client.get(url, {"day": DAY}).content.decode())
        assert SECRET in page, url
        assert SECRET_PLACE in page, url


def test_the_viewer_helper_decides_per_item(world, mayors_day):
    secret = mayors_day[2]
    assert agenda_viewer(user=world.adc).sees_details(secret)
    assert agenda_viewer(user=world.mayor_user).sees_details(secret)
    assert agenda_viewer(user=world.auditor).sees_details(secret)
    assert not agenda_viewer(user=world.deputy_adc).sees_details(secret)
    assert not agenda_viewer(user=world.dept_officer).sees_details(secret)
    assert not agenda_viewer(user=world.clerk).sees_details(secret)
    assert agenda_viewer(user=world.dept_officer).sees_details(mayors_day[1])  # internal
    (entry,) = agenda_entries(items=[secret], viewer=agenda_viewer(user=world.deputy_adc))
    assert (entry.title, entry.venue, entry.local_start) == ("Sibuk", "", secret.local_start)


@pytest.mark.parametrize("role", ROLES)
def test_every_role_can_open_every_agenda_page(world, mayors_day, role):
    client = client_for(getattr(world, role))
    for url in [*_pages(world), reverse("jadwal:share")]:
        assert client.get(url, {"day": DAY}).status_code == 200, url


def test_a_visitor_who_is_not_signed_in_is_sent_to_the_login(world):
    from django.test import Client

    response = Client().get(reverse("jadwal:index"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_times_are_shown_in_each_items_own_zone_with_its_zone_word(world, mayors_day):
    client = client_for(world.scheduler)
    page = text(
        client.get(
            reverse("jadwal:official_day", args=[world.mayor.pk]), {"day": DAY}
        ).content.decode()
    )
    assert "09.00 s.d. selesai WITA" in page
    assert "10.00–11.00 WIB" in page  # not 11.00-12.00: the item's own clock
    assert "13.00–15.00 WITA" in page


def test_the_month_shows_a_multi_day_item_on_each_of_its_days(world):
    trip = item(
        world.mayor,
        at(8, day=1),
        at(17, day=3),
        "Rakornas Kepala Daerah",
        "Jakarta",
        kind="travel",
        outside_region=True,
    )
    item(world.mayor, at(9, day=30).replace(month=11), at(10, day=30).replace(month=11), "Awal")
    response = client_for(world.adc).get(
        reverse("jadwal:official_month", args=[world.mayor.pk]), {"day": DAY}
    )
    html = response.content.decode()
    cells = dict(
        re.findall(r'data-day="(\d{4}-\d\d-\d\d)" role="cell">(.*?)</div>', html, flags=re.S)
    )
    with_trip = sorted(day for day, cell in cells.items() if f'data-item="{trip.pk}"' in cell)
    assert with_trip == ["2026-12-01", "2026-12-02", "2026-12-03"]
    # The grid runs Monday to Sunday around December: 30 November to 3 January.
    assert min(cells) == "2026-11-30" and max(cells) == "2027-01-03"
    assert len(cells) == 35
    assert "Awal" in cells["2026-11-30"]
    month = response.context["weeks"]
    assert [d.in_month for d in month[0]] == [False] + [True] * 6


def test_the_month_grid_collapses_to_a_list_on_a_phone(world):
    html = (
        client_for(world.adc)
        .get(reverse("jadwal:official_month", args=[world.mayor.pk]), {"day": DAY})
        .content.decode()
    )
    assert '<link rel="stylesheet" href="/static/lontar_agenda.css">' in html
    css = Path(finders.find("lontar_agenda.css")).read_text()
    assert re.search(r"@media \(max-width: 600px\)\s*\{[^}]*\.lt-month \{ display: block;", css)


def test_the_week_and_day_pages_list_a_multi_day_item(world):
    trip = item(world.mayor, at(8, day=1), at(17, day=3), "Rakornas Kepala Daerah", "Jakarta")
    client = client_for(world.scheduler)
    day = client.get(reverse("jadwal:official_day", args=[world.mayor.pk]), {"day": DAY})
    assert [e.item for e in day.context["items"]] == [trip]
    assert "Sel 1 Des, 08.00 s.d. Kam 3 Des, 17.00 WITA" in text(day.content.decode())
    index = client.get(reverse("jadwal:index"), {"day": "2026-12-03"})
    assert [e.item for e in index.context["items"]] == [trip]
    assert not client.get(reverse("jadwal:index"), {"day": "2026-12-04"}).context["items"]


def test_the_leaders_side_by_side_have_a_column_each_and_a_row_per_hour(world, mayors_day):
    item(world.deputy, at(10), at(12), "Musrenbang Kecamatan", "Kantor Camat")
    item(world.kadis, at(10), at(12), "Bukan pimpinan")  # department heads are not columns
    response = client_for(world.reviewer).get(reverse("jadwal:combined"), {"day": DAY})
    assert [o.title for o in response.context["leaders"]] == [
        "Wali Kota Palu",
        "Wakil Wali Kota Palu",
        "Sekda Kota Palu",
    ]
    rows = {row.hour: row.cells for row in response.context["rows"]}
    assert min(rows) == 7 and max(rows) >= 21
    mayor, deputy, sekda = 0, 1, 2
    assert [e.title for e in rows[9][mayor].entries] == ["Pembukaan Pekan Imunisasi Nasional"]
    # 10.00 WIB is 11.00 WITA: the rows are the region's hours, the text the item's clock.
    assert [e.title for e in rows[11][mayor].entries] == ["Rapat daring dengan Kemendagri"]
    assert [e.title for e in rows[10][deputy].entries] == ["Musrenbang Kecamatan"]
    assert rows[10][mayor].busy  # s.d. selesai counts two hours
    assert rows[11][deputy].busy and not rows[12][deputy].busy
    assert not any(cell.entries for cell in (row[sekda] for row in rows.values()))
    assert "Acara yang batal" not in response.content.decode()
    assert "Bukan pimpinan" not in response.content.decode()


def test_the_printable_day_is_a4_landscape_with_a_header_repeated_on_every_page(world, mayors_day):
    response = client_for(world.scheduler).get(reverse("jadwal:print"), {"day": DAY})
    assert response.status_code == 200
    html = response.content.decode()
    # The sheet's styles are a static file (the Content-Security-Policy allows no inline style).
    assert '<link rel="stylesheet" href="/static/print_agenda.css">' in html
    css = Path(finders.find("print_agenda.css")).read_text()
    assert re.search(r"@page\s*\{[^}]*size:\s*A4 landscape", css)
    assert re.search(r"thead\s*\{\s*display:\s*table-header-group", css)
    assert re.search(r"<thead><tr><th[^>]*>No.</th><th[^>]*>Waktu</th>", html)
    page = text(html)
    assert "Rabu, 2 Desember 2026" in page
    assert "Pemerintah Kota Palu" in page
    assert "Pembukaan Pekan Imunisasi Nasional" in page
    assert "Acara yang batal" not in page
    assert "Wali Kota Palu" in page


def test_the_printable_day_of_one_official(world, mayors_day):
    item(world.deputy, at(10), at(12), "Musrenbang Kecamatan")
    response = client_for(world.scheduler).get(
        reverse("jadwal:print"), {"day": DAY, "official": world.mayor.pk}
    )
    page = text(response.content.decode())
    assert "Agenda Wali Kota Palu" in page
    assert "Musrenbang Kecamatan" not in page


EXPECTED_SHARE = """*AGENDA WALI KOTA PALU*
*Rabu, 2 Desember 2026*

1. 09.00 WITA – s.d. selesai
   Pembukaan Pekan Imunisasi Nasional
   📍 Aula Dinas Kesehatan

2. 10.00 – 11.00 WIB
   Rapat daring dengan Kemendagri

3. 13.00 – 15.00 WITA
   Sibuk
"""


def test_the_whatsapp_text_of_a_day(world, mayors_day):
    # Even the protocol office, who may read the secret, shares it only as "Sibuk".
    response = client_for(world.scheduler).get(
        reverse("jadwal:share"), {"day": DAY, "official": world.mayor.pk}
    )
    assert response.status_code == 200
    assert response.context["share_text"] == EXPECTED_SHARE
    html = response.content.decode()
    assert SECRET not in html
    # The copy button is wired by the page script (no inline script under the CSP).
    assert 'data-copy-from="share-text"' in html
    assert '<script src="/static/lontar_pages.js" defer></script>' in html
    script = Path(finders.find("lontar_pages.js")).read_text()
    assert "navigator.clipboard.writeText" in script
    assert 'document.execCommand("copy")' in script  # the fallback
    assert "https://wa.me/?text=" in html


def test_the_whatsapp_text_can_leave_secrets_out(world, mayors_day):
    response = client_for(world.adc).get(
        reverse("jadwal:share"), {"day": DAY, "official": world.mayor.pk, "rahasia": "hilangkan"}
    )
    text_ = response.context["share_text"]
    assert "Sibuk" not in text_
    assert "3." not in text_
    assert text_.endswith("   Rapat daring dengan Kemendagri\n")


def test_the_whatsapp_text_defaults_to_the_regional_head(world, mayors_day):
    response = client_for(world.adc).get(reverse("jadwal:share"), {"day": DAY})
    assert response.context["share_text"].startswith("*AGENDA WALI KOTA PALU*\n")


def test_the_whatsapp_text_of_an_empty_day_and_of_a_trip_begun_the_day_before(world):
    trip = item(world.deputy, at(8, day=1), at(17, day=3), "Rakornas", "Jakarta")
    with translation.override("id"):
        entries = agenda_entries(items=[trip], viewer=agenda_viewer(user=world.scheduler))
        message = share_text(
            official=world.deputy, day=at(0).date(), entries=entries, omit_hidden=False
        )
        empty = share_text(official=world.sekda, day=at(0).date(), entries=[])
    assert message == (
        "*AGENDA WAKIL WALI KOTA PALU*\n*Rabu, 2 Desember 2026*\n\n"
        "1. 1 Des 08.00 – 3 Des 17.00 WITA\n   Rakornas\n   📍 Jakarta\n"
    )
    assert empty == "*AGENDA SEKDA KOTA PALU*\n*Rabu, 2 Desember 2026*\n\nTidak ada agenda.\n"


def test_the_add_button_shows_only_to_who_may_enter_items(world):
    add = reverse("jadwal:item_create")
    assert add in client_for(world.scheduler).get(reverse("jadwal:index")).content.decode()
    assert add in client_for(world.adc).get(reverse("jadwal:index")).content.decode()
    assert add not in client_for(world.auditor).get(reverse("jadwal:index")).content.decode()
