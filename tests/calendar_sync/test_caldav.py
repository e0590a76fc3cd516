"""CalDAV push of the agenda to a real Radicale on 127.0.0.1, and busy times read back."""

import io
from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.template.loader import render_to_string
from django.utils import timezone

from calendar_sync import tasks
from calendar_sync.models import AgendaItem, CalDAVAccount, CalDAVCopy, ExternalBusy
from calendar_sync.selectors import agenda_clashes
from calendar_sync.services import (
    agenda_item_create,
    agenda_items_cancel_for_source,
    agenda_items_move_for_source,
)
from tests.factories import WITA

pytestmark = pytest.mark.usefixtures("immediate_tasks")

SOURCE = "letter:901"


def soon(days: int, hour: int, minute: int = 0) -> datetime:
    """A WITA time some days from now (the sweep only looks at current items)."""
    day = timezone.now().astimezone(WITA).date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=WITA)


def create_item(
    official, *, title="Pembukaan Pekan Imunisasi", start=None, end=None, **kw
) -> AgendaItem:
    start = start or soon(3, 9)
    return agenda_item_create(
        official=official,
        title=title,
        start=start,
        end=end or start + timedelta(hours=3),
        time_zone="Asia/Makassar",
        venue=kw.pop("venue", "Aula Dinas Kesehatan"),
        source=kw.pop("source", SOURCE),
        **kw,
    )


def remote_events(calendar) -> dict[str, tuple[str, icalendar.Event]]:
    """UID -> (address, VEVENT) of every event on the calendar, as a client reads them."""
    found = {}
    for resource in calendar.events():
        for component in resource.get_icalendar_instance().walk("VEVENT"):
            found[str(component["uid"])] = (str(resource.url), component)
    return found


