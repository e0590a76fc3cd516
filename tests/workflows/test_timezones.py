"""An event in another zone than the region's: stored in UTC, shown in its own zone, on
the right day.

The region is on WIB (Asia/Jakarta); the events are on WITA (Asia/Makassar), one hour
ahead. 07.00 WITA is 23.00 UTC of the previous day, so any page that takes the UTC date
(or the server's zone) shows the item on the wrong day.
"""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from calendar_sync.models import AgendaItem
from tests.factories import make_world
from tests.workflows.walk import client_for, do_task, register, review_forward
from workflows.models import Letter

WIB = ZoneInfo("Asia/Jakarta")

CASES = {
    # local start, local end, the UTC instant, what the pages show, still on 3 December?
    "morning_is_the_previous_day_in_utc": (
        "2026-12-02T07:00",
        "2026-12-02T09:00",
        datetime(2026, 12, 1, 23, 0, tzinfo=UTC),
        "07.00",
        False,
    ),
    "open_end_in_the_morning_ends_the_same_day": (
        "2026-12-02T09:00",
        "",
        datetime(2026, 12, 2, 1, 0, tzinfo=UTC),
        "09.00",
        False,
    ),
    # 22.30 WIB s.d. selesai: with the default two hours it runs past midnight in WIB.
    "late_evening_open_end_runs_into_the_next_day": (
        "2026-12-02T23:30",
        "",
        datetime(2026, 12, 2, 15, 30, tzinfo=UTC),
        "23.30",
        True,
    ),
}


@pytest.fixture
def world(db):
    return make_world(region_zone="Asia/Jakarta")


@pytest.fixture(params=list(CASES))
def case(request):
    return CASES[request.param]


@pytest.fixture
def scheduled(world, case):
    local_start, local_end, _utc, _shown, _next_day = case
    letter = register(
        world.clerk,
        event_time_zone="Asia/Makassar",
        local_start=local_start,
        local_end=local_end,
        received_date="2026-11-23",
    )
    review_forward(world.reviewer, letter, world.mayor)
    do_task(world.mayor_user, letter, "dispose", {"outcome": "attend"})
    do_task(world.scheduler, letter, "schedule", {"visibility": "public"})
    return Letter.objects.get(pk=letter.pk)


def test_the_event_start_is_stored_as_the_utc_instant_of_the_local_time(scheduled, case):
    _start, _end, utc, _shown, _next_day = case
    assert scheduled.event_start == utc
    assert scheduled.event_time_zone == "Asia/Makassar"
    assert Letter.objects.filter(event_start=utc).get() == scheduled
    item = AgendaItem.objects.get(source=f"letter:{scheduled.pk}")
    assert (item.start, item.time_zone) == (utc, "Asia/Makassar")


def test_the_letter_page_shows_the_local_time_with_its_zone_word_on_the_right_day(
    world, scheduled, case
):
    shown = case[3]
    html = client_for(world.reviewer).get(reverse("letters:detail", args=[scheduled.pk]))
    html = html.content.decode()
    assert f"Rabu, 2 Desember 2026, {shown}" in html
    assert "WITA" in html
    assert "Selasa, 1 Desember 2026" not in html
    sheet = client_for(world.reviewer).get(reverse("letters:sheet", args=[scheduled.pk]))
    assert f"Rabu, 2 Desember 2026, {shown}" in sheet.content.decode()


def test_the_agenda_day_page_lists_the_item_on_its_local_day_only(world, scheduled, case):
    shown = case[3]
    client = client_for(world.scheduler)
    day = client.get(reverse("jadwal:index"), {"day": "2026-12-02"})
    rows = day.context["items"]
    assert [entry.item.source for entry in rows] == [f"letter:{scheduled.pk}"]
    html = day.content.decode()
    assert "Rabu, 2 Desember 2026" in html
    assert f"2 Des, {shown}" in html
    assert "WITA" in html
    before = client.get(reverse("jadwal:index"), {"day": "2026-12-01"})
    assert list(before.context["items"]) == []
    after = client.get(reverse("jadwal:index"), {"day": "2026-12-03"})
    assert bool(list(after.context["items"])) is case[4]


def test_the_officials_week_page_shows_the_item_on_wednesday_in_local_time(world, scheduled, case):
    shown = case[3]
    page = client_for(world.adc).get(
        reverse("jadwal:official", args=[world.mayor.pk]), {"day": "2026-12-02"}
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert f"Rabu, 2 Desember 2026 {shown}" in html
    assert "WITA" in html
    assert [entry.item.source for entry in page.context["items"]] == [f"letter:{scheduled.pk}"]


def test_a_postponement_typed_without_a_zone_keeps_the_letters_own_zone(world):
    letter = register(
        world.clerk,
        event_time_zone="Asia/Jakarta",
        local_start="2026-12-02T09:00",
        local_end="2026-12-02T12:00",
    )
    response = client_for(world.clerk).post(
        reverse("letters:sender_update", args=[letter.pk]),
        {"kind": "postpone", "note": "Surat susulan 440/1.", "local_start": "2026-12-09T14:00"},
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.event_time_zone == "Asia/Jakarta"
    assert letter.event_start == datetime(2026, 12, 9, 7, 0, tzinfo=UTC)  # 14.00 WIB
    page = client_for(world.clerk).get(reverse("letters:detail", args=[letter.pk]))
    assert "Rabu, 9 Desember 2026, 14.00 s.d. selesai WIB" in page.content.decode()


@pytest.mark.parametrize(
    ("end", "days"),
    [
        (datetime(2026, 12, 3, 0, 0, tzinfo=WIB), ["2026-12-02"]),
        (datetime(2026, 12, 3, 0, 30, tzinfo=WIB), ["2026-12-02", "2026-12-03"]),
    ],
    ids=["ending_at_midnight", "running_past_midnight"],
)
def test_an_evening_item_is_on_the_next_days_agenda_only_if_it_runs_past_midnight(world, end, days):
    AgendaItem.objects.create(
        official=world.mayor,
        title="Malam renungan HUT Kota",
        start=datetime(2026, 12, 2, 22, 0, tzinfo=WIB),
        end=end,
        time_zone="Asia/Jakarta",
    )
    client = client_for(world.scheduler)
    listed = [
        day
        for day in ("2026-12-01", "2026-12-02", "2026-12-03")
        if client.get(reverse("jadwal:index"), {"day": day}).context["items"]
    ]
    assert listed == days
