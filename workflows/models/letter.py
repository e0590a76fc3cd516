"""The invitation letter and its lifecycle.

The lifecycle is a django-fsm field: transitions only set fields and are called only from
``workflows.services``, which checks their permissions, saves and records history.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from viewflow.workflow.models import Process

from documents.models import Document
from organization.backends import leader_ids_for_user
from organization.models import Department, Official, Role, TimeZoneChoice
from organization.roles import has_role
from organization.zones import LocalTimeMixin
from records.models import ClassificationCode, FinalDisposition
from workflows.choices import (
    ATTENDING_OUTCOMES,
    OPEN_STATES,
    Channel,
    LetterState,
    Outcome,
    SecurityClass,
    Urgency,
)


# Transition permissions: (letter, user) -> bool. The services' apply_transition checks
# the permission alone before calling the transition, so an unmet condition is reported
# as such.
def _is_reviewer(letter: "Letter", user: Any) -> bool:
    return has_role(user, Role.PROTOCOL_REVIEWER)


def _is_clerk(letter: "Letter", user: Any) -> bool:
    return has_role(user, Role.MAILROOM_CLERK)


def _acts_for_leader(letter: "Letter", user: Any) -> bool:
    return letter.leader_id is not None and letter.leader_id in leader_ids_for_user(user)


def _is_scheduler(letter: "Letter", user: Any) -> bool:
    return has_role(user, Role.PROTOCOL_SCHEDULER)


def records_sender_update(letter: "Letter", user: Any) -> bool:
    """Who may record a follow-up letter that cancels or moves the event (the cancel
    transition, the postponement, the letter page's button and the form)."""
    return has_role(user, Role.MAILROOM_CLERK, Role.PROTOCOL_REVIEWER)


# Transition conditions: one-line predicates on the letter.
def _has_leader(letter: "Letter") -> bool:
    return letter.leader_id is not None


def _is_registered(letter: "Letter") -> bool:
    return letter.agenda_number is not None


def _is_unregistered(letter: "Letter") -> bool:
    return letter.agenda_number is None


def _has_attending_outcome(letter: "Letter") -> bool:
    return letter.outcome in ATTENDING_OUTCOMES


def _is_finished(letter: "Letter") -> bool:
    return letter.outcome != "" or letter.state in (LetterState.REJECTED, LetterState.CANCELLED)


# The letter's fields the mailroom fills at registration and corrects when it is returned.
LETTER_FIELDS = (
    "sender",
    "sender_department",
    "letter_number",
    "letter_date",
    "received_date",
    "security_class",
    "urgency",
    "subject",
    "addressee",
    "event_title",
    "event_start",
    "event_end",
    "event_time_zone",
    "venue",
    "outside_region",
    "dress_code",
    "contact_person",
    "classification",
)


class AgendaCounter(models.Model):
    """The last agenda number given in a year; bumped under a row lock."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Letter(LocalTimeMixin, ConcurrentTransitionMixin, models.Model):
    # Registration
    # Given by the mailroom at registration; a request sent online gets it when the
    # mailroom verifies it (until then the three are empty).
    agenda_number = models.CharField(
        _("nomor agenda"), max_length=60, unique=True, null=True, blank=True
    )
    agenda_year = models.PositiveSmallIntegerField(_("tahun agenda"), null=True, blank=True)
    agenda_sequence = models.PositiveIntegerField(_("urutan agenda"), null=True, blank=True)
    channel = models.CharField(
        _("diterima melalui"), max_length=12, choices=Channel, default=Channel.MAILROOM
    )
    received_date = models.DateField(_("diterima tanggal"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    registered_at = models.DateTimeField(_("diregistrasi"), auto_now_add=True)
    # One per registration form shown: a double click or a resent form cannot register twice.
    registration_key = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    # The letter itself
    sender = models.CharField(_("surat dari"), max_length=200)
    sender_department = models.ForeignKey(
        Department, verbose_name=_("OPD pengirim"), null=True, blank=True, on_delete=models.SET_NULL
    )
    letter_number = models.CharField(_("nomor surat"), max_length=120)
    letter_date = models.DateField(_("tanggal surat"))
    security_class = models.CharField(
        _("sifat (keamanan)"), max_length=20, choices=SecurityClass, default=SecurityClass.BIASA
    )
    urgency = models.CharField(
        _("sifat (kecepatan)"), max_length=20, choices=Urgency, default=Urgency.BIASA
    )
    subject = models.CharField(_("perihal"), max_length=300)
    addressee = models.CharField(_("kepada"), max_length=200)
    # The event
    event_title = models.CharField(_("acara"), max_length=300)
    event_start = models.DateTimeField(_("mulai"))
    event_end = models.DateTimeField(
        _("selesai"), null=True, blank=True, help_text=_("Kosong berarti s.d. selesai")
    )
    event_time_zone = models.CharField(
        _("zona waktu acara"), max_length=40, choices=TimeZoneChoice, default=TimeZoneChoice.WITA
    )
    venue = models.CharField(_("tempat"), max_length=300)
    outside_region = models.BooleanField(_("luar daerah"), default=False)
    dress_code = models.CharField(_("pakaian"), max_length=200, blank=True)
    contact_person = models.CharField(_("narahubung"), max_length=200, blank=True)
    documents = models.ManyToManyField(Document, verbose_name=_("dokumen"), related_name="letters")
    # Decisions
    leader = models.ForeignKey(
        Official,
        verbose_name=_("diteruskan kepada pimpinan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters",
    )
    outcome = models.CharField(_("hasil disposisi"), max_length=12, choices=Outcome, blank=True)
    escalated_at = models.DateTimeField(_("dieskalasi"), null=True, blank=True)
    state = FSMField(
        _("status"),
        default=LetterState.RECEIVED,
        choices=LetterState,
        protected=True,
        db_index=True,
    )
    # As a record (JRA): the code is set at registration or review (a default per channel,
    # workflows.classification); the dates and final disposition are copied from the code
    # when the letter is archived, so a later change of the scheme does not move them.
    classification = models.ForeignKey(
        ClassificationCode,
        verbose_name=_("kode klasifikasi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    retention_active_until = models.DateField(_("retensi aktif s.d."), null=True, blank=True)
    retention_inactive_until = models.DateField(_("retensi inaktif s.d."), null=True, blank=True)
    final_disposition = models.CharField(
        _("keterangan akhir"), max_length=12, choices=FinalDisposition, blank=True
    )
    disposal = models.ForeignKey(
        "workflows.DisposalDecision",
        verbose_name=_("dimusnahkan berdasarkan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disposed_letters",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-agenda_year", "-agenda_sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_year", "agenda_sequence"], name="unique_agenda_sequence"
            ),
        ]
        indexes = [
            models.Index(fields=["state", "event_start"]),
            # The reports count letters by the day they were received, per leader and per
            # department (reports.selectors).
            models.Index(fields=["received_date", "leader"], name="letter_received_leader"),
            models.Index(
                fields=["sender_department", "received_date"], name="letter_department_received"
            ),
        ]
        permissions = [
            ("register_letter", "Can register letters (mailroom)"),
            ("review_letter", "Can review letters (protocol)"),
            ("schedule_letter", "Can schedule letters (protocol)"),
            ("view_all_letters", "Can read every letter and its history"),
        ]
        verbose_name = _("surat undangan")
        verbose_name_plural = _("surat undangan")

    def __str__(self) -> str:
        return f"{self.agenda_number or _('(belum bernomor)')} {self.subject}"

    @property
    def is_registered(self) -> bool:
        """Whether the mailroom has entered it in the agenda (given it a number)."""
        return self.agenda_number is not None

    # Time, in the event's own zone: zone, zone_word, local_start/end, is_open_end,
    # is_multi_day (LocalTimeMixin).
    start_field = "event_start"
    end_field = "event_end"
    time_zone_field = "event_time_zone"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def agenda_source(self) -> str:
        return f"letter:{self.pk}"

    def agenda_event_fields(self) -> dict[str, Any]:
        """The event as an agenda item's fields: what each attendee's agenda shows."""
        return {
            "title": self.event_title,
            "start": self.event_start,
            "end": self.event_end,
            "time_zone": self.event_time_zone,
            "venue": self.venue,
            "outside_region": self.outside_region,
        }

    # Lifecycle: each transition sets only the fields of its target state.
    @transition(
        field=state,
        source=LetterState.RECEIVED,
        target=LetterState.REVIEWED,
        permission=_is_reviewer,
        conditions=[_is_registered, _has_leader],
    )
    def forward(self) -> None:
        pass

    @transition(
        field=state,
        source=LetterState.RECEIVED,
        target=LetterState.RETURNED,
        permission=_is_reviewer,
        conditions=[_is_registered],
    )
    def return_for_correction(self) -> None:
        pass

    @transition(
        field=state,
        source=LetterState.RETURNED,
        target=LetterState.RECEIVED,
        permission=_is_clerk,
    )
    def correct(self) -> None:
        pass

    @transition(
        field=state,
        source=LetterState.RECEIVED,
        target=LetterState.REJECTED,
        permission=_is_reviewer,
        conditions=[_is_registered],
    )
    def reject(self) -> None:
        pass

    @transition(
        field=state,
        source=LetterState.RECEIVED,
        target=LetterState.REJECTED,
        permission=_is_clerk,
        conditions=[_is_unregistered],
    )
    def refuse(self) -> None:
        """The mailroom refuses a request sent online (not an invitation, a duplicate)."""

    @transition(
        field=state,
        source=LetterState.REVIEWED,
        target=LetterState.DISPOSED,
        permission=_acts_for_leader,
    )
    def dispose(self, *, outcome: str) -> None:
        self.outcome = outcome

    @transition(
        field=state,
        source=LetterState.REVIEWED,
        target=LetterState.DECLINED,
        permission=_acts_for_leader,
    )
    def decline(self) -> None:
        self.outcome = Outcome.DECLINE

    @transition(
        field=state,
        source=LetterState.DISPOSED,
        target=LetterState.SCHEDULED,
        permission=_is_scheduler,
        conditions=[_has_attending_outcome],
    )
    def schedule(self) -> None:
        pass

    @transition(
        field=state,
        source=OPEN_STATES,
        target=LetterState.CANCELLED,
        permission=records_sender_update,
    )
    def cancel(self) -> None:
        pass

    @transition(
        field=state,
        source=[
            LetterState.SCHEDULED,
            LetterState.DISPOSED,
            LetterState.REJECTED,
            LetterState.DECLINED,
            LetterState.CANCELLED,
        ],
        target=LetterState.ARCHIVED,
        conditions=[_is_finished],
    )
    def archive(self) -> None:
        pass


class LetterProcess(Process):
    """The viewflow process of one letter."""

    letter = models.OneToOneField(
        Letter,
        verbose_name=_("surat"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="process",
    )

    class Meta:
        verbose_name = _("proses surat")
        verbose_name_plural = _("proses surat")
