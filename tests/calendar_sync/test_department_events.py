"""Departments' own events in the one calendar (Kalender Kegiatan OPD): who enters them,
the room and hour checks across all departments and the leaders' agenda, the public pages
filtered by department, and each department's feed."""

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from calendar_sync.models import DepartmentEvent, DepartmentEventChange
from calendar_sync.services import (
    department_event_cancel,
    department_event_create,
    department_event_update,
)
from organization.models import Department, Official, Role
from tests.factories import AULA, agenda_item, make_user
from tests.factories import wita as at
from tests.workflows.walk import client_for

HALL = "Gedung Juang"


def form_data(department, **overrides) -> dict:
    data = {
        "department": department.pk,
        "title": "Sosialisasi imunisasi lintas OPD",
        "local_start": "2026-12-02T09:00",
        "local_end": "2026-12-02T12:00",
        "time_zone": "Asia/Makassar",
        "venue": HALL,
        "organiser": "Bidang P2P",
        "speakers": "dr. Royke, Kepala Dinas Kesehatan\nNs. Ani, Puskesmas Talise",
        "audience": "Kepala puskesmas, camat, lurah",
        "visibility": "public",
        "status": "confirmed",
        "description": "",
    }
    data.update(overrides)
    return data


def event(department, start, end, venue=HALL, **fields) -> DepartmentEvent:
    fields.setdefault("title", "Rapat koordinasi OPD")
    fields.setdefault("time_zone", "Asia/Makassar")
    fields.setdefault("visibility", DepartmentEvent.Visibility.PUBLIC)
    fields.setdefault("status", DepartmentEvent.Status.CONFIRMED)
    return DepartmentEvent.objects.create(
        department=department, start=start, end=end, venue=venue, **fields
    )


def bappeda_with_officer():
    bappeda = Department.objects.create(name="Bappeda", short_name="Bappeda")
    user = make_user("operator_bappeda", Role.DEPARTMENT_OFFICER)
    Official.objects.create(
        name="Operator Bappeda", position="other", title="Operator", department=bappeda, user=user
    )
    return bappeda, user


# Entering an event


def test_a_department_officer_enters_their_departments_event(world):
    client = client_for(world.dept_officer)
    response = client.post(reverse("jadwal:event_create"), form_data(world.dinkes))
    assert response.status_code == 302
    saved = DepartmentEvent.objects.get()
    assert response["Location"] == reverse("jadwal:event", args=[saved.pk])
    assert saved.department == world.dinkes
    assert saved.start == at(9) and saved.end == at(12)
    assert saved.speaker_list == ["dr. Royke, Kepala Dinas Kesehatan", "Ns. Ani, Puskesmas Talise"]
    change = DepartmentEventChange.objects.get(event=saved)
    assert change.actor == world.dept_officer and change.action == "create"
    page = client.get(reverse("jadwal:event", args=[saved.pk])).content.decode()
    assert "Sosialisasi imunisasi lintas OPD" in page and "Bidang P2P" in page


@pytest.mark.parametrize(
    "role",
    ["clerk", "reviewer", "mayor_user", "adc", "scheduler", "dept_officer", "auditor", "admin"],
)
def test_events_are_entered_by_department_officers_and_the_protocol_office(world, role):
    response = client_for(getattr(world, role)).get(reverse("jadwal:event_create"))
    may = {"dept_officer", "reviewer", "scheduler", "admin"}
    assert response.status_code == (200 if role in may else 403)


@pytest.mark.parametrize(
    "role",
    ["clerk", "reviewer", "mayor_user", "adc", "scheduler", "dept_officer", "auditor", "admin"],
)
def test_every_member_of_staff_reads_the_departments_week(world, role):
    event(world.dinkes, at(9), at(11), title="Rakor stunting")
    response = client_for(getattr(world, role)).get(reverse("jadwal:events") + "?day=2026-12-02")
    assert response.status_code == 200
    assert "Rakor stunting" in response.content.decode()


