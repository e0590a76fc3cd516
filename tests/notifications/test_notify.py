"""notify(): one notification per user and event, one delivery per chosen channel."""

import pytest

from notifications.models import Channel, Delivery, Kind, Notification, Preference, Profile
from notifications.services import notify
from notifications.tasks import send_email_digests


def _notify(users, key="event:1", **overrides):
    values = {
        "recipients": users,
        "kind": Kind.REMINDER,
        "title": "Disposisi tertunda: 0001/UND/2026",
        "body": "Surat 0001/UND/2026 menunggu disposisi.",
        "url": "/letters/1/",
        "key": key,
    }
    values.update(overrides)
    return notify(**values)


def test_one_event_makes_one_notification_per_user_and_one_email_each(
    world, immediate_tasks, smtp_sink, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        created = _notify([world.adc, world.reviewer, world.adc])
    assert sorted(n.user_id for n in created) == sorted([world.adc.pk, world.reviewer.pk])
    assert sorted(r for m in smtp_sink.messages for r in m.recipients) == sorted(
        [world.adc.email, world.reviewer.email]
    )
    message = smtp_sink.messages[0].message
    assert message["Subject"] == "Disposisi tertunda: 0001/UND/2026"
    assert "http://127.0.0.1:8000/letters/1/" in message.get_content()
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}


def test_the_same_key_twice_notifies_and_sends_once(
    world, immediate_tasks, smtp_sink, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _notify([world.adc])
        again = _notify([world.adc, world.reviewer])
    assert [n.user_id for n in again] == [world.reviewer.pk]  # the ajudan had it already
    assert Notification.objects.filter(user=world.adc).count() == 1
    assert Delivery.objects.filter(notification__user=world.adc).count() == 1
    assert [m.recipients for m in smtp_sink.messages] == [[world.adc.email], [world.reviewer.email]]


def test_the_actor_is_not_told_of_their_own_action(world):
    created = _notify([world.adc, world.reviewer], actor=world.adc)
    assert [n.user_id for n in created] == [world.reviewer.pk]


def test_inactive_users_and_unknown_kinds(world):
    world.adc.is_active = False
    world.adc.save()
    assert _notify([world.adc]) == []
    with pytest.raises(ValueError):
        _notify([world.reviewer], kind="no-such-kind")


def test_defaults_in_app_and_email_only_until_the_user_opts_in(world):
    _notify([world.adc])
    notification = Notification.objects.get(user=world.adc)
    assert [d.channel for d in notification.deliveries.all()] == [Channel.EMAIL]
    Profile.objects.create(user=world.reviewer, phone="0812-3456-7890", whatsapp_opt_in=True)
    _notify([world.reviewer], key="event:2")
    channels = Notification.objects.get(user=world.reviewer).deliveries.values_list(
        "channel", flat=True
    )
    assert sorted(channels) == [Channel.EMAIL, Channel.WHATSAPP]


def test_a_channel_turned_off_for_a_kind_is_not_used_for_that_kind(world):
    Preference.objects.create(
        user=world.adc, kind=Kind.REMINDER, channel=Channel.EMAIL, enabled=False
    )
    _notify([world.adc])
    _notify([world.adc], key="event:2", kind=Kind.TASK_NEW)
    reminder = Notification.objects.get(user=world.adc, kind=Kind.REMINDER)
    task = Notification.objects.get(user=world.adc, kind=Kind.TASK_NEW)
    assert not reminder.deliveries.exists()  # still in the app
    assert task.deliveries.get().channel == Channel.EMAIL


def test_a_user_without_email_gets_no_email_delivery_that_fails(
    world, immediate_tasks, django_capture_on_commit_callbacks
):
    world.adc.email = ""
    world.adc.save()
    with django_capture_on_commit_callbacks(execute=True):
        _notify([world.adc])
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED
    assert "no e-mail address" in delivery.last_error


def test_the_daily_digest_sends_one_mail_per_user_once_a_day(
    world, settings, smtp_sink, immediate_tasks, django_capture_on_commit_callbacks
):
    from datetime import datetime

    from tests.factories import WITA

    settings.LONTAR_EMAIL_DIGEST_TIME = "07:00"
    Profile.objects.create(user=world.adc, email_digest=True)
    with django_capture_on_commit_callbacks(execute=True):
        _notify([world.adc], key="a", title="Satu")
        _notify([world.adc], key="b", title="Dua")
    assert smtp_sink.messages == []  # waits for the digest
    before = datetime(2026, 12, 2, 6, 59, tzinfo=WITA)
    assert send_email_digests(now=before) == {"sent": 0, "failed": 0}
    morning = datetime(2026, 12, 2, 7, 1, tzinfo=WITA)
    assert send_email_digests(now=morning) == {"sent": 1, "failed": 0}
    assert send_email_digests(now=morning) == {"sent": 0, "failed": 0}
    [mail] = smtp_sink.messages
    assert mail.recipients == [world.adc.email]
    assert "2 baru" in mail.message["Subject"]
    text = mail.message.get_content()
    assert text.index("Satu") < text.index("Dua")
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}
