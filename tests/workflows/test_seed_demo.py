"""seed_demo: the demo organisation, demo letters in every state, and bulk letters."""

import re
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from viewflow.workflow.models import Task

from audit.models import AuditEntry
from audit.verify import chain_verify
from calendar_sync.models import AgendaItem
from documents.models import Document
from organization.demo import demo_totp_key
from organization.models import Role
from organization.twofactor import base32_secret, client_login_verified, verify_token
from workflows.flows import LetterFlow
from workflows.models import (
    AgendaCounter,
    EventReport,
    FollowUp,
    Letter,
    LetterEvent,
    LetterProcess,
    LetterState,
)


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Letter, User, Task, Document, LetterEvent, AgendaItem)
    }


def client_for(username: str) -> Client:
    client = Client()
    # The demo accounts that need a second factor have their fixed demo app.
    client_login_verified(client, User.objects.get(username=username))
    return client


def queue(username: str) -> list[Task]:
    return list(Task.objects.queue([LetterFlow], User.objects.get(username=username)))


def open_task(letter: Letter, node: str) -> Task:
    return Task.objects.get(
        process__letterprocess__letter=letter,
        flow_task_type="HUMAN",
        flow_task__endswith=f".{node}",
        status__in=["NEW", "ASSIGNED"],
    )


def do_task(username: str, letter: Letter, node: str, data: dict) -> None:
    task = open_task(letter, node)
    client = client_for(username)
    if task.status == "NEW":
        url = reverse(f"letter:{node}:assign", args=[task.process_id, task.pk])
        assert client.post(url, {}).status_code == 302
    url = reverse(f"letter:{node}:execute", args=[task.process_id, task.pk])
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:3000]


@pytest.mark.django_db
def test_seed_demo_creates_one_account_per_role_and_letters_in_every_state():
    output = seed()

    for role in Role:
        assert User.objects.filter(groups__name=role.value).exists(), role
        assert f"/ lontar123  ({role.label}" in output or role in (Role.LEADER, Role.LEADER_STAFF)
    assert "persuratan      / lontar123  (Petugas persuratan)\n" in output
    # The accounts that must have a second factor have a fixed demo app, its key printed
    # (as text and as an otpauth:// URI) for a tester's authenticator app.
    for username in ("auditor", "admin", "walikota", "ajudan_walikota", "sespri_walikota"):
        user = User.objects.get(username=username)
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        secret = base32_secret(device)
        assert f"TOTP {secret}\n" in output
        assert f"otpauth://totp/Lontar%3A{username}?secret={secret}&" in output
        assert device.key == demo_totp_key(username)
    assert not TOTPDevice.objects.filter(user__username__in=["persuratan", "protokol"])
    codes = StringIO()
    call_command("demo_totp_codes", stdout=codes)
    code = re.search(r"^  walikota\s+(\d{6})$", codes.getvalue(), re.M).group(1)
    assert verify_token(User.objects.get(username="walikota"), code) is not None
    assert User.objects.get(username="admin").is_superuser
    states = set(Letter.objects.values_list("state", flat=True))
    assert {"received", "returned", "reviewed", "disposed", "scheduled", "archived"} <= states
    # The flow archives a rejected, declined or cancelled letter in the same step, so those
    # states are found in the letters' history, each letter now archived.
    for passed in (LetterState.REJECTED, LetterState.DECLINED, LetterState.CANCELLED):
        letter = Letter.objects.get(events__to_state=passed)
        assert letter.state == LetterState.ARCHIVED
    assert Letter.objects.filter(events__action="archive", events__from_state="scheduled").exists()
    assert not Letter.objects.filter(process__isnull=True).exists()
    assert not Letter.objects.filter(documents__isnull=True).exists()
    assert Letter.objects.count() == LetterProcess.objects.count() >= 20
    # The tasks are where the roles find them.
    assert {t.flow_task.name for t in queue("protokol")} == {"review"}
    # A leader's dispose tasks are assigned to the leader; their staff see them in their inbox.
    assert {t.flow_task.name for t in queue("ajudan_walikota")} == set()
    mayor = User.objects.get(username="walikota")
    assert {t.flow_task.name for t in Task.objects.inbox([LetterFlow], mayor)} == {"dispose"}
    adc_inbox = client_for("ajudan_walikota").get(reverse("letter:inbox"))
    assert {i.task.flow_task.name for i in adc_inbox.context["work_items"]} == {"dispose"}
    assert {t.flow_task.name for t in queue("penjadwal")} == {"schedule"}
    clerk = User.objects.get(username="persuratan")
    assert [t.flow_task.name for t in Task.objects.inbox([LetterFlow], clerk)] == ["correct"]
    # Two letters for the Wali Kota at overlapping times, one scheduled with a reason.
    assert AgendaItem.objects.exclude(clash_override_reason="").filter(
        official__title="Wali Kota Palu"
    )
    zones = set(Letter.objects.values_list("event_time_zone", flat=True))
    assert zones == {"Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"}
    assert Letter.objects.filter(event_end__isnull=True).exists()
    # A follow-up passed on twice down the health office, then reported done.
    done = FollowUp.objects.get(status="done", kind="delegation")
    assert done.parent.parent.official.title == "Kepala Dinas Kesehatan"
    assert done.answered_on_behalf_of == done.official
    # A speech made ready by the protocol office, and a report filed for the mayor.
    assert FollowUp.objects.filter(kind="material", status="done", documents__isnull=False)
    assert EventReport.objects.filter(official__title="Wali Kota Palu", held=True).exists()

    before = counts()
    output = seed("--if-empty")
    assert counts() == before
    assert "persuratan      / lontar123" in output


