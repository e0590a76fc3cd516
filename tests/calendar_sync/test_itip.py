"""iTIP invitations (RFC 5546 over e-mail, RFC 6047) through an SMTP sink on 127.0.0.1."""

from datetime import datetime, timedelta

import icalendar
import pytest
from django.utils import timezone

from calendar_sync import tasks
from calendar_sync.models import AgendaItem, CalDAVCopy, InvitationMail
from calendar_sync.services import (
    agenda_item_create,
    agenda_items_cancel_for_source,
    agenda_items_move_for_source,
)
from tests.factories import WITA
from tests.workflows.walk import do_task, register, review_forward, sender_update

pytestmark = pytest.mark.usefixtures("immediate_tasks")

SOURCE = "letter:77"
MAYOR_MAIL = "walikota@palu.example"


def at(hour: int, day: int = 2) -> datetime:
    return datetime(2026, 12, day, hour, 0, tzinfo=WITA)


def create_item(official, **kw) -> AgendaItem:
    return agenda_item_create(
        official=official,
        title=kw.pop("title", "Pembukaan Pekan Imunisasi Nasional"),
        start=kw.pop("start", at(9)),
        end=kw.pop("end", at(12)),
        time_zone="Asia/Makassar",
        venue="Aula Dinas Kesehatan",
        role_note="Hadir",
        source=kw.pop("source", SOURCE),
        **kw,
    )


def invitations(sink) -> list:
    """The iTIP mails the sink received (the official's notification e-mail about the
    same item, notifications/, is another mail)."""
    return [
        m
        for m in sink.messages
        if any(part.get_content_type() == "text/calendar" for part in m.message.walk())
    ]


def calendar_part(message) -> tuple[str, icalendar.Calendar]:
    """The ``text/calendar`` alternative of a received mail: (its method param, content)."""
    parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1, [p.get_content_type() for p in message.walk()]
    part = parts[0]
    assert part.get_param("charset") == "utf-8"
    return part.get_param("method"), icalendar.Calendar.from_ical(part.get_content())


def only_event(cal: icalendar.Calendar) -> icalendar.Event:
    events = list(cal.walk("VEVENT"))
    assert len(events) == 1
    return events[0]


def test_the_attending_official_gets_a_request_their_mail_client_can_add(
    world, smtp_sink, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item = create_item(world.mayor)

    [mail] = invitations(smtp_sink)
    assert mail.recipients == [MAYOR_MAIL]
    message = mail.message
    assert message.get_content_type() == "multipart/mixed"
    assert "Pembukaan Pekan Imunisasi Nasional" in message["Subject"]
    alternative = message.get_payload()[0]
    assert alternative.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in alternative.get_payload()] == [
        "text/plain",
        "text/calendar",
    ]
    assert "02-12-2026 09.00–12.00 WITA" in alternative.get_payload()[0].get_content()
    attachment = message.get_payload()[1]
    assert attachment.get_filename() == "invite.ics"

    method, cal = calendar_part(message)
    assert method == "REQUEST"
    assert str(cal["method"]) == "REQUEST"
    event = only_event(cal)
    assert str(event["uid"]) == item.uid
    assert int(event["sequence"]) == 0
    assert event.decoded("dtstart") == at(9)
    assert event.decoded("dtend") == at(12)
    assert abs(event.decoded("dtstamp") - timezone.now()) < timedelta(minutes=1)
    assert str(event["organizer"]) == "mailto:lontar@localhost"
    attendee = event["attendee"]
    assert str(attendee) == f"mailto:{MAYOR_MAIL}"
    assert attendee.params["CN"] == world.mayor.name
    assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"
    # The attached file is the same invitation.
    assert icalendar.Calendar.from_ical(attachment.get_payload(decode=True)) == cal

    record = InvitationMail.objects.get()
    assert (record.item, record.recipient, record.method, record.sequence) == (
        item,
        MAYOR_MAIL,
        "REQUEST",
        0,
    )
    assert record.sent_at is not None and record.last_error == ""