def test_a_new_agenda_item_is_put_on_the_officials_caldav_calendar(
    account, remote_calendar, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item = create_item(account.official)

    events = remote_events(remote_calendar)
    assert list(events) == [item.uid]
    href, event = events[item.uid]
    assert str(event["summary"]) == "Pembukaan Pekan Imunisasi"
    assert event.decoded("dtstart") == item.start == soon(3, 9)
    assert event.decoded("dtend") == soon(3, 12)
    assert event.decoded("dtstart").astimezone(UTC).hour == 1  # 09.00 WITA is 01.00 UTC
    assert int(event["sequence"]) == 0
    assert str(event["location"]) == "Aula Dinas Kesehatan"
    assert str(event["status"]) == "TENTATIVE"
    copy = CalDAVCopy.objects.get(item=item)
    assert (copy.href, copy.pushed_sequence, copy.deleted) == (href, 0, False)
    assert copy.etag and copy.attempts == 0 and copy.last_error == ""
    account.refresh_from_db()
    assert account.sync_state == CalDAVAccount.SyncState.OK


def test_a_moved_item_is_updated_on_the_calendar_with_a_higher_sequence(
    account, remote_calendar, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item = create_item(account.official)
    with django_capture_on_commit_callbacks(execute=True):
        moved = agenda_items_move_for_source(
            source=SOURCE,
            start=soon(4, 14),
            end=soon(4, 16),
            time_zone="Asia/Makassar",
            venue="Gedung Juang",
        )
    assert moved == 1

    events = remote_events(remote_calendar)
    assert list(events) == [item.uid]  # the same resource, changed
    _href, event = events[item.uid]
    assert event.decoded("dtstart") == soon(4, 14)
    assert event.decoded("dtend") == soon(4, 16)
    assert str(event["location"]) == "Gedung Juang"
    assert int(event["sequence"]) == 1
    assert CalDAVCopy.objects.get(item=item).pushed_sequence == 1


def test_a_cancelled_item_is_deleted_from_the_calendar(
    account, remote_calendar, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item = create_item(account.official)
        create_item(account.official, title="Rapat lain", start=soon(5, 9), source="letter:902")
    with django_capture_on_commit_callbacks(execute=True):
        assert agenda_items_cancel_for_source(source=SOURCE) == 1

    # Deleted rather than kept as STATUS:CANCELLED: it is the official's own calendar (see
    # calendar_sync/tasks.py); the other item stays.
    assert [str(e["summary"]) for _h, e in remote_events(remote_calendar).values()] == [
        "Rapat lain"
    ]
    copy = CalDAVCopy.objects.get(item=item)
    assert copy.deleted and copy.pushed_sequence == 1
    # Deleting again (a task run twice) is no error.
    assert tasks.push_agenda_item.call(item.pk) == "ok"


def test_pushing_the_same_item_twice_leaves_one_resource(account, remote_calendar):
    item = AgendaItem.objects.create(
        official=account.official, title="Rapat koordinasi", start=soon(2, 10), end=soon(2, 11)
    )
    assert tasks.push_agenda_item.call(item.pk) == "ok"
    first = CalDAVCopy.objects.get(item=item)
    assert tasks.push_agenda_item.call(item.pk) == "ok"
    assert tasks.sync_caldav_account.call(account.pk)["pushed"] == 0
    again = CalDAVCopy.objects.get(item=item)
    assert (again.etag, again.updated_at) == (first.etag, first.updated_at)  # not sent again

    # Even a copy that forgot it was pushed (a crash before its row was saved) writes the
    # same address: the event's address is made from its UID.
    CalDAVCopy.objects.filter(pk=first.pk).update(pushed_sequence=-1, href="", etag="")
    assert tasks.push_agenda_item.call(item.pk) == "ok"
    assert list(remote_events(remote_calendar)) == [item.uid]
    assert len(remote_calendar.events()) == 1
    assert CalDAVCopy.objects.get(item=item).href == first.href


def test_an_invitation_already_added_to_the_calendar_is_updated_not_duplicated(
    account, remote_calendar
):
    item = AgendaItem.objects.create(
        official=account.official, title="Rapat koordinasi", start=soon(2, 10), end=soon(2, 11)
    )
    # The official's mail client put the iTIP invitation into this calendar itself, under
    # a name of its own; a second resource with the same UID is refused (no-uid-conflict).
    imported = remote_calendar.save_event(
        dtstart=soon(2, 10), dtend=soon(2, 11), summary="Rapat koordinasi", uid=item.uid
    )
    AgendaItem.objects.filter(pk=item.pk).update(title="Rapat koordinasi (diundur)", sequence=1)

    assert tasks.push_agenda_item.call(item.pk) == "ok"

    [(href, event)] = remote_events(remote_calendar).values()
    assert href == str(imported.url)
    assert str(event["summary"]) == "Rapat koordinasi (diundur)"
    copy = CalDAVCopy.objects.get(item=item)
    assert copy.href == href
    assert tasks.push_agenda_item.call(item.pk) == "ok"
    assert CalDAVCopy.objects.get(item=item).updated_at == copy.updated_at  # nothing to send


def test_radicale_stopped_in_the_middle_of_a_sync_is_retried_with_backoff_until_synced(
    account, radicale, remote_calendar, monkeypatch
):
    items = [
        AgendaItem.objects.create(
            official=account.official,
            title=f"Acara {n}",
            start=soon(2 + n, 9),
            end=soon(2 + n, 10),
        )
        for n in range(3)
    ]
    real_put = tasks.caldav.put_event
    puts = []

    def put_then_stop_the_server(*args, **kwargs):
        result = real_put(*args, **kwargs)
        puts.append(result)
        if len(puts) == 1:
            radicale.stop()  # the server goes away after the first event of the sync
        return result

    monkeypatch.setattr(tasks.caldav, "put_event", put_then_stop_the_server)
    before = timezone.now()
    result = tasks.sync_caldav_account.call(account.pk)
    monkeypatch.undo()

    assert result == {"pushed": 1, "failed": 2, "busy": 0}
    first, second, third = (CalDAVCopy.objects.get(item=i) for i in items)
    assert first.pushed_sequence == 0 and first.attempts == 0
    for copy in (second, third):
        assert copy.pushed_sequence == -1
        assert copy.attempts == 1
        assert copy.next_attempt_at > before
        assert "ConnectionError" in copy.last_error
    account.refresh_from_db()
    assert account.sync_state == CalDAVAccount.SyncState.ERROR
    assert "ConnectionError" in account.last_error
    assert account.next_attempt_at > before

    # While the server is down, a push fails again and waits twice as long.
    assert tasks.push_agenda_item.call(items[1].pk).startswith("failed")
    second.refresh_from_db()
    assert second.attempts == 2
    assert second.next_attempt_at - timezone.now() > tasks.backoff(1)
    # Nothing is due yet: the sweep leaves the account alone.
    assert tasks.retry_due_caldav_pushes()["accounts"] == 0

    radicale.start()  # same port, same storage
    CalDAVCopy.objects.filter(account=account, next_attempt_at__isnull=False).update(
        next_attempt_at=timezone.now()
    )
    totals = tasks.retry_due_caldav_pushes()

    assert totals["accounts"] == 1 and totals["pushed"] == 2 and totals["failed"] == 0
    assert set(remote_events(remote_calendar)) == {i.uid for i in items}
    for copy in CalDAVCopy.objects.filter(account=account):
        assert (copy.pushed_sequence, copy.attempts, copy.next_attempt_at) == (0, 0, None)
        assert copy.last_error == ""
    account.refresh_from_db()
    assert account.sync_state == CalDAVAccount.SyncState.OK
    assert account.last_error == "" and account.last_synced_at is not None


def test_a_task_that_cannot_be_queued_fails_nothing_and_the_sweep_pushes_the_item(
    account, remote_calendar, settings, django_capture_on_commit_callbacks, caplog
):
    settings.TASKS = {"default": {"BACKEND": "lontar.no_such_module.Backend"}}
    with django_capture_on_commit_callbacks(execute=True):
        item = create_item(account.official)  # the write itself succeeds
    assert "could not queue" in caplog.text
    assert remote_calendar.events() == []

    out = io.StringIO()
    call_command("calendar_sync_sweep", verbosity=2, stdout=out)  # as the timer loop does

    assert "1 pushed, 0 failed" in out.getvalue()
    assert list(remote_events(remote_calendar)) == [item.uid]
    # The next sweep has nothing to do (busy times are fresh, nothing pending).
    assert tasks.retry_due_caldav_pushes()["accounts"] == 0


def test_busy_times_on_the_officials_own_calendar_count_as_clashes(
    world, account, remote_calendar, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ours = create_item(world.mayor, start=soon(3, 9), end=soon(3, 10))
    # Entered on the phone, straight into the calendar.
    remote_calendar.save_event(
        dtstart=soon(3, 13), dtend=soon(3, 14), summary="Dokter gigi", uid="dentist-1@phone"
    )
    remote_calendar.save_event(
        dtstart=soon(3, 15),
        dtend=soon(3, 16),
        summary="Pengingat saja",
        uid="free-1@phone",
        transp="TRANSPARENT",  # shown as free: no clash
    )

    result = tasks.sync_caldav_account.call(account.pk)

    assert result["busy"] == 1
    busy = ExternalBusy.objects.get()
    assert (busy.official, busy.external_uid, busy.summary) == (
        world.mayor,
        "dentist-1@phone",
        "Dokter gigi",
    )
    assert (busy.start, busy.end) == (soon(3, 13), soon(3, 14))

    clashes = agenda_clashes(official=world.mayor, start=soon(3, 13, 30), end=soon(3, 15))
    assert [(c.kind, c.busy) for c in clashes] == [("external", busy)]
    # The personal entry shows only as busy, and the clash list renders it.
    assert clashes[0].item.title == "Sibuk"
    html = render_to_string("workflows/_clashes.html", {"clashes": clashes, "who": "Wali Kota"})
    assert "Sibuk" in html and "13.00–14.00 WITA" in html and "Dokter" not in html
    # Lontar's own item came back from the calendar too, but is not "external".
    assert [
        c.kind for c in agenda_clashes(official=ours.official, start=soon(3, 9), end=soon(3, 10))
    ] == ["overlap"]
    with pytest.raises(ValidationError, match="Sibuk"):
        create_item(world.mayor, title="Kunjungan kerja", start=soon(3, 12), end=soon(3, 14))
    # Another official is not busy then.
    assert agenda_clashes(official=world.deputy, start=soon(3, 13), end=soon(3, 14)) == []

    # Gone from the calendar: gone from the clash check at the next read.
    remote_calendar.event_by_uid("dentist-1@phone").delete()
    tasks.sync_caldav_account.call(account.pk)
    assert not ExternalBusy.objects.exists()
    assert agenda_clashes(official=world.mayor, start=soon(3, 13), end=soon(3, 14)) == []


def test_without_a_caldav_account_nothing_is_pushed_and_the_write_succeeds(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item = create_item(world.deputy)
    assert item.pk and not CalDAVCopy.objects.exists()
    assert tasks.push_agenda_item.call(item.pk) == "no account"


def test_a_disabled_account_is_neither_pushed_to_nor_counted(world, account):
    ExternalBusy.objects.create(
        account=account,
        official=world.mayor,
        external_uid="x@phone",
        start=soon(3, 13),
        end=soon(3, 14),
    )
    assert agenda_clashes(official=world.mayor, start=soon(3, 13), end=soon(3, 14))
    CalDAVAccount.objects.filter(pk=account.pk).update(enabled=False)
    item = AgendaItem.objects.create(
        official=world.mayor, title="Rapat", start=soon(2, 10), end=soon(2, 11)
    )
    assert tasks.push_agenda_item.call(item.pk) == "no account"
    assert tasks.retry_due_caldav_pushes()["accounts"] == 0
    assert agenda_clashes(official=world.mayor, start=soon(3, 13), end=soon(3, 14)) == []
