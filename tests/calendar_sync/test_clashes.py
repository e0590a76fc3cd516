"""Clashes on one official's agenda: overlap, travel time, open ends."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from calendar_sync.models import AgendaItem
from calendar_sync.selectors import agenda_clashes
from calendar_sync.services import agenda_item_create
from tests.factories import AULA
from tests.factories import agenda_item as item
from tests.factories import wita as at

JUANG = "Gedung Juang"


def kinds(official, start, end, venue=AULA, **kwargs) -> list[tuple[str, str]]:
    clashes = agenda_clashes(official=official, start=start, end=end, venue=venue, **kwargs)
    return [(c.kind, c.item.title) for c in clashes]


def test_overlapping_items_clash(world):
    item(world.mayor, at(9), at(11))
    assert kinds(world.mayor, at(10), at(12)) == [("overlap", "Rapat koordinasi")]
    assert kinds(world.mayor, at(8), at(9, 1)) == [("overlap", "Rapat koordinasi")]
    assert kinds(world.mayor, at(9, 30), at(10)) == [("overlap", "Rapat koordinasi")]


def test_touching_items_at_the_same_venue_do_not_clash(world):
    item(world.mayor, at(9), at(11))
    assert kinds(world.mayor, at(11), at(12)) == []
    assert kinds(world.mayor, at(8), at(9)) == []
    # The venue is compared without case and extra spaces.
    assert kinds(world.mayor, at(11), at(12), venue="  aula dinas   KESEHATAN ") == []


def test_a_different_venue_within_the_travel_buffer_clashes_as_travel(world):
    item(world.mayor, at(9), at(11))
    assert kinds(world.mayor, at(11), at(12), venue=JUANG) == [("travel", "Rapat koordinasi")]
    assert kinds(world.mayor, at(11, 29), at(12), venue=JUANG) == [("travel", "Rapat koordinasi")]
    assert kinds(world.mayor, at(8), at(8, 31), venue=JUANG) == [("travel", "Rapat koordinasi")]
    # Exactly the buffer apart is enough time to travel.
    assert kinds(world.mayor, at(11, 30), at(12), venue=JUANG) == []
    assert kinds(world.mayor, at(8), at(8, 30), venue=JUANG) == []


def test_the_travel_buffer_is_the_regions_setting(world):
    world.region.travel_buffer_minutes = 60
    world.region.save()
    item(world.mayor, at(9), at(11))
    assert kinds(world.mayor, at(11, 45), at(12), venue=JUANG) == [("travel", "Rapat koordinasi")]
    assert kinds(world.mayor, at(12), at(13), venue=JUANG) == []


def test_an_open_end_counts_as_the_default_duration(world):
    item(world.mayor, at(9), None, title="Pelantikan s.d. selesai")
    assert kinds(world.mayor, at(10, 59), at(12)) == [("overlap", "Pelantikan s.d. selesai")]
    assert kinds(world.mayor, at(11), at(12)) == []
    assert kinds(world.mayor, at(11, 15), at(12), venue=JUANG) == [
        ("travel", "Pelantikan s.d. selesai")
    ]
    # The new item may be open-ended too: 08.00 s.d. selesai runs into 09.00.
    assert kinds(world.mayor, at(7), None) == []
    assert kinds(world.mayor, at(7, 1), None) == [("overlap", "Pelantikan s.d. selesai")]


def test_a_multi_day_item_clashes_on_its_middle_day(world):
    item(world.mayor, at(8, day=1), at(17, day=3), venue="Jakarta", title="Rakornas")
    assert kinds(world.mayor, at(10, day=2), at(12, day=2)) == [("overlap", "Rakornas")]


def test_cancelled_items_are_ignored(world):
    item(world.mayor, at(9), at(11), status=AgendaItem.Status.CANCELLED)
    assert kinds(world.mayor, at(10), at(12)) == []
    assert kinds(world.mayor, at(11), at(12), venue=JUANG) == []


def test_other_officials_items_are_ignored(world):
    item(world.deputy, at(9), at(11))
    item(world.sekda, at(10), at(11), venue=JUANG)
    assert kinds(world.mayor, at(10), at(12)) == []
    assert kinds(world.deputy, at(10), at(12)) == [("overlap", "Rapat koordinasi")]


def test_items_of_the_same_source_can_be_left_out(world):
    item(world.mayor, at(9), at(11), source="letter:7")
    assert kinds(world.mayor, at(10), at(12), exclude_source="letter:7") == []
    assert kinds(world.mayor, at(10), at(12), exclude_source="letter:8") == [
        ("overlap", "Rapat koordinasi")
    ]


def test_creating_a_clashing_item_is_refused_without_a_reason(world):
    item(world.mayor, at(9), at(11), title="Rapat paripurna DPRD")
    with pytest.raises(ValidationError) as info:
        agenda_item_create(
            official=world.mayor,
            title="Pembukaan Pekan Imunisasi",
            start=at(10),
            end=at(12),
            time_zone="Asia/Makassar",
            venue=AULA,
            clash_override_reason="   ",
        )
    assert info.value.code == "clash"
    message = info.value.messages[0]
    assert "Wali Kota Palu" in message
    assert "Rapat paripurna DPRD" in message
    assert "Tuliskan alasan" in message
    assert AgendaItem.objects.count() == 1


def test_creating_a_clashing_item_with_a_reason_stores_the_reason(world):
    item(world.mayor, at(9), at(11), title="Rapat paripurna DPRD")
    created = agenda_item_create(
        official=world.mayor,
        title="Pembukaan Pekan Imunisasi",
        start=at(10),
        end=at(12),
        time_zone="Asia/Makassar",
        venue=AULA,
        clash_override_reason="  Hadir sebentar untuk membuka acara.  ",
    )
    created.refresh_from_db()
    assert created.clash_override_reason == "Hadir sebentar untuk membuka acara."
    assert AgendaItem.objects.count() == 2


def test_a_reason_given_without_a_clash_is_not_stored(world):
    created = agenda_item_create(
        official=world.mayor,
        title="Pembukaan Pekan Imunisasi",
        start=at(10),
        end=at(12),
        time_zone="Asia/Makassar",
        venue=AULA,
        clash_override_reason="Jaga-jaga.",
    )
    assert created.clash_override_reason == ""


def test_an_item_ending_before_it_starts_is_refused(world):
    with pytest.raises(ValidationError):
        agenda_item_create(
            official=world.mayor,
            title="Salah isi",
            start=at(10),
            end=at(10) - timedelta(minutes=1),
            time_zone="Asia/Makassar",
        )
    assert not AgendaItem.objects.exists()
