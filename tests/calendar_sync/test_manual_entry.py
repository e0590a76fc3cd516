"""Agenda items entered and changed by hand: who may, clashes, venues, sequence, history."""

from datetime import UTC, datetime, timedelta
from functools import partial

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from calendar_sync.models import AgendaItem, AgendaItemChange
from calendar_sync.services import (
    agenda_item_cancel,
    agenda_item_confirm,
    agenda_item_update,
)
from tests.factories import AULA, agenda_item
from tests.factories import wita as at
from tests.workflows.walk import client_for, do_task, open_task, register, review_forward

# Items in these tests are a council session unless they say otherwise.
item = partial(agenda_item, title="Rapat paripurna DPRD")


def form_data(official, **overrides) -> dict:
    data = {
        "official": official.pk,
        "title": "Rapat koordinasi stunting",
        "kind": "meeting",
        "local_start": "2026-12-02T10:00",
        "local_end": "2026-12-02T12:00",
        "time_zone": "Asia/Makassar",
        "venue": "Ruang Rapat Bantaya",
        "status": "tentative",
        "visibility": "internal",
        "role_note": "",
        "description": "",
    }
    data.update(overrides)
    return data


def item_page_data(entry: AgendaItem, **overrides) -> dict:
    """The item page's form as it comes filled in, with ``overrides`` typed over it."""
    data = form_data(
        entry.official,
        title=entry.title,
        kind=entry.kind,
        local_start=entry.local_start.strftime("%Y-%m-%dT%H:%M"),
        local_end=entry.local_end.strftime("%Y-%m-%dT%H:%M") if entry.end else "",
        time_zone=entry.time_zone,
        venue=entry.venue,
        status=entry.status,
        visibility=entry.visibility,
    )
    del data["official"]
    data.update(overrides)
    return data


CREATE = "jadwal:item_create"

# Who may put an item on the mayor's agenda by hand.
ALLOWED = ["scheduler", "reviewer", "admin", "adc", "mayor_user"]
REFUSED = ["clerk", "auditor", "dept_officer"]  # no agenda of their own to keep


@pytest.mark.parametrize("role", ALLOWED)
def test_the_protocol_office_admins_and_the_mayors_own_people_enter_items(world, role):
    client = client_for(getattr(world, role))
    assert client.get(reverse(CREATE)).status_code == 200
    response = client.post(reverse(CREATE), form_data(world.mayor))
    assert response.status_code == 302, response.context["form"].errors
    created = AgendaItem.objects.get()
    assert response["Location"] == reverse("jadwal:item", args=[created.pk])
    assert created.official == world.mayor
    assert created.created_by == getattr(world, role)
    assert (created.kind, created.status, created.visibility) == (
        "meeting",
        "tentative",
        "internal",
    )
    # The wall time typed is the item's own zone's.
    assert created.start == datetime(2026, 12, 2, 2, 0, tzinfo=UTC)
    assert client.get(reverse("jadwal:item", args=[created.pk])).status_code == 200


@pytest.mark.parametrize("role", REFUSED)
def test_someone_without_an_agenda_to_keep_is_refused(world, role):
    client = client_for(getattr(world, role))
    assert client.get(reverse(CREATE)).status_code == 403
    assert client.post(reverse(CREATE), form_data(world.mayor)).status_code == 403
    mayors = item(world.mayor, at(9), at(11))
    assert client.get(reverse("jadwal:item", args=[mayors.pk])).status_code == 403
    assert client.post(reverse("jadwal:item_confirm", args=[mayors.pk])).status_code == 403
    response = client.post(reverse("jadwal:item_cancel", args=[mayors.pk]), {"reason": "x"})
    assert response.status_code == 403
    mayors.refresh_from_db()
    assert (mayors.status, mayors.sequence) == ("tentative", 0)
    assert AgendaItem.objects.count() == 1


def test_another_leaders_staff_may_keep_only_their_own_leaders_agenda(world):
    client = client_for(world.deputy_adc)
    page = client.get(reverse(CREATE))
    assert list(page.context["form"].fields["official"].queryset) == [world.deputy]
    response = client.post(reverse(CREATE), form_data(world.mayor))
    assert response.status_code == 200
    assert "official" in response.context["form"].errors
    assert not AgendaItem.objects.exists()
    mayors = item(world.mayor, at(9), at(11))
    assert client.get(reverse("jadwal:item", args=[mayors.pk])).status_code == 403
    assert client.post(reverse(CREATE), form_data(world.deputy)).status_code == 302


