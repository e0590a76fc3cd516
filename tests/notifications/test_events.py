"""Each event of the letter's process and of the agenda, on each channel: in-app, e-mail
to the SMTP sink, WhatsApp to the gateway and Web Push to the push service on loopback;
and a confidential letter's subject never in a notification."""

from datetime import datetime, timedelta
from urllib.parse import parse_qs

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.urls import reverse
from viewflow.workflow.timers import fire_due_timers

from calendar_sync.models import AgendaItem
from calendar_sync.services import agenda_item_cancel, agenda_item_create, agenda_item_update
from calendar_sync.services import notices as agenda_notices
from intake.services import request_answer
from notifications.gateways import normalize_phone
from notifications.models import Delivery, Kind, Notification, Profile, PushSubscription
from tests.factories import MINIMAL_PDF, WITA
from tests.notifications.test_push import Browser, b64
from tests.notifications.test_push import vapid as vapid  # noqa: F401 (a fixture)
from tests.workflows.walk import client_for, do_task, open_task, register, review_forward
from workflows.models import FollowUp, Letter

SUBJECT = "Undangan Pembukaan Pekan Imunisasi"
EVENT = "Pembukaan Pekan Imunisasi Nasional"


@pytest.fixture
def channels(world, settings, smtp_sink, form_gateway, vapid, immediate_tasks):
    """Every user on every channel: a WhatsApp number each, a browser each."""
    browsers = {}
    for n, user in enumerate(world.users().values()):
        Profile.objects.create(user=user, phone=f"08123456{n:04d}", whatsapp_opt_in=True)
        browsers[user.pk] = browser = Browser()
        PushSubscription.objects.create(
            user=user,
            endpoint=f"{form_gateway.url}/push/{user.pk}",
            p256dh=browser.p256dh,
            auth=b64(browser.auth),
        )
    return {"smtp": smtp_sink, "http": form_gateway, "browsers": browsers}


def received(channels, user, kind):
    """What ``user`` got of ``kind`` on each channel: (in-app, mails, whatsapps, pushes)."""
    notifications = list(Notification.objects.filter(user=user, kind=kind))
    assert all(
        d.status == Delivery.Status.SENT for n in notifications for d in n.deliveries.all()
    ), [(d.channel, d.last_error) for n in notifications for d in n.deliveries.all()]
    phone = normalize_phone(Profile.objects.get(user=user).phone)
    mails = [m.message for m in channels["smtp"].messages if m.recipients == [user.email]]
    whatsapps = [
        parse_qs(r.body.decode())["message"][0]
        for r in channels["http"].seen()
        if r.path == "/send" and parse_qs(r.body.decode())["target"] == [phone]
    ]
    pushes = [
        channels["browsers"][user.pk].decrypt(r.body)
        for r in channels["http"].seen()
        if r.path == f"/push/{user.pk}"
    ]
    titles = {n.title for n in notifications}
    mails = [m for m in mails if m["Subject"] in titles]
    whatsapps = [w for w in whatsapps if w.splitlines()[0].strip("*") in titles]
    pushes = [p for p in pushes if p["title"] in titles]
    return notifications, mails, whatsapps, pushes


def assert_on_every_channel(channels, user, kind, count=1):
    notifications, mails, whatsapps, pushes = received(channels, user, kind)
    assert (len(notifications), len(mails), len(whatsapps), len(pushes)) == (count,) * 4
    return notifications


def assert_nothing(channels, user, kind):
    notifications, mails, whatsapps, pushes = received(channels, user, kind)
    assert (notifications, mails, whatsapps, pushes) == ([], [], [], [])


def all_text(channels):
    """Everything any channel carried, as text."""
    texts = [n.title + n.body for n in Notification.objects.all()]
    texts += [m.message["Subject"] + m.message.get_content() for m in channels["smtp"].messages]
    texts += [r.body.decode() for r in channels["http"].seen() if r.path == "/send"]
    texts += [
        str(channels["browsers"][int(r.path.rsplit("/", 1)[1])].decrypt(r.body))
        for r in channels["http"].seen()
        if r.path.startswith("/push/")
    ]
    return "\n".join(texts)


