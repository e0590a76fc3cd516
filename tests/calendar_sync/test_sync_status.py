"""The protocol office sees which calendar pushes failed, and why."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from calendar_sync.models import AgendaItem, CalDAVAccount, CalDAVCopy
from tests.workflows.walk import client_for


def test_the_protocol_office_sees_a_failing_calendar_and_its_error(world):
    account = CalDAVAccount.objects.create(
        official=world.mayor,
        calendar_url="http://127.0.0.1:5232/walikota/agenda/",
        sync_state=CalDAVAccount.SyncState.ERROR,
        last_error="Server kalender tidak menjawab (connection refused)",
    )
    item = AgendaItem.objects.create(
        official=world.mayor, title="Rapat", start=timezone.now(), time_zone="Asia/Makassar"
    )
    CalDAVCopy.objects.create(
        account=account,
        item=item,
        attempts=3,
        next_attempt_at=timezone.now() + timedelta(minutes=4),
    )
    page = client_for(world.scheduler).get(reverse("jadwal:sync_status"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Wali Kota Palu" in html
    assert "connection refused" in html
    assert "1 / 1" in html


@pytest.mark.parametrize("who", ["dept_officer", "adc", "mayor_user"])
def test_others_cannot_open_the_sync_status(world, who):
    page = client_for(getattr(world, who)).get(reverse("jadwal:sync_status"))
    assert page.status_code == 403
