"""The worklists: a leader's dispose task in the leader's own inbox (their staff act on it
too, on the leader's behalf), each row with what a person needs to pick it, and what waits
said in plain words."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organization.models import LeaderStaff, Role
from tests.factories import make_user
from tests.workflows.walk import client_for, do_task, open_task, register, review_forward
from workflows.models import LetterEvent

pytestmark = pytest.mark.django_db


def _inbox(user) -> str:
    return client_for(user).get(reverse("letter:inbox")).content.decode()


def test_a_dispose_task_is_assigned_to_the_leader_and_shown_to_the_leader_and_their_staff(world):
    letter = register(world.clerk, subject="Undangan untuk Wali Kota")
    review_forward(world.reviewer, letter, world.mayor)
    task = open_task(letter, "dispose")
    assert (task.status, task.owner) == ("ASSIGNED", world.mayor_user)
    for user in (world.mayor_user, world.adc):
        assert "Undangan untuk Wali Kota" in _inbox(user)
        queue = client_for(user).get(reverse("letter:queue")).content.decode()
        assert "Undangan untuk Wali Kota" not in queue


def test_someone_else_sees_no_leaders_dispose_task_in_their_inbox(world):
    letter = register(world.clerk, subject="Undangan untuk Wali Kota", security_class="rahasia")
    review_forward(world.reviewer, letter, world.mayor)
    for user in (world.deputy_adc, world.clerk, world.reviewer, world.scheduler, world.auditor):
        assert "Undangan untuk Wali Kota" not in _inbox(user), user


def test_the_ajudan_disposes_the_leaders_assigned_task_on_the_leaders_behalf(world):
    letter = register(world.clerk)
    review_forward(world.reviewer, letter, world.mayor)
    do_task(world.adc, letter, "dispose", {"outcome": "attend"})
    event = LetterEvent.objects.get(letter=letter, action="dispose_attend")
    assert (event.actor, event.on_behalf_of) == (world.adc, world.mayor)


def test_nobody_takes_a_leaders_assigned_task_from_them(world):
    letter = register(world.clerk)
    review_forward(world.reviewer, letter, world.mayor)
    task = open_task(letter, "dispose")
    response = client_for(world.adc).post(
        reverse("letter:dispose:assign", args=[task.process_id, task.pk])
    )
    assert response.status_code == 403  # already the leader's: nothing to take
    assert open_task(letter, "dispose").owner == world.mayor_user


def test_a_leader_without_a_login_leaves_the_task_in_their_staffs_queue(world):
    sespri = make_user("sespri_sekda", Role.LEADER_STAFF)
    LeaderStaff.objects.create(user=sespri, leader=world.sekda, kind="sespri")
    letter = register(world.clerk, subject="Undangan untuk Sekda")
    review_forward(world.reviewer, letter, world.sekda)
    task = open_task(letter, "dispose")
    assert (task.status, task.owner) == ("NEW", None)
    queue = client_for(sespri).get(reverse("letter:queue")).content.decode()
    assert "Undangan untuk Sekda" in queue
    do_task(sespri, letter, "dispose", {"outcome": "attend"})
    event = LetterEvent.objects.get(letter=letter, action="dispose_attend")
    assert (event.actor, event.on_behalf_of) == (sespri, world.sekda)


def test_a_row_shows_sender_subject_event_time_with_zone_badges_and_due(world):
    letter = register(world.clerk, urgency="sangat_segera", security_class="terbatas")
    review_forward(world.reviewer, letter, world.mayor)
    html = _inbox(world.mayor_user)
    row = re.search(r'<tr class="lt-work".*?</tr>', html, re.S).group(0)
    assert "0001/UND/2026" in row
    assert "Dinas Kesehatan Kota Palu" in row and "Undangan Pembukaan Pekan Imunisasi" in row
    assert "02-12-2026 09.00–12.00 WITA" in row
    assert ">Sangat Segera<" in row and ">Terbatas<" in row
    assert re.search(r'data-label="Tenggat">\d\d-\d\d-\d{4} \d\d\.\d\d WITA<', row)
    task = open_task(letter, "dispose")
    assert reverse("letter:dispose:index", args=[task.process_id, task.pk]) in row
    # The ajudan's row says whose task it is.
    assert "untuk" in _inbox(world.adc) and "walikota" in _inbox(world.adc).lower()


def test_what_waits_is_said_in_plain_indonesian(world):
    for _ in range(3):
        review_forward(world.reviewer, register(world.clerk), world.mayor)
    register(world.clerk)
    assert "3 surat menunggu disposisi Anda" in _inbox(world.mayor_user)
    assert "3 surat menunggu disposisi Anda" in _inbox(world.adc)
    assert "3 surat" not in _inbox(world.deputy_adc)
    dashboard = client_for(world.reviewer).get(reverse("letter:index")).content.decode()
    assert "1 tugas dalam antrean dapat Anda ambil" in dashboard
    assert "#1/" not in dashboard  # no more viewflow's "#5/15" cards
    assert "Telaah protokol" in dashboard and "Disposisi pimpinan" in dashboard


@pytest.mark.parametrize("page", ["letter:inbox", "letter:queue"])
def test_a_worklists_queries_do_not_grow_with_its_rows(world, page):
    user = world.adc if page == "letter:inbox" else world.reviewer

    def count() -> int:
        client = client_for(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(page)).status_code == 200
        return len(queries)

    def add_letter() -> None:
        letter = register(world.clerk)
        if page == "letter:inbox":
            review_forward(world.reviewer, letter, world.mayor)

    add_letter()
    count()  # the first page also renders the user's menu of applications, then kept
    one = count()
    for _ in range(4):
        add_letter()
    assert count() == one
