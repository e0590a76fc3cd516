"""What the letter's steps tell people, through ``notifications.services.notify``.

Confidentiality is decided here, not in the notifications app: a notification travels
through mail servers, WhatsApp gateways and lock screens, so a letter's subject and event
title go only to a recipient who may read the letter (``letters_visible_to``) and only
when the letter is *Biasa*; everyone else, and every recipient of a *Terbatas*, *Rahasia*
or *Sangat Rahasia* letter, reads its agenda number and the time. Every call is made on
commit (``notify`` queues its deliveries then too), with a key naming the event, so a
retried step never notifies twice.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from notifications.models import Kind
from notifications.services import notify_on_commit
from organization.models import Official, Role
from organization.permissions import act_for_leader_permission
from organization.zones import local_span
from workflows.models import FollowUp, Letter, LetterProcess, SecurityClass
from workflows.selectors import letters_visible_to

User = get_user_model()
LEADER_PERMISSION_PREFIX = act_for_leader_permission(0).removesuffix("0")


def letter_label(letter: Letter) -> str:
    return letter.agenda_number or _("(belum bernomor)")


def letter_url(letter: Letter) -> str:
    return reverse("letters:detail", args=[letter.pk])


def split_by_subject_access(letter: Letter, users: Iterable[Any]) -> tuple[list[Any], list[Any]]:
    """(may read the subject, may not): see the module's docstring."""
    users = list(users)
    if letter.security_class != SecurityClass.BIASA:
        return [], users
    readers, others = [], []
    for user in users:
        visible = letters_visible_to(user=user).filter(pk=letter.pk).exists()
        (readers if visible else others).append(user)
    return readers, others


def notify_about_letter(
    *,
    letter: Letter,
    users: Iterable[Any],
    kind: str,
    title: str,
    body: str,
    key: str,
    url: str = "",
    actor: Any = None,
) -> None:
    """Notify on commit. ``title`` and ``body`` may hold ``{subject}`` and ``{event}``:
    the letter's subject and event title for who may read them, nothing and
    "(dirahasiakan)" for the others (see the module's docstring)."""
    readers, others = split_by_subject_access(letter, users)
    for group, shown, event in (
        (readers, letter.subject.strip(), letter.event_title.strip()),
        (others, "", _("(dirahasiakan)")),
    ):
        if not group:
            continue
        notify_on_commit(
            recipients=[u.pk for u in group],
            kind=kind,
            title=" ".join(_fill(title, shown, event).split()),
            body=_fill(body, shown, event).strip(),
            url=url or letter_url(letter),
            key=key,
            actor=actor,
        )


def _fill(text: str, subject: str, event: str) -> str:
    return text.replace("{subject}", subject).replace("{event}", event)


def users_with_permission(permission: str) -> QuerySet[Any]:
    """Active users holding ``permission`` (through a group or directly); a leader's
    permission is held by the leader's user and their ajudan/sespri."""
    users = User.objects.filter(is_active=True)
    if permission.startswith(LEADER_PERMISSION_PREFIX):
        official_id = int(permission.removeprefix(LEADER_PERMISSION_PREFIX))
        return users.filter(
            Q(official__pk=official_id, official__is_active=True)
            | Q(leader_staff_links__leader_id=official_id)
        ).distinct()
    app_label, _dot, codename = permission.partition(".")
    granted = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return users.filter(Q(groups__permissions__in=granted) | Q(user_permissions__in=granted))


def task_notify(*, task: Any) -> None:
    """A new task of the letter's process: to its owner if it has one ("assigned to
    you"), else to everyone who may take it ("a new task for your role"). A leader's task
    assigned to the leader is also news for their ajudan/sespri, who act for them."""
    process = task.process
    letter = (
        process.letter
        if isinstance(process, LetterProcess)
        else Letter.objects.get(process__pk=task.process_id)
    )
    step = str(task.flow_task.task_title)
    when = local_span(letter, style="start") if letter.event_start else ""
    body = "{subject}" + (f"\n{when}" if when else "")
    values = {"step": step, "number": letter_label(letter)}
    permission = task.owner_permission or ""
    if task.owner_id:
        notify_about_letter(
            letter=letter,
            users=[task.owner],
            kind=Kind.TASK_ASSIGNED,
            title=_("Ditugaskan kepada Anda: %(step)s, surat %(number)s") % values,
            body=body,
            key=f"task:{task.pk}:{task.owner_id}",
        )
        if not permission.startswith(LEADER_PERMISSION_PREFIX):
            return
    if not permission:
        return
    notify_about_letter(
        letter=letter,
        users=users_with_permission(permission).exclude(pk=task.owner_id or 0),
        kind=Kind.TASK_NEW,
        title=_("Tugas baru: %(step)s, surat %(number)s") % values,
        body=body,
        key=f"task:{task.pk}:new",
    )


def users_answering_for(followup: FollowUp) -> QuerySet[Any]:
    """The official, their ajudan/sespri and their department's officers; or, for an
    office's follow-up, the office's staff."""
    official = followup.official
    if official is None:
        who = Q(groups__name=followup.role)
    else:
        who = Q(pk=official.user_id) | Q(leader_staff_links__leader=official)
        if official.department_id:
            who |= Q(
                groups__name=str(Role.DEPARTMENT_OFFICER),
                official__department_id=official.department_id,
            )
    return User.objects.filter(who, is_active=True).distinct()


def followups_notify_assigned(*, followups: Sequence[FollowUp], actor: Any) -> None:
    """A disposition or a passed-on follow-up for someone: tell who answers for it."""
    for followup in followups:
        if followup.kind == FollowUp.Kind.REPORT:
            continue  # reports are asked for after the event
        letter = followup.letter
        if followup.kind == FollowUp.Kind.MATERIAL:
            title = _("Siapkan sambutan/bahan: surat %(number)s")
        else:
            title = _("Disposisi untuk %(official)s: surat %(number)s")
        due = followup.due_date.strftime("%d-%m-%Y") if followup.due_date else ""
        body = "{subject}" + ("\n" + _("Batas waktu: %(due)s") % {"due": due} if due else "")
        notify_about_letter(
            letter=letter,
            users=users_answering_for(followup),
            kind=Kind.DISPOSITION,
            title=title % {"official": followup.assignee, "number": letter_label(letter)},
            body=body,
            url=reverse("tindak-lanjut:index"),
            key=f"followup:{followup.pk}:assigned",
            actor=actor,
        )


def attendees_and_staff(letter: Letter, officials: Sequence[Official]) -> QuerySet[Any]:
    return User.objects.filter(
        Q(official__in=officials) | Q(leader_staff_links__leader__in=officials), is_active=True
    ).distinct()