def test_the_week_page_needs_a_login(client, world):
    response = client.get(reverse("jadwal:events"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_an_officer_cannot_enter_or_change_another_departments_event(world):
    bappeda, bappeda_officer = bappeda_with_officer()
    client = client_for(bappeda_officer)
    response = client.post(reverse("jadwal:event_create"), form_data(world.dinkes))
    assert response.status_code == 200  # the form refuses the department it does not offer
    assert not DepartmentEvent.objects.exists()
    theirs = event(world.dinkes, at(9), at(11))
    for name in ("jadwal:event", "jadwal:event_cancel"):
        assert client.get(reverse(name, args=[theirs.pk])).status_code == 403
        assert client.post(reverse(name, args=[theirs.pk]), {"reason": "x"}).status_code == 403
    theirs.refresh_from_db()
    assert not theirs.is_cancelled
    # Their own department's event they may.
    own = form_data(bappeda, venue="Kantor Bappeda")
    assert client.post(reverse("jadwal:event_create"), own).status_code == 302
    # The week page links only the events the reader may change.
    page = client.get(reverse("jadwal:events") + "?day=2026-12-02").content.decode()
    assert reverse("jadwal:event", args=[theirs.pk]) not in page


def test_an_officer_without_a_department_cannot_enter_events(world):
    loose = make_user("operator_tanpa_opd", Role.DEPARTMENT_OFFICER)
    assert client_for(loose).get(reverse("jadwal:event_create")).status_code == 403


def test_an_event_needs_an_end_and_a_venue(world):
    client = client_for(world.dept_officer)
    response = client.post(
        reverse("jadwal:event_create"), form_data(world.dinkes, local_end="", venue="")
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"local_end", "venue"}
    with pytest.raises(ValidationError):
        department_event_create(
            department=world.dinkes,
            title="Tanpa akhir",
            start=at(9),
            end=None,
            time_zone="Asia/Makassar",
            venue=HALL,
            actor=world.dept_officer,
        )


def test_line_breaks_in_one_line_fields_become_spaces(world):
    saved = department_event_create(
        department=world.dinkes,
        title="Rakor\r\n*PALSU* baris baru",
        start=at(9),
        end=at(10),
        time_zone="Asia/Makassar",
        venue="Aula\nLantai 2",
        actor=world.dept_officer,
    )
    assert saved.title == "Rakor *PALSU* baris baru"
    assert saved.venue == "Aula Lantai 2"


# The room and the hour, across all departments and the leaders' agenda


def test_a_room_taken_by_a_leaders_item_needs_a_reason(world):
    agenda_item(world.mayor, at(10), at(11), venue=HALL, title="Pelantikan pejabat")
    client = client_for(world.dept_officer)
    response = client.post(reverse("jadwal:event_create"), form_data(world.dinkes))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Pelantikan pejabat" in page and "Wali Kota Palu" in page
    assert "venue_override_reason" in response.context["form"].errors
    assert not DepartmentEvent.objects.exists()
    data = form_data(world.dinkes, venue_override_reason="Acara bersama, ruangan dibagi dua")
    assert client.post(reverse("jadwal:event_create"), data).status_code == 302
    saved = DepartmentEvent.objects.get()
    assert saved.venue_override_reason == "Acara bersama, ruangan dibagi dua"
    assert "ruangan dibagi dua" in saved.changes.get().note


def test_a_room_taken_by_another_departments_event_needs_a_reason(world):
    bappeda, _ = bappeda_with_officer()
    event(bappeda, at(11), at(13), venue="  gedung   JUANG ", title="Musrenbang")
    with pytest.raises(ValidationError) as refused:
        department_event_create(
            department=world.dinkes,
            title="Sosialisasi",
            start=at(9),
            end=at(12),
            time_zone="Asia/Makassar",
            venue=HALL,
            actor=world.dept_officer,
        )
    assert "Musrenbang" in refused.value.messages[0] and "Bappeda" in refused.value.messages[0]
    # Touching ends do not clash: the room is free from 13.00.
    assert department_event_create(
        department=world.dinkes,
        title="Sosialisasi",
        start=at(13),
        end=at(15),
        time_zone="Asia/Makassar",
        venue=HALL,
        actor=world.dept_officer,
    )


def test_a_cancelled_booking_frees_the_room(world):
    bappeda, _ = bappeda_with_officer()
    taken = event(bappeda, at(9), at(12), title="Musrenbang")
    department_event_cancel(event=taken, actor=world.scheduler, reason="Ditunda")
    assert department_event_create(
        department=world.dinkes,
        title="Sosialisasi",
        start=at(9),
        end=at(12),
        time_zone="Asia/Makassar",
        venue=HALL,
        actor=world.dept_officer,
    )


def test_other_departments_events_at_the_same_hour_are_shown_not_refused(world):
    bappeda, _ = bappeda_with_officer()
    event(bappeda, at(10), at(11), venue="Kantor Bappeda", title="Forum perangkat daerah")
    event(bappeda, at(14), at(15), venue="Kantor Bappeda", title="Rapat sore")
    client = client_for(world.dept_officer)
    response = client.post(
        reverse("jadwal:event_create"), form_data(world.dinkes, visibility="internal")
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Forum perangkat daerah" in page  # on the saved event's page, as information
    assert "Rapat sore" not in page


def test_a_leaders_item_in_a_room_a_department_booked_is_warned(world):
    event(world.dinkes, at(9), at(12), venue=AULA, title="Pelatihan kader posyandu")
    data = {
        "official": world.mayor.pk,
        "title": "Kunjungan kerja",
        "kind": "event",
        "local_start": "2026-12-02T10:00",
        "local_end": "2026-12-02T11:00",
        "time_zone": "Asia/Makassar",
        "venue": AULA,
        "status": "tentative",
        "visibility": "internal",
    }
    response = client_for(world.scheduler).post(reverse("jadwal:item_create"), data)
    assert response.status_code == 302  # a warning only, as for another official's item
    page = client_for(world.scheduler).get(response["Location"]).content.decode()
    assert "Pelatihan kader posyandu" in page and "Dinas Kesehatan" in page


def test_moving_an_event_into_a_taken_room_is_refused_without_a_reason(world):
    bappeda, _ = bappeda_with_officer()
    event(bappeda, at(14), at(16), title="Musrenbang")
    mine = event(world.dinkes, at(9), at(11))
    with pytest.raises(ValidationError):
        department_event_update(event=mine, actor=world.dept_officer, start=at(14), end=at(15))
    mine.refresh_from_db()
    assert mine.start == at(9) and mine.sequence == 0
    # A change that keeps time and place is not checked again.
    department_event_update(event=mine, actor=world.dept_officer, title="Rakor ganti nama")
    department_event_update(
        event=mine,
        actor=world.dept_officer,
        start=at(14),
        end=at(15),
        venue_override_reason="Bersama Bappeda",
    )
    mine.refresh_from_db()
    assert mine.start == at(14) and mine.sequence == 2
    notes = [c.note for c in mine.changes.all()]
    assert any("Bersama Bappeda" in n for n in notes)


def test_cancelling_needs_a_reason_and_is_recorded(world):
    mine = event(world.dinkes, at(9), at(11))
    client = client_for(world.dept_officer)
    url = reverse("jadwal:event_cancel", args=[mine.pk])
    assert client.post(url, {"reason": " "}).status_code == 200
    assert client.post(url, {"reason": "Narasumber berhalangan"}).status_code == 302
    mine.refresh_from_db()
    assert mine.is_cancelled and mine.sequence == 1
    change = mine.changes.get()
    assert (change.action, change.note, change.actor) == (
        "cancel",
        "Narasumber berhalangan",
        world.dept_officer,
    )


def test_the_protocol_day_page_shows_the_departments_events(world):
    event(world.dinkes, at(9), at(11), title="Rakor stunting", visibility="internal")
    page = client_for(world.scheduler).get(reverse("jadwal:index") + "?day=2026-12-02")
    assert "Rakor stunting" in page.content.decode()


@pytest.mark.parametrize("day", ["2026-02-30", "2026-13-01", "9999-12-31", "0001-01-01", "x"])
def test_an_impossible_day_shows_today_not_an_error(world, day):
    """Every internal agenda page, not only the public ones (this was a 500)."""
    client = client_for(world.scheduler)
    urls = [
        reverse(name)
        for name in ("jadwal:events", "jadwal:index", "jadwal:event_create", "jadwal:combined")
        + ("jadwal:print", "jadwal:share", "jadwal:item_create")
    ]
    urls += [
        reverse(name, args=[world.mayor.pk])
        for name in ("jadwal:official", "jadwal:official_day", "jadwal:official_month")
    ]
    for url in urls:
        assert client.get(url + f"?day={day}").status_code == 200, url


# The public agenda and the feeds


def test_the_public_page_lists_public_events_of_every_department_and_filters(client, world):
    bappeda, _ = bappeda_with_officer()
    event(world.dinkes, at(9), at(11), title="Pekan imunisasi")
    event(bappeda, at(13), at(15), venue="Kantor Bappeda", title="Musrenbang kota")
    event(world.dinkes, at(14), at(15), venue="Aula", title="Rapat internal", visibility="internal")
    cancelled = event(world.dinkes, at(16), at(17), venue="Aula", title="Batal acara")
    department_event_cancel(event=cancelled, actor=world.dept_officer, reason="x")
    url = reverse("public_agenda:departments_week") + "?day=2026-12-02"
    page = client.get(url).content.decode()
    assert "Pekan imunisasi" in page and "Musrenbang kota" in page
    assert "Rapat internal" not in page and "Batal acara" not in page
    only = client.get(url + f"&opd={bappeda.pk}").content.decode()
    assert "Musrenbang kota" in only and "Pekan imunisasi" not in only
    assert reverse("public_agenda:department_feed", args=[bappeda.pk]) in only
    day = client.get(reverse("public_agenda:departments") + "?day=2026-12-02").content.decode()
    assert "Pekan imunisasi" in day
    # The leaders' page links to it; its own list stays the leaders'.
    leaders = client.get(reverse("public_agenda:week") + "?day=2026-12-02").content.decode()
    assert reverse("public_agenda:departments_week") in leaders
    assert "Pekan imunisasi" not in leaders


@pytest.mark.parametrize("param", ["opd=999999", "opd=abc", "day=2026-02-30", "day=9999-12-31"])
def test_the_public_page_answers_odd_parameters_without_an_error(client, world, param):
    response = client.get(reverse("public_agenda:departments_week") + f"?{param}")
    assert response.status_code == 200


def test_each_department_has_its_own_feed(client, world):
    bappeda, _ = bappeda_with_officer()
    event(world.dinkes, at(9), at(11), title="Pekan imunisasi", speakers="dr. Royke")
    event(bappeda, at(13), at(15), venue="Kantor Bappeda", title="Musrenbang kota")
    event(world.dinkes, at(14), at(15), venue="Aula", title="Rapat internal", visibility="internal")
    response = client.get(reverse("public_agenda:department_feed", args=[world.dinkes.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Dinas Kesehatan: Pekan imunisasi"]
    assert "Narasumber: dr. Royke" in str(events[0]["DESCRIPTION"])
    assert str(calendar["X-WR-CALNAME"]) == "Kegiatan Dinas Kesehatan"
    again = client.get(
        reverse("public_agenda:department_feed", args=[world.dinkes.pk]),
        HTTP_IF_NONE_MATCH=response["ETag"],
    )
    assert again.status_code == 304
    everyone = client.get(reverse("public_agenda:departments_feed"))
    summaries = {
        str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(everyone.content).walk("VEVENT")
    }
    assert summaries == {"Dinas Kesehatan: Pekan imunisasi", "Bappeda: Musrenbang kota"}
    assert client.get("/agenda/opd/999999.ics").status_code == 404


def test_a_cancelled_event_leaves_the_feed_as_cancelled(client, world):
    mine = event(world.dinkes, at(9), at(11), title="Pekan imunisasi")
    url = reverse("public_agenda:department_feed", args=[world.dinkes.pk])
    first = client.get(url)
    department_event_cancel(event=mine, actor=world.dept_officer, reason="Ditunda")
    second = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    (vevent,) = icalendar.Calendar.from_ical(second.content).walk("VEVENT")
    assert str(vevent["STATUS"]) == "CANCELLED" and int(vevent["SEQUENCE"]) == 1


def test_a_multi_day_event_is_on_each_of_its_days(client, world):
    event(world.dinkes, at(9), at(15, day=4), title="Pelatihan tiga hari")
    page = client.get(reverse("public_agenda:departments_week") + "?day=2026-12-02")
    assert page.content.decode().count("Pelatihan tiga hari") == 3
