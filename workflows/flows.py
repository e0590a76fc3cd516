"""One invitation letter, from the mailroom to the archive. Reads like the diagram."""

from datetime import datetime

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock

from organization.backends import act_for_leader_permission
from workflows import services, views
from workflows.models import ATTENDING_OUTCOMES, LetterProcess, LetterState
from workflows.selectors import letters_visible_to


def _lock() -> object:
    # SQLite serialises writers itself and has no SELECT ... FOR UPDATE.
    return lock.no_lock if connection.vendor == "sqlite" else lock.select_for_update_lock


def _state_is(state: str):  # noqa: ANN202 - a gate predicate on the activation
    return lambda activation: activation.process.letter.state == state


class LetterFlow(flow.Flow):
    """Surat undangan

    Registrasi, telaah protokol, disposisi pimpinan, penjadwalan, arsip.
    """

    process_class = LetterProcess
    lock_impl = _lock()
    process_title = _("Surat undangan")
    process_description = _("Registrasi, telaah, disposisi, penjadwalan dan arsip surat undangan.")
    summary_template = "{{ process.letter.agenda_number }} {{ process.letter.subject }}"

    # Mailroom clerk
    register = (
        flow.Start(views.RegisterView.as_view())
        .Annotation(title=_("Registrasi surat"))
        .Permission("workflows.register_letter")
        .Next(this.review)
    )
    correct = (
        flow.View(views.CorrectView.as_view())
        .Annotation(title=_("Perbaiki registrasi"))
        .Permission("workflows.register_letter")
        .Assign(lambda activation: activation.process.letter.registered_by)
        .Next(this.review)
    )

    # Protocol reviewer
    review = (
        flow.View(views.ReviewView.as_view())
        .Annotation(title=_("Telaah protokol"))
        .Permission("workflows.review_letter")
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
        flow.View(views.DisposeView.as_view())
        .Annotation(title=_("Disposisi pimpinan"))
        .Permission(
            lambda activation: act_for_leader_permission(activation.process.letter.leader_id)
        )
        .OnTimeout(
            this.escalation_due, this.escalate, interrupting=False, title=_("Disposisi tertunda")
        )
        .Next(this.after_disposition)
    )
    escalate = flow.Function(this.escalate_disposition).Next(this.escalation_done)
    escalation_done = flow.End()
    after_disposition = (
        flow.If(lambda activation: activation.process.letter.outcome in ATTENDING_OUTCOMES)
        .Annotation(title=_("Ada yang hadir?"))
        .Then(this.schedule)
        .Else(this.archive)
    )

    # Protocol scheduler
    schedule = (
        flow.View(views.ScheduleView.as_view())
        .Annotation(title=_("Jadwalkan di agenda"))
        .Permission("workflows.schedule_letter")
        .Next(this.wait_for_event)
    )
    wait_for_event = (
        flow.Timer(this.archive_due).Annotation(title=_("Tunggu acara selesai")).Next(this.archive)
    )

    # System
    archive = flow.Function(this.archive_letter).Annotation(title=_("Arsipkan")).Next(this.end)
    end = flow.End()

    def has_view_permission(self, user, obj=None) -> bool:  # noqa: ANN001
        """A process's pages (task details) show its letter: only to who may see the letter."""
        if not super().has_view_permission(user, obj=obj):
            return False
        if obj is None or user.has_perm("workflows.view_all_letters"):
            return True
        return letters_visible_to(user=user).filter(process=obj).exists()

    def escalation_due(self, activation) -> datetime:  # noqa: ANN001
        return services.escalation_due_at(activation.process.letter, since=timezone.now())

    def escalate_disposition(self, activation) -> None:  # noqa: ANN001
        services.letter_escalate(letter=activation.process.letter)

    def archive_due(self, activation) -> datetime:  # noqa: ANN001
        return services.archive_due_at(activation.process.letter)

    def archive_letter(self, activation) -> None:  # noqa: ANN001
        letter = activation.process.letter
        if letter.state != LetterState.ARCHIVED:
            services.letter_archive(letter=letter)
