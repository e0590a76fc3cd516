"""One invitation letter, from the mailroom to the archive. Reads like the diagram."""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock
from viewflow.workflow.activation import Activation
from viewflow.workflow.models import Task

from organization.permissions import (
    REGISTER_LETTER,
    REVIEW_LETTER,
    SCHEDULE_LETTER,
    VIEW_ALL_LETTERS,
    act_for_leader_permission,
)
from workflows import services
from workflows.deadlines import archive_due_at, escalation_due_at
from workflows.models import ATTENDING_OUTCOMES, Letter, LetterProcess, LetterState
from workflows.selectors import letters_visible_to
from workflows.views import tasks


def _lock(flow_class: type, process_pk: int) -> Any:
    """The process lock, chosen when it is taken: SQLite serialises writers itself and has
    no SELECT ... FOR UPDATE. Chosen at each call, not when this module is imported: the
    flow may be imported (by an app's ready()) before the database in use is settled, as
    in the PostgreSQL test runs, and a lock picked then would be no lock at all."""
    impl = lock.no_lock if connection.vendor == "sqlite" else lock.select_for_update_lock
    return impl(flow_class, process_pk)


def _leader_user(activation: Activation) -> Any:
    """The leader's own login, when they have one: the dispose task lands in their inbox.
    A leader without a login leaves it in their staff's queue."""
    leader = activation.process.letter.leader
    return leader.user if leader is not None and leader.user_id else None


class LeaderTask(flow.View):
    """A task assigned to the leader that their ajudan/sespri may also execute, on the
    leader's behalf: viewflow lets only the owner execute an assigned task, so whoever
    holds the task's permission (the leader's ``act_for_leader_<id>``) may too."""

    def can_execute(self, user: Any, task: Task) -> bool:
        if super().can_execute(user, task):
            return True
        return bool(
            task.owner_id and task.owner_permission and user.has_perm(task.owner_permission)
        )


def _state_is(state: str) -> Callable[[Activation], bool]:
    """A gate predicate on the activation: the letter is in ``state``."""
    return lambda activation: activation.process.letter.state == state