def test_a_leader_keeps_only_their_own_agenda(world):
    client = client_for(world.mayor_user)
    assert client.post(reverse(CREATE), form_data(world.deputy)).status_code == 200
    assert client.post(reverse(CREATE), form_data(world.mayor)).status_code == 302
    deputys = item(world.deputy, at(9), at(11))
    assert client.get(reverse("jadwal:item", args=[deputys.pk])).status_code == 403


def test_a_visitor_who_is_not_signed_in_is_sent_to_the_login(world):
    from django.test import Client

    response = Client().get(reverse(CREATE))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_clash_is_refused_without_a_reason_and_the_reason_field_appears(world):
    item(world.mayor, at(9), at(11))
    client = client_for(world.scheduler)
    page = client.get(reverse(CREATE)).content.decode()
    assert 'type="hidden" name="clash_override_reason"' in page  # no clash, no question
    response = client.post(reverse(CREATE), form_data(world.mayor))
    assert response.status_code == 200
    form = response.context["form"]
    assert "clash_override_reason" in form.errors
    html = response.content.decode()
    assert "Bentrok jadwal Wali Kota Palu" in html
    assert "Rapat paripurna DPRD" in html
    assert '<textarea name="clash_override_reason"' in html
    assert AgendaItem.objects.count() == 1


def test_a_clash_is_accepted_with_a_reason_and_the_reason_is_stored(world):
    item(world.mayor, at(9), at(11))
    response = client_for(world.scheduler).post(
        reverse(CREATE),
        form_data(world.mayor, clash_override_reason="  Hadir sebentar untuk membuka.  "),
    )
    assert response.status_code == 302
    created = AgendaItem.objects.get(title="Rapat koordinasi stunting")
    assert created.clash_override_reason == "Hadir sebentar untuk membuka."


def test_a_different_venue_without_travel_time_is_a_clash_too(world):
    item(world.mayor, at(9), at(11), venue="Gedung Juang")
    response = client_for(world.scheduler).post(
        reverse(CREATE), form_data(world.mayor, local_start="2026-12-02T11:15")
    )
    assert response.status_code == 200
    assert "waktu tempuh tidak cukup" in response.content.decode()


