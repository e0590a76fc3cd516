"""Every audited action writes exactly one row, with who, from where and what."""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.test import Client
from django.urls import reverse
from viewflow.workflow.models import Task

from audit.models import AuditEntry
from audit.services import EXPORT, audit_record
from audit.verify import chain_verify
from documents.models import DocumentAccess
from organization.models import LeaderStaff, Official, Role
from tests.factories import PASSWORD, letter_values, login_verified, make_user, scan
from tests.workflows.walk import client_for, register, review_forward
from workflows import services
from workflows.models import LetterEvent

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


class NewRows:
    """The rows written since it was made."""

    def __init__(self):
        self.mark = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0

    def __call__(self, prefix=""):
        rows = AuditEntry.objects.filter(id__gt=self.mark).order_by("id")
        return list(rows.filter(action__startswith=prefix) if prefix else rows)


def test_each_letter_event_is_linked_by_exactly_one_audit_row(world):
    new = NewRows()
    letter = services.letter_register(actor=world.clerk, values=letter_values(), uploads=[scan()])
    services.letter_forward(actor=world.reviewer, letter=letter, leader=world.mayor, note="ok")
    events = list(LetterEvent.objects.filter(letter=letter).order_by("pk"))
    rows = new("letter.")
    assert [r.action for r in rows] == [f"letter.{e.action}" for e in events]
    assert [r.after["event"] for r in rows] == [e.pk for e in events]
    forward = rows[-1]
    assert forward.actor == world.reviewer and forward.object_id == str(letter.pk)
    assert forward.object_label == letter.agenda_number == forward.scope
    assert (
        forward.before == {"state": events[-1].from_state}
        and forward.after["state"] == letter.state
    )
    assert chain_verify().ok


def test_an_action_on_behalf_of_a_leader_names_the_leader(world):
    letter = services.letter_register(actor=world.clerk, values=letter_values(), uploads=[scan()])
    services.letter_forward(actor=world.reviewer, letter=letter, leader=world.mayor)
    new = NewRows()
    services.letter_dispose(actor=world.adc, letter=letter, outcome="declined", note="berhalangan")
    (row,) = new("letter.")
    assert row.actor == world.adc and row.on_behalf_of == world.mayor
    assert row.on_behalf_label == str(world.mayor)


def test_a_confidential_subject_never_reaches_the_log(world):
    secret = "Rapat tertutup pengamanan pilkada"
    new = NewRows()
    values = letter_values(subject=secret, event_title=secret, security_class="rahasia")
    letter = services.letter_register(actor=world.clerk, values=values, uploads=[scan()])
    client_for(world.clerk).get(
        reverse("letters:document", args=[letter.pk, letter.documents.get().pk])
    )
    rows = new()
    assert rows
    for row in rows:
        text = f"{row.object_label} {row.scope} {row.note} {row.before} {row.after}"
        assert secret not in text


def test_opening_a_document_writes_one_row_with_the_address(world):
    letter = register(world.clerk)
    document = letter.documents.get()
    client = client_for(world.auditor)
    new = NewRows()
    response = client.get(
        reverse("letters:document", args=[letter.pk, document.pk]), REMOTE_ADDR="10.1.2.3"
    )
    assert response.status_code == 200
    (row,) = new()
    access = DocumentAccess.objects.get(user=world.auditor)
    assert row.action == "document.open" and row.actor == world.auditor
    assert row.ip == "10.1.2.3" and row.scope == letter.agenda_number
    assert row.object_label == f"Dokumen #{document.pk}"
    assert row.after == {"access": access.pk, "file": "original", "sha256": document.sha256}