def test_a_moved_event_sends_a_new_request_and_a_cancelled_one_a_cancel(
    world, smtp_sink, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item = create_item(world.mayor)
    with django_capture_on_commit_callbacks(execute=True):
        agenda_items_move_for_source(
            source=SOURCE, start=at(14, 9), end=at(16, 9), time_zone="Asia/Makassar", venue="GOR"
        )
    with django_capture_on_commit_callbacks(execute=True):
        agenda_items_cancel_for_source(source=SOURCE)

    first, moved, cancelled = (m.message for m in invitations(smtp_sink))
    sequences = []
    for message, method in ((first, "REQUEST"), (moved, "REQUEST"), (cancelled, "CANCEL")):
        part_method, cal = calendar_part(message)
        assert part_method == method and str(cal["method"]) == method
        event = only_event(cal)
        assert str(event["uid"]) == item.uid
        sequences.append(int(event["sequence"]))
    assert sequences == [0, 1, 2]  # each change outranks the one before
    assert only_event(calendar_part(moved)[1]).decoded("dtstart") == at(14, 9)
    cancel_event = only_event(calendar_part(cancelled)[1])
    assert str(cancel_event["status"]) == "CANCELLED"
    assert str(cancel_event["attendee"]) == f"mailto:{MAYOR_MAIL}"
    assert cancelled["Subject"].strip().startswith("Dibatalkan")


def test_sending_twice_for_the_same_change_sends_once(world, smtp_sink):
    item = AgendaItem.objects.create(
        official=world.mayor, title="Rapat koordinasi", start=at(9), end=at(10)
    )
    assert tasks.send_agenda_invitations.call(item.pk) == "sent"
    assert tasks.send_agenda_invitations.call(item.pk) == "already sent"
    assert tasks.retry_due_invitations() == {"sent": 0, "failed": 0, "dropped": 0}
    assert len(invitations(smtp_sink)) == 1
    assert InvitationMail.objects.count() == 1


def test_a_mail_that_fails_is_recorded_and_sent_by_the_sweep_once_the_server_is_back(
    world, smtp_sink, settings, django_capture_on_commit_callbacks
):
    smtp_sink.stop()
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        item = create_item(world.mayor)  # the write is not held up by the mail
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    record = InvitationMail.objects.get()
    assert record.sent_at is None and record.attempts == 1
    assert record.next_attempt_at > before
    assert "Connection" in record.last_error
    assert tasks.retry_due_invitations()["sent"] == 0  # not due yet

    smtp_sink.start()
    settings.EMAIL_PORT = smtp_sink.port
    InvitationMail.objects.update(next_attempt_at=timezone.now())
    assert tasks.retry_due_invitations() == {"sent": 1, "failed": 0, "dropped": 0}
    assert len(invitations(smtp_sink)) == 1
    record.refresh_from_db()
    assert record.sent_at is not None and record.next_attempt_at is None
    assert record.last_error == ""


def test_a_failed_request_overtaken_by_a_change_is_dropped_for_the_new_one(world, smtp_sink):
    smtp_sink.stop()
    item = AgendaItem.objects.create(
        official=world.mayor, title="Rapat koordinasi", start=at(9), end=at(10), source=SOURCE
    )
    assert tasks.send_agenda_invitations.call(item.pk) == "failed"
    agenda_items_move_for_source(
        source=SOURCE, start=at(10), end=at(11), time_zone="Asia/Makassar", venue=""
    )
    smtp_sink.start()
    InvitationMail.objects.update(next_attempt_at=timezone.now())

    assert tasks.retry_due_invitations() == {"sent": 1, "failed": 0, "dropped": 1}
    [mail] = invitations(smtp_sink)
    assert int(only_event(calendar_part(mail.message)[1])["sequence"]) == 1


def test_no_mail_without_an_address_nor_a_cancel_for_an_item_never_sent(world, smtp_sink):
    assert world.deputy.email == ""
    silent = AgendaItem.objects.create(
        official=world.deputy, title="Rapat", start=at(9), end=at(10)
    )
    assert tasks.send_agenda_invitations.call(silent.pk) == "nothing to send"
    never_sent = AgendaItem.objects.create(
        official=world.mayor,
        title="Rapat",
        start=at(9),
        end=at(10),
        status=AgendaItem.Status.CANCELLED,
    )
    assert tasks.send_agenda_invitations.call(never_sent.pk) == "nothing to send"
    leave = AgendaItem.objects.create(
        official=world.mayor, title="Cuti", kind=AgendaItem.Kind.LEAVE, start=at(9), end=at(10)
    )
    assert tasks.send_agenda_invitations.call(leave.pk) == "nothing to send"
    assert invitations(smtp_sink) == []


def test_a_scheduled_letter_reaches_the_leaders_calendar_and_mailbox_and_so_does_its_cancel(
    world, account, remote_calendar, smtp_sink, django_capture_on_commit_callbacks
):
    """The letter workflow over HTTP, with the CalDAV push and the invitation behind it."""
    letter = register(world.clerk)
    review_forward(world.reviewer, letter, world.mayor)
    do_task(world.mayor_user, letter, "dispose", {"outcome": "attend"})
    with django_capture_on_commit_callbacks(execute=True):
        do_task(world.scheduler, letter, "schedule", {"visibility": "internal"})
    item = AgendaItem.objects.get(source=f"letter:{letter.pk}")
    assert [e.icalendar_component["uid"] for e in remote_calendar.events()] == [item.uid]
    assert [calendar_part(m.message)[0] for m in invitations(smtp_sink)] == ["REQUEST"]

    with django_capture_on_commit_callbacks(execute=True):
        response = sender_update(
            world.clerk, letter, {"kind": "cancel", "note": "Surat 440/1200/Dinkes/2026."}
        )
    assert response.status_code == 302
    assert remote_calendar.events() == []
    assert CalDAVCopy.objects.get(item=item).deleted
    assert [calendar_part(m.message)[0] for m in invitations(smtp_sink)] == ["REQUEST", "CANCEL"]