class LetterFlow(flow.Flow):
    """Surat undangan

    Registrasi, telaah protokol, disposisi pimpinan, penjadwalan, arsip.
    """

    process_class = LetterProcess
    lock_impl = staticmethod(_lock)
    process_title = _("Surat undangan")
    process_description = _("Registrasi, telaah, disposisi, penjadwalan dan arsip surat undangan.")
    summary_template = (
        '{{ process.letter.agenda_number|default:"(belum bernomor)" }} {{ process.letter.subject }}'
    )

    # Mailroom clerk
    register = (
        flow.Start(tasks.RegisterView.as_view())
        .Annotation(title=_("Registrasi surat"))
        .Permission(REGISTER_LETTER)
        .Next(this.review)
    )
    correct = (
        flow.View(tasks.CorrectView.as_view())
        .Annotation(title=_("Perbaiki registrasi"))
        .Permission(REGISTER_LETTER)
        .Assign(lambda activation: activation.process.letter.registered_by)
        .onCreate(this.task_created)
        .Next(this.review)
    )

    # A letter sent online (a department's or the public's request): the mailroom checks
    # what the sender typed and enters it in the agenda, or refuses it.
    receive_online = (
        flow.StartHandle(this.start_online)
        .Annotation(title=_("Permohonan daring"))
        .Next(this.verify)
    )
    verify = (
        flow.View(tasks.VerifyView.as_view())
        .Annotation(title=_("Verifikasi permohonan daring"))
        .Permission(REGISTER_LETTER)
        .onCreate(this.task_created)
        .Next(this.after_verify)
    )
    after_verify = (
        flow.If(lambda activation: activation.process.letter.is_registered)
        .Annotation(title=_("Diregistrasi?"))
        .Then(this.review)
        .Else(this.archive)
    )

    # Protocol reviewer
    review = (
        flow.View(tasks.ReviewView.as_view())
        .Annotation(title=_("Telaah protokol"))
        .Permission(REVIEW_LETTER)
        .onCreate(this.task_created)
        .Next(this.after_review)
    )
    after_review = (
        flow.Switch()
        .Annotation(title=_("Hasil telaah"))
        .Case(this.dispose, _state_is(LetterState.REVIEWED))
        .Case(this.correct, _state_is(LetterState.RETURNED))
        .Default(this.archive)
    )

    # Leader, or their ajudan/sespri on the leader's behalf
    dispose = (
        LeaderTask(tasks.DisposeView.as_view())
        .Annotation(title=_("Disposisi pimpinan"))
        .Permission(
            lambda activation: act_for_leader_permission(activation.process.letter.leader_id)
        )
        .Assign(_leader_user)
        .OnTimeout(
            this.escalation_due, this.escalate, interrupting=False, title=_("Disposisi tertunda")
        )
        .onCreate(this.task_created)
        .Next(this.after_disposition)
    )
    escalate = (
        flow.Function(this.escalate_disposition)
        .Annotation(title=_("Eskalasi ke ajudan/sespri"))
        .Next(this.escalation_done)
    )
    escalation_done = flow.End().Annotation(title=_("Eskalasi terkirim"))
    after_disposition = (
        flow.If(lambda activation: activation.process.letter.outcome in ATTENDING_OUTCOMES)
        .Annotation(title=_("Ada yang hadir?"))
        .Then(this.schedule)
        .Else(this.archive)
    )

    # Protocol scheduler
    schedule = (
        flow.View(tasks.ScheduleView.as_view())
        .Annotation(title=_("Jadwalkan di agenda"))
        .Permission(SCHEDULE_LETTER)
        .onCreate(this.task_created)
        .Next(this.wait_for_event)
    )
    wait_for_event = (
        flow.Timer(this.archive_due).Annotation(title=_("Tunggu acara selesai")).Next(this.archive)
    )

    # System
    archive = flow.Function(this.archive_letter).Annotation(title=_("Arsipkan")).Next(this.end)
    end = flow.End().Annotation(title=_("Selesai"))

    def has_view_permission(self, user: Any, obj: Any = None) -> bool:
        """A process's pages (task details) show its letter: only to who may see the letter."""
        if not super().has_view_permission(user, obj=obj):
            return False
        if obj is None or user.has_perm(VIEW_ALL_LETTERS):
            return True
        return letters_visible_to(user=user).filter(process=obj).exists()

    # Timers: when each is due (workflows.deadlines), at creation and when the event moves.
    def escalation_due(self, activation: Activation) -> datetime:
        return escalation_due_at(activation.process.letter, since=timezone.now())

    def archive_due(self, activation: Activation) -> datetime:
        return archive_due_at(activation.process.letter)

    def timer_due(self, timer: Task, letter: Letter) -> datetime:
        """When a pending timer of ``letter``'s process is due now; the services ask this
        when a follow-up letter moves the event."""
        if timer.flow_task == self.wait_for_event:
            return archive_due_at(letter)
        return escalation_due_at(letter, since=timer.created)

    def start_online(self, activation: Activation, letter: Letter) -> LetterProcess:
        """``LetterFlow.receive_online.run(letter=...)``: the process of a letter that
        ``services.letter_receive_online`` has just received."""
        activation.process.letter = letter
        return activation.process

    # A new task tells whoever may take it, or its owner (workflows/services/notices.py).
    def task_created(self, activation: Activation) -> None:
        services.task_notify(task=activation.task)

    # System steps
    def escalate_disposition(self, activation: Activation) -> None:
        services.letter_escalate(letter=activation.process.letter)

    def archive_letter(self, activation: Activation) -> None:
        letter = activation.process.letter
        if letter.state != LetterState.ARCHIVED:
            services.letter_archive(letter=letter)