@pytest.mark.django_db
def test_bulk_letters_sit_in_the_worklists_and_go_on_through_the_flow():
    seed("--letters", "50")

    bulk = Letter.objects.filter(documents__original_name="surat-undangan-massal.pdf")
    assert bulk.count() == 50
    assert Document.objects.filter(original_name="surat-undangan-massal.pdf").count() == 1
    assert not bulk.filter(process__isnull=True).exists()
    assert bulk.filter(events__action="register").distinct().count() == 50
    # Their history is linked into the audit log, one row per line, and the chain holds.
    events = LetterEvent.objects.filter(letter__in=bulk)
    linked = AuditEntry.objects.filter(
        action__startswith="letter.",
        object_id__in=[str(pk) for pk in bulk.values_list("pk", flat=True)],
    )
    assert sorted(linked.values_list("after__event", flat=True)) == sorted(
        events.values_list("pk", flat=True)
    )
    assert chain_verify().ok
    for year, last in AgendaCounter.objects.values_list("year", "last"):
        assert last == Letter.objects.filter(agenda_year=year).count()
    assert bulk.filter(state=LetterState.ARCHIVED).count() > 25
    for state in ("received", "returned", "reviewed", "disposed", "scheduled"):
        assert bulk.filter(state=state).exists(), state

    received = bulk.filter(state=LetterState.RECEIVED)
    in_queue = {t.process_id for t in queue("protokol")}
    waiting = [letter for letter in received if open_task(letter, "review").status == "NEW"]
    assert waiting and all(letter.process.pk in in_queue for letter in waiting)
    assert client_for("protokol").get(reverse("letter:queue")).status_code == 200
    auditor = client_for("auditor")
    for letter in bulk:
        page = auditor.get(reverse("letters:detail", args=[letter.pk]))
        assert page.status_code == 200, letter.state

    # A bulk letter is a real process: the engine takes it on from where it was left.
    letter = waiting[0]
    mayor = letter.leader or User.objects.get(username="walikota").official
    do_task("protokol", letter, "review", {"decision": "forward", "leader": mayor.pk})
    do_task("walikota", letter, "dispose", {"outcome": "attend", "note": "Hadir."})
    override = {f"override_{mayor.pk}": "Sudah dikoordinasikan."}
    do_task("penjadwal", letter, "schedule", {"visibility": "internal", **override})
    letter.refresh_from_db()
    assert letter.state == LetterState.SCHEDULED
    disposed = bulk.filter(state=LetterState.DISPOSED).first()
    official = disposed.dispositions.get().recipients.get().official
    override = {f"override_{official.pk}": "Sudah dikoordinasikan."}
    do_task("penjadwal", disposed, "schedule", {"visibility": "internal", **override})
    disposed.refresh_from_db()
    assert disposed.state == LetterState.SCHEDULED