def test_a_login_a_failed_login_and_a_logout_each_write_one_row(world):
    client = Client()
    new = NewRows()
    client.post(LOGIN, {"username": "persuratan", "password": "salah"}, REMOTE_ADDR="10.0.0.9")
    (failed,) = new()
    assert failed.action == "auth.login_failed" and failed.actor is None
    assert failed.ip == "10.0.0.9" and failed.after == {"username": "persuratan"}
    assert "salah" not in str(failed.after) + failed.note
    new = NewRows()
    response = client.post(
        LOGIN, {"username": "persuratan", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9"
    )
    assert response.status_code == 302
    (login,) = new()
    assert (login.action, login.actor, login.ip) == ("auth.login", world.clerk, "10.0.0.9")
    new = NewRows()
    client.post(reverse("logout"), REMOTE_ADDR="10.0.0.9")
    (logout,) = new()
    assert (logout.action, logout.actor) == ("auth.logout", world.clerk)


def test_a_wrong_second_factor_code_writes_one_row(world):
    from organization.twofactor import code_check
    from tests.factories import totp_device_for

    totp_device_for(world.reviewer)
    new = NewRows()
    assert code_check(world.reviewer, "000000").device is None
    (row,) = new()
    assert (row.action, row.actor) == ("auth.otp_failed", world.reviewer)


def test_role_changes_from_either_side_write_one_row_per_user(world):
    user = make_user("baru")
    auditors = Group.objects.get(name=Role.AUDITOR)
    new = NewRows()
    user.groups.add(auditors)
    auditors.user_set.remove(user)
    user.groups.add(auditors)
    user.groups.clear()
    rows = new()
    assert [(r.action, r.object_id, r.after) for r in rows] == [
        ("role.add", str(user.pk), {"add": ["auditor"]}),
        ("role.remove", str(user.pk), {"remove": ["auditor"]}),
        ("role.add", str(user.pk), {"add": ["auditor"]}),
        ("role.remove", str(user.pk), {"remove": ["auditor"]}),
    ]


def test_permission_changes_of_a_user_and_of_a_role_are_written(world):
    permission = Permission.objects.get(codename="view_all_letters")
    group = Group.objects.get(name=Role.LEADER)
    new = NewRows()
    world.dept_officer.user_permissions.add(permission)
    group.permissions.add(permission)
    rows = new()
    assert [(r.action, r.object_label) for r in rows] == [
        ("permission.add", world.dept_officer.username),
        ("group_permission.add", "leader"),
    ]
    assert rows[0].after == {"add": ["workflows.view_all_letters"]}


def test_an_officials_account_and_a_leaders_staff_are_written(world):
    user = make_user("ajudan_baru", Role.LEADER_STAFF)
    new = NewRows()
    link = LeaderStaff.objects.create(user=user, leader=world.deputy, kind="ajudan")
    link.delete()
    official = Official.objects.get(pk=world.deputy.pk)
    official.user = user
    official.save()
    rows = new()
    assert [r.action for r in rows] == [
        "leader_staff.add",
        "leader_staff.remove",
        "official.account",
    ]
    assert rows[2].before == {"user": world.deputy_user.pk} and rows[2].after == {"user": user.pk}


def test_an_admin_edit_writes_one_row_without_the_objects_text(world):
    superuser = User.objects.create_superuser("super_admin", "s@example.test", "x-test-123")
    client = login_verified(Client(), superuser)
    new = NewRows()
    response = client.post(
        reverse("admin:organization_department_add"),
        {"name": "Dinas Rahasia Sekali", "short_name": "DRS", "kind": "dinas"},
    )
    assert response.status_code == 302
    (row,) = new("admin.")
    assert row.action == "admin.add" and row.actor == superuser
    assert "Rahasia" not in row.object_label + str(row.after)


def test_a_bulk_admin_delete_writes_one_row_per_object(world):
    from organization.models import Department

    superuser = User.objects.create_superuser("super_admin", "s@example.test", "x-test-123")
    client = login_verified(Client(), superuser)
    extra = [Department.objects.create(name=f"Dinas Coba {i}") for i in range(3)]
    new = NewRows()
    client.post(
        reverse("admin:organization_department_changelist"),
        {"action": "delete_selected", "_selected_action": [d.pk for d in extra], "post": "yes"},
    )
    rows = new("admin.")
    assert sorted(r.after["object_id"] for r in rows) == sorted(str(d.pk) for d in extra)
    assert {r.action for r in rows} == {"admin.delete"}


def test_taking_and_giving_back_tasks_in_bulk_writes_one_row_per_task(world):
    first, second = register(world.clerk), register(world.clerk)
    tasks = Task.objects.filter(
        process__in=[first.process, second.process], flow_task_type="HUMAN", status="NEW"
    )
    pks = sorted(tasks.values_list("pk", flat=True))
    assert len(pks) == 2
    client = client_for(world.reviewer)
    new = NewRows()
    client.post(reverse("letter:tasks_assign"), {"pk": pks, "_confirm": "1"})
    assigned = new("task.")
    assert sorted((r.action, int(r.object_id)) for r in assigned) == [
        ("task.assign", p) for p in pks
    ]
    assert {r.actor_id for r in assigned} == {world.reviewer.pk}
    assert {r.scope for r in assigned} == {first.agenda_number, second.agenda_number}
    new = NewRows()
    client.post(reverse("letter:tasks_unassign"), {"pk": pks, "_confirm": "1"})
    assert [r.action for r in new("task.")] == ["task.unassign", "task.unassign"]


def test_a_task_done_through_its_page_writes_its_steps(world):
    letter = register(world.clerk)
    new = NewRows()
    review_forward(world.reviewer, letter, world.mayor)
    actions = [r.action for r in new()]
    assert actions.count("letter.forward") == 1
    assert actions.count("task.assign") >= 1 and actions.count("task.done") == 1


def test_an_export_is_recorded_under_its_action_name(world):
    letter = register(world.clerk)
    new = NewRows()
    audit_record(
        action=EXPORT,
        actor=world.auditor,
        obj=letter,
        obj_label=letter.agenda_number,
        scope=letter.agenda_number,
        after={"format": "bagit", "files": 3},
    )
    (row,) = new()
    assert row.action == "export" and row.after == {"format": "bagit", "files": 3}