def test_a_new_task_goes_to_everyone_of_the_role_and_a_dispose_task_to_the_leaders_people(
    world, channels, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        letter = register(world.clerk)
    [review] = assert_on_every_channel(channels, world.reviewer, Kind.TASK_NEW)
    assert review.title == f"Tugas baru: Telaah protokol, surat {letter.agenda_number}"
    assert SUBJECT in review.body and "02-12-2026 09.00 WITA" in review.body
    assert review.url == reverse("letters:detail", args=[letter.pk])
    for other in (world.clerk, world.adc, world.mayor_user, world.dept_officer):
        assert_nothing(channels, other, Kind.TASK_NEW)
    with django_capture_on_commit_callbacks(execute=True):
        review_forward(world.reviewer, letter, world.mayor)
    # The dispose task is the leader's own (assigned to him); his staff hear of it as new.
    [assigned] = assert_on_every_channel(channels, world.mayor_user, Kind.TASK_ASSIGNED)
    assert assigned.title.startswith("Ditugaskan kepada Anda: Disposisi pimpinan, surat")
    [dispose] = assert_on_every_channel(channels, world.adc, Kind.TASK_NEW)
    assert dispose.title.startswith("Tugas baru: Disposisi pimpinan, surat")
    for other in (world.deputy_adc, world.deputy_user, world.clerk):
        assert_nothing(channels, other, Kind.TASK_NEW)
        assert_nothing(channels, other, Kind.TASK_ASSIGNED)
    whatsapp = received(channels, world.adc, Kind.TASK_NEW)[2][0]
    assert whatsapp.startswith("*Tugas baru: Disposisi pimpinan")
    assert whatsapp.endswith(f"/letters/{letter.pk}/")


def test_a_task_given_to_someone_tells_them_it_is_assigned_to_them(
    world, channels, django_capture_on_commit_callbacks
):
    letter = register(world.clerk)
    with django_capture_on_commit_callbacks(execute=True):
        do_task(world.reviewer, letter, "review", {"decision": "return", "note": "Nomor salah."})
    # The correction goes back to the clerk who registered the letter.
    [assigned] = assert_on_every_channel(channels, world.clerk, Kind.TASK_ASSIGNED)
    assert assigned.title.startswith("Ditugaskan kepada Anda: Perbaiki registrasi")
    assert open_task(letter, "correct").owner == world.clerk


def test_a_confidential_letters_subject_is_in_no_notification_on_any_channel(
    world, channels, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        letter = register(world.clerk, security_class="rahasia")
        review_forward(world.reviewer, letter, world.mayor)
        do_task(
            world.adc,
            letter,
            "dispose",
            {"outcome": "represent", "delegates": [world.kadis.pk], "instructions": ["wakili"]},
        )
    assert Notification.objects.filter(user=world.adc, kind=Kind.TASK_NEW).exists()
    assert Notification.objects.filter(user=world.dept_officer, kind=Kind.DISPOSITION).exists()
    text = all_text(channels)
    assert letter.agenda_number in text
    assert SUBJECT not in text
    assert EVENT not in text


def test_an_ordinary_letters_subject_goes_only_to_who_may_read_the_letter(
    world, channels, django_capture_on_commit_callbacks
):
    letter = register(world.clerk)
    review_forward(world.reviewer, letter, world.mayor)
    with django_capture_on_commit_callbacks(execute=True):
        do_task(
            world.adc,
            letter,
            "dispose",
            {"outcome": "represent", "delegates": [world.kadis.pk], "instructions": ["wakili"]},
        )
    # The health office's officer answers for its head, but may not read the mayor's
    # letter: the number and the due date only.
    [told] = assert_on_every_channel(channels, world.dept_officer, Kind.DISPOSITION)
    assert told.title == f"Disposisi untuk Kepala Dinas Kesehatan: surat {letter.agenda_number}"
    assert SUBJECT not in told.body + told.title
    assert told.url == reverse("tindak-lanjut:index")


def test_a_disposition_passed_on_tells_the_next_in_line(
    world, channels, django_capture_on_commit_callbacks
):
    from organization.models import Official, Role
    from tests.factories import make_user
    from workflows.services import followup_pass_on

    sekda_user = make_user("sekda_user", Role.LEADER)
    Profile.objects.create(user=sekda_user, phone="081299990000", whatsapp_opt_in=True)
    world.sekda.user = sekda_user
    world.sekda.save(update_fields=["user"])
    letter = register(world.clerk)
    review_forward(world.reviewer, letter, world.mayor)
    with django_capture_on_commit_callbacks(execute=True):
        do_task(
            world.adc,
            letter,
            "dispose",
            {"outcome": "represent", "delegates": [world.sekda.pk], "instructions": ["wakili"]},
        )
    told = Notification.objects.get(user=sekda_user, kind=Kind.DISPOSITION)
    assert SUBJECT not in told.title  # in the title: the number only
    followup = FollowUp.objects.get(letter=letter, official=world.sekda)
    with django_capture_on_commit_callbacks(execute=True):
        followup_pass_on(actor=sekda_user, followup=followup, to=world.kadis, note="Mohon hadir.")
    [hop] = assert_on_every_channel(channels, world.dept_officer, Kind.DISPOSITION)
    assert hop.actor == sekda_user
    assert not Official.objects.filter(user=world.dept_officer, pk=world.kadis.pk).exists()


def test_a_pending_disposition_reminds_the_leaders_staff(
    world, channels, django_capture_on_commit_callbacks
):
    letter = register(world.clerk)
    review_forward(world.reviewer, letter, world.mayor)
    timer = Letter.objects.get(pk=letter.pk).process.task_set.get(
        flow_task__endswith=".dispose__timeout"
    )
    timer.scheduled_for = timer.created  # due now
    timer.save()
    with django_capture_on_commit_callbacks(execute=True):
        fire_due_timers()
    [reminder] = assert_on_every_channel(channels, world.adc, Kind.REMINDER)
    assert reminder.title == f"Disposisi tertunda: {letter.agenda_number} {SUBJECT}"
    assert_nothing(channels, world.deputy_adc, Kind.REMINDER)
    # A second sweep escalates nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        fire_due_timers()
    assert_on_every_channel(channels, world.adc, Kind.REMINDER)


def test_material_ready_tells_the_attending_official_and_staff(
    world, channels, django_capture_on_commit_callbacks
):
    letter = register(world.clerk)
    review_forward(world.reviewer, letter, world.mayor)
    do_task(world.adc, letter, "dispose", {"outcome": "attend", "instructions": ["sambutan"]})
    material = FollowUp.objects.get(letter=letter, kind=FollowUp.Kind.MATERIAL)
    speech = SimpleUploadedFile("sambutan.pdf", MINIMAL_PDF, content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.scheduler).post(
            reverse("tindak-lanjut:detail", args=[material.pk]),
            {"files": [speech], "ready": "on"},
        )
    assert response.status_code == 302
    for user in (world.mayor_user, world.adc):
        [ready] = assert_on_every_channel(channels, user, Kind.MATERIAL_READY)
        assert ready.title == f"Sambutan/bahan siap: surat {letter.agenda_number}"
        assert EVENT not in ready.body and SUBJECT not in ready.body
        assert "02-12-2026 09.00 WITA" in ready.body
    assert_nothing(channels, world.scheduler, Kind.MATERIAL_READY)  # who marked it


def _item(world, **overrides):
    values = {
        "official": world.mayor,
        "title": "Rapat Koordinasi Inflasi Daerah",
        "start": datetime(2026, 12, 3, 9, 0, tzinfo=WITA),
        "end": datetime(2026, 12, 3, 11, 0, tzinfo=WITA),
        "time_zone": "Asia/Makassar",
        "venue": "Ruang Rapat Bappeda",
        "created_by": world.scheduler,
    }
    values.update(overrides)
    return agenda_item_create(**values)


def test_my_agenda_item_added_moved_and_cancelled(
    world, channels, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item = _item(world)
    for user in (world.mayor_user, world.adc):
        [added] = assert_on_every_channel(channels, user, Kind.AGENDA_CHANGED)
        assert added.title == "Agenda baru Wali Kota Palu: Rapat Koordinasi Inflasi Daerah"
        assert added.body == "03-12-2026 09.00 WITA\nRuang Rapat Bappeda"
    assert_nothing(channels, world.deputy_adc, Kind.AGENDA_CHANGED)
    with django_capture_on_commit_callbacks(execute=True):
        agenda_item_update(
            item=item,
            actor=world.scheduler,
            start=datetime(2026, 12, 3, 13, 0, tzinfo=WITA),
            end=datetime(2026, 12, 3, 15, 0, tzinfo=WITA),
        )
    with django_capture_on_commit_callbacks(execute=True):
        agenda_item_cancel(item=item, actor=world.scheduler, reason="Ditunda.")
    notifications = assert_on_every_channel(channels, world.adc, Kind.AGENDA_CHANGED, count=3)
    assert [n.title.split(":")[0] for n in notifications] == [
        "Agenda Wali Kota Palu dibatalkan",
        "Agenda Wali Kota Palu dipindah",
        "Agenda baru Wali Kota Palu",
    ]
    # The ajudan moving the mayor's item is not told of it; the mayor is.
    with django_capture_on_commit_callbacks(execute=True):
        other = _item(
            world,
            title="Kunjungan",
            created_by=world.adc,
            start=datetime(2026, 12, 4, 9, 0, tzinfo=WITA),
            end=datetime(2026, 12, 4, 10, 0, tzinfo=WITA),
        )
    assert Notification.objects.filter(key__startswith=f"agenda:{other.pk}:").get().user == (
        world.mayor_user
    )


def test_a_confidential_item_reads_sibuk_to_a_reader_who_may_not_see_it(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    official_and_staff = agenda_notices.official_and_staff
    # Suppose someone else were on the list: the visibility rule still decides the text.
    monkeypatch.setattr(
        agenda_notices,
        "official_and_staff",
        lambda official: type(world.adc).objects.filter(
            Q(pk__in=official_and_staff(official).values("pk")) | Q(pk=world.deputy_adc.pk)
        ),
    )
    with django_capture_on_commit_callbacks(execute=True):
        _item(world, visibility=AgendaItem.Visibility.CONFIDENTIAL, title="Pertemuan tertutup")
    shown = Notification.objects.get(user=world.adc)
    hidden = Notification.objects.get(user=world.deputy_adc)
    assert shown.title == "Agenda baru Wali Kota Palu: Pertemuan tertutup"
    assert hidden.title == "Agenda baru Wali Kota Palu: Sibuk"
    assert "Bappeda" not in hidden.body


def test_tomorrows_agenda_goes_out_in_the_evening_once_as_whatsapp_text(
    world, channels, settings, django_capture_on_commit_callbacks
):
    settings.LONTAR_AGENDA_DIGEST_TIME = "18:00"
    _item(world)
    _item(
        world,
        title="Pertemuan tertutup",
        visibility=AgendaItem.Visibility.CONFIDENTIAL,
        start=datetime(2026, 12, 3, 14, 0, tzinfo=WITA),
        end=datetime(2026, 12, 3, 15, 0, tzinfo=WITA),
    )
    _item(
        world,
        official=world.deputy,
        title="Peresmian Pasar",
        start=datetime(2026, 12, 4, 9, 0, tzinfo=WITA),
        end=None,
    )
    evening = datetime(2026, 12, 2, 17, 59, tzinfo=WITA)
    assert agenda_notices.agenda_digest_if_due(now=evening) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert agenda_notices.agenda_digest_if_due(now=evening + timedelta(minutes=2)) == 2
        assert agenda_notices.agenda_digest_if_due(now=evening + timedelta(hours=3)) == 0
    for user in (world.mayor_user, world.adc):
        [digest] = assert_on_every_channel(channels, user, Kind.AGENDA_DIGEST)
        assert digest.title == "Agenda Kamis, 3 Desember 2026: Wali Kota Palu"
        assert digest.body.startswith("*AGENDA WALI KOTA PALU*\n*Kamis, 3 Desember 2026*")
        assert "Pertemuan tertutup" in digest.body  # their own official's: in full
        whatsapp = received(channels, user, Kind.AGENDA_DIGEST)[2][0]
        assert "1. 09.00 – 11.00 WITA\n   Rapat Koordinasi Inflasi Daerah" in whatsapp
    # The deputy's item is the day after: not in tonight's digest.
    assert_nothing(channels, world.deputy_adc, Kind.AGENDA_DIGEST)


def test_a_department_request_answered_tells_the_officer_who_sent_it(
    world, channels, django_capture_on_commit_callbacks
):
    from tests.intake.walk import latest_request, submit_department, verify_data

    response = submit_department(client_for(world.dept_officer), subject="Permohonan kehadiran")
    assert response.status_code == 302
    online = latest_request()
    letter = online.letter
    do_task(world.clerk, letter, "verify", verify_data(letter))
    review_forward(world.reviewer, letter, world.mayor)
    do_task(world.adc, letter, "dispose", {"outcome": "decline", "note": "Ada acara lain."})
    channels["smtp"].collector.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        request_answer(actor=world.reviewer, request=online, text="Mohon maaf, berhalangan.")
    [answered] = assert_on_every_channel(channels, world.dept_officer, Kind.REQUEST_ANSWERED)
    assert answered.title == f"Permohonan dijawab: {letter.event_title}"
    assert answered.body == "Mohon maaf, berhalangan."
    # The contact address typed in the form is the officer's own: one mail, not two.
    assert [m.recipients for m in channels["smtp"].messages].count([world.dept_officer.email]) == 1


def test_a_public_request_answered_keeps_the_direct_mail(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    from tests.intake.walk import latest_request, submit_public, verify_data

    submit_public()
    online = latest_request()
    letter = online.letter
    do_task(world.clerk, letter, "verify", verify_data(letter))
    review_forward(world.reviewer, letter, world.mayor)
    do_task(world.adc, letter, "dispose", {"outcome": "decline", "note": "Ada acara lain."})
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        request_answer(actor=world.reviewer, request=online, text="Mohon maaf.")
    assert [m.to for m in mailoutbox] == [["rahmat@untad.example"]]
    assert not Notification.objects.filter(kind=Kind.REQUEST_ANSWERED).exists()


def test_a_leaders_task_assigned_to_the_leader_still_tells_their_staff(
    world, django_capture_on_commit_callbacks
):
    """When the dispose task lands in the leader's own inbox (assigned to them), their
    ajudan, who may act for them, still hears of it."""
    from workflows.services import task_notify

    letter = register(world.clerk)
    review_forward(world.reviewer, letter, world.mayor)
    task = open_task(letter, "dispose")
    task.owner = world.mayor_user
    with django_capture_on_commit_callbacks(execute=True):
        task_notify(task=task)
    mayor = Notification.objects.get(user=world.mayor_user, key=f"task:{task.pk}:{task.owner_id}")
    assert mayor.kind == Kind.TASK_ASSIGNED
    assert mayor.title.startswith("Ditugaskan kepada Anda: Disposisi pimpinan")
    ajudan = Notification.objects.get(user=world.adc, key=f"task:{task.pk}:new")
    assert ajudan.kind == Kind.TASK_NEW
    assert not Notification.objects.filter(user=world.deputy_adc).exists()