def test_another_officials_event_in_the_same_room_is_a_warning_not_a_refusal(world):
    item(world.deputy, at(9), at(11), title="Musrenbang Kecamatan")
    item(world.sekda, at(13), at(14), title="Sesudahnya")  # same room, later: no warning
    item(world.camat, at(9), at(11), title="Rapat batal", status="cancelled")
    client = client_for(world.scheduler)
    response = client.post(
        reverse(CREATE),
        form_data(world.mayor, venue="  aula dinas   KESEHATAN ", local_end="2026-12-02T13:00"),
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Tempat yang sama dipakai acara lain" in page
    assert "Wakil Wali Kota Palu — Musrenbang Kecamatan" in page
    assert "Sesudahnya" not in page
    assert "Rapat batal" not in page


def test_a_form_sent_back_for_another_reason_shows_the_venue_warning(world):
    item(world.deputy, at(9), at(11), title="Musrenbang Kecamatan")
    response = client_for(world.scheduler).post(
        reverse(CREATE), form_data(world.mayor, venue=AULA, title="")
    )
    assert response.status_code == 200
    assert "Musrenbang Kecamatan" in response.content.decode()


def test_a_confidential_booking_of_the_same_room_is_not_shown_to_who_may_not_read_it(world):
    item(world.deputy, at(9), at(11), title="Pertemuan tertutup", visibility="confidential")
    client = client_for(world.adc)  # the mayor's ajudan may not read the deputy's secrets
    response = client.post(reverse(CREATE), form_data(world.mayor, venue=AULA))
    page = client.get(response["Location"]).content.decode()
    assert "Pertemuan tertutup" not in page
    scheduler_page = client_for(world.scheduler).get(response["Location"]).content.decode()
    assert "Pertemuan tertutup" in scheduler_page


def test_the_schedule_step_warns_of_another_officials_event_in_the_same_room(world):
    letter = register(world.clerk)  # 2 December 09.00-12.00 WITA, Aula Dinas Kesehatan
    review_forward(world.reviewer, letter, world.mayor)
    do_task(world.mayor_user, letter, "dispose", {"outcome": "attend"})
    item(world.deputy, at(11), at(13), venue=" AULA Dinas Kesehatan", title="Musrenbang")
    task = open_task(letter, "schedule")
    client = client_for(world.scheduler)
    client.post(reverse("letter:schedule:assign", args=[task.process_id, task.pk]))
    page = client.get(reverse("letter:schedule:execute", args=[task.process_id, task.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Tempat yang sama dipakai acara lain" in html
    assert "Wakil Wali Kota Palu — Musrenbang" in html
    # Only a warning: scheduling goes through.
    do_task(world.scheduler, letter, "schedule", {"visibility": "public"})
    assert AgendaItem.objects.filter(official=world.mayor).count() == 1


# Changes by hand


def test_an_update_of_time_or_place_raises_the_sequence_and_is_recorded(world):
    entry = item(world.mayor, at(9), at(11))
    updated = agenda_item_update(item=entry, actor=world.scheduler, start=at(10), end=at(12))
    assert updated.sequence == 1
    assert (updated.start, updated.end) == (at(10), at(12))
    updated = agenda_item_update(item=updated, actor=world.adc, venue="Gedung Juang")
    assert updated.sequence == 2
    changes = list(AgendaItemChange.objects.filter(item=entry).order_by("pk"))
    assert [(c.actor, c.action) for c in changes] == [
        (world.scheduler, "update"),
        (world.adc, "update"),
    ]
    assert "mulai" in changes[0].note and "selesai" in changes[0].note
    assert "tempat" in changes[1].note


def test_an_update_that_changes_nothing_keeps_the_sequence(world):
    entry = item(world.mayor, at(9), at(11))
    same = agenda_item_update(item=entry, actor=world.scheduler, start=at(9), venue=AULA)
    assert same.sequence == 0
    assert not AgendaItemChange.objects.exists()


def test_an_update_through_the_page_raises_the_sequence(world):
    entry = item(world.mayor, at(9), at(11))
    client = client_for(world.scheduler)
    url = reverse("jadwal:item", args=[entry.pk])
    response = client.post(url, item_page_data(entry, local_start="2026-12-02T09:30"))
    assert response.status_code == 302, response.context["form"].errors
    entry.refresh_from_db()
    assert entry.start == at(9, 30)
    assert entry.sequence == 1
    page = client.get(url).content.decode()
    assert "Diubah" in page and "Penjadwal" in page  # the history names who changed it


def test_moving_an_item_over_itself_is_no_clash(world):
    entry = item(world.mayor, at(9), at(11))
    moved = agenda_item_update(item=entry, actor=world.scheduler, start=at(10), end=at(12))
    assert moved.clash_override_reason == ""


def test_moving_an_item_onto_another_is_refused_without_a_reason(world):
    item(world.mayor, at(13), at(15), title="Kunjungan kerja")
    entry = item(world.mayor, at(9), at(11), title="Rapat koordinasi")
    with pytest.raises(ValidationError) as info:
        agenda_item_update(item=entry, actor=world.scheduler, start=at(14), end=at(16))
    assert info.value.code == "clash"
    assert "Kunjungan kerja" in info.value.messages[0]
    entry.refresh_from_db()
    assert (entry.start, entry.sequence) == (at(9), 0)
    moved = agenda_item_update(
        item=entry,
        actor=world.scheduler,
        start=at(14),
        end=at(16),
        clash_override_reason="Kunjungan dipersingkat.",
    )
    assert moved.clash_override_reason == "Kunjungan dipersingkat."
    assert "Kunjungan dipersingkat." in AgendaItemChange.objects.get().note


def test_moving_an_item_onto_another_through_the_page_asks_for_a_reason(world):
    item(world.mayor, at(13), at(15), title="Kunjungan kerja")
    entry = item(world.mayor, at(9), at(11), title="Rapat koordinasi")
    client = client_for(world.adc)
    url = reverse("jadwal:item", args=[entry.pk])
    data = item_page_data(entry, local_start="2026-12-02T14:00", local_end="2026-12-02T16:00")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "clash_override_reason" in response.context["form"].errors
    response = client.post(url, {**data, "clash_override_reason": "Hanya membuka."})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.start, entry.clash_override_reason) == (at(14), "Hanya membuka.")


def test_renaming_an_item_that_was_scheduled_over_a_clash_needs_no_new_reason(world):
    item(world.mayor, at(9), at(11))
    entry = item(world.mayor, at(10), at(12), title="Lama", clash_override_reason="Sebentar.")
    client = client_for(world.scheduler)
    response = client.post(
        reverse("jadwal:item", args=[entry.pk]), item_page_data(entry, title="Baru")
    )
    assert response.status_code == 302, response.context["form"].errors
    entry.refresh_from_db()
    assert (entry.title, entry.clash_override_reason, entry.sequence) == ("Baru", "Sebentar.", 1)


def test_an_item_longer_than_the_clash_check_looks_back_is_refused(world):
    entry = item(world.mayor, at(9), at(11))
    with pytest.raises(ValidationError) as info:
        agenda_item_update(
            item=entry, actor=world.scheduler, kind="leave", end=at(9) + timedelta(days=32)
        )
    assert info.value.code == "too_long"
    response = client_for(world.scheduler).post(
        reverse(CREATE),
        form_data(
            world.mayor,
            kind="leave",
            local_start="2026-12-05T08:00",
            local_end="2027-01-06T08:00",
        ),
    )
    assert response.status_code == 200
    assert "paling lama 31 hari" in response.content.decode()


def test_cancelling_marks_the_item_cancelled_raises_the_sequence_and_keeps_the_reason(world):
    entry = item(world.mayor, at(9), at(11))
    cancelled = agenda_item_cancel(item=entry, actor=world.adc, reason="  Wali Kota ke Jakarta. ")
    assert (cancelled.status, cancelled.sequence) == ("cancelled", 1)
    change = AgendaItemChange.objects.get()
    assert (change.actor, change.action, change.note) == (
        world.adc,
        "cancel",
        "Wali Kota ke Jakarta.",
    )


def test_cancelling_twice_or_without_a_reason_is_refused(world):
    entry = item(world.mayor, at(9), at(11))
    with pytest.raises(ValidationError):
        agenda_item_cancel(item=entry, actor=world.adc, reason="  ")
    agenda_item_cancel(item=entry, actor=world.adc, reason="Batal.")
    with pytest.raises(ValidationError) as info:
        agenda_item_cancel(item=entry, actor=world.adc, reason="Lagi.")
    assert info.value.code == "cancelled"
    entry.refresh_from_db()
    assert entry.sequence == 1


def test_cancelling_through_the_page(world):
    entry = item(world.mayor, at(9), at(11))
    client = client_for(world.scheduler)
    url = reverse("jadwal:item_cancel", args=[entry.pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    response = client.post(url, {"reason": "Acara ditunda panitia."})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.status, entry.sequence) == ("cancelled", 1)


def test_a_cancelled_item_no_longer_clashes_and_reactivating_it_checks_again(world):
    entry = item(world.mayor, at(9), at(11), title="Yang dibatalkan")
    agenda_item_cancel(item=entry, actor=world.scheduler, reason="Batal.")
    item(world.mayor, at(10), at(12), title="Penggantinya")
    with pytest.raises(ValidationError) as info:
        agenda_item_update(item=entry, actor=world.scheduler, status="tentative")
    assert "Penggantinya" in info.value.messages[0]


def test_confirming_a_tentative_item(world):
    entry = item(world.mayor, at(9), at(11))
    confirmed = agenda_item_confirm(item=entry, actor=world.mayor_user)
    assert (confirmed.status, confirmed.sequence) == ("confirmed", 1)
    again = agenda_item_confirm(item=confirmed, actor=world.mayor_user)
    assert again.sequence == 1  # nothing to do
    assert AgendaItemChange.objects.get().action == "confirm"


def test_a_cancelled_item_cannot_be_confirmed(world):
    entry = item(world.mayor, at(9), at(11), status="cancelled")
    with pytest.raises(ValidationError):
        agenda_item_confirm(item=entry, actor=world.scheduler)
    entry.refresh_from_db()
    assert (entry.status, entry.sequence) == ("cancelled", 0)


def test_confirming_through_the_page(world):
    entry = item(world.mayor, at(9), at(11))
    response = client_for(world.adc).post(reverse("jadwal:item_confirm", args=[entry.pk]))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.status, entry.sequence) == ("confirmed", 1)
    page = client_for(world.adc).get(reverse("jadwal:item_confirm", args=[entry.pk]))
    assert page.status_code == 405  # confirming is a POST


def test_a_multi_day_trip_outside_the_region_is_entered_in_its_own_zone(world):
    response = client_for(world.scheduler).post(
        reverse(CREATE),
        form_data(
            world.mayor,
            title="Rakornas Kepala Daerah",
            kind="travel",
            local_start="2026-12-01T08:00",
            local_end="2026-12-03T17:00",
            time_zone="Asia/Jakarta",
            venue="Jakarta",
            outside_region="on",
        ),
    )
    assert response.status_code == 302
    trip = AgendaItem.objects.get()
    assert (trip.kind, trip.outside_region, trip.time_zone) == ("travel", True, "Asia/Jakarta")
    assert trip.start == datetime(2026, 12, 1, 1, 0, tzinfo=UTC)  # 08.00 WIB
    assert trip.end == datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
