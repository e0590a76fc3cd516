"""Follow-ups of a letter. A disposition gives each official named in it (to represent
the leader, to prepare, to coordinate) one, which they (or their staff, or their
department's officer, on their behalf) accept, carry out, or pass on down the line with
instructions and a due date; each hop is a row whose ``parent`` is the hop it came from.
After the event each attending official has a report follow-up, answered with an
EventReport."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from documents.models import Document
from organization.models import Official, Role
from workflows.choices import Instruction
from workflows.models.history import Disposition
from workflows.models.letter import Letter


class FollowUp(models.Model):
    class Kind(models.TextChoices):
        DELEGATION = "delegation", _("Disposisi")
        MATERIAL = "material", _("Sambutan / bahan acara")
        REPORT = "report", _("Laporan kegiatan")

    class Status(models.TextChoices):
        OPEN = "open", _("Menunggu tanggapan")
        ACCEPTED = "accepted", _("Diterima, sedang dikerjakan")
        PASSED = "passed", _("Diteruskan")
        DONE = "done", _("Selesai")
        LAPSED = "lapsed", _("Tidak ditanggapi")

    OPEN_STATUSES = (Status.OPEN, Status.ACCEPTED)

    kind = models.CharField(_("jenis"), max_length=12, choices=Kind, default=Kind.DELEGATION)
    letter = models.ForeignKey(Letter, on_delete=models.PROTECT, related_name="followups")
    disposition = models.ForeignKey(Disposition, on_delete=models.PROTECT, related_name="followups")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="passed_to"
    )
    # For an official, or (material with no department named) for an office's role.
    official = models.ForeignKey(
        Official,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("untuk"),
    )
    role = models.CharField(_("untuk bagian"), max_length=40, choices=Role, blank=True)
    instructions = models.JSONField(_("dengan hormat harap"), default=list, blank=True)
    note = models.TextField(_("catatan dari pemberi"), blank=True)
    due_date = models.DateField(_("batas waktu"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.OPEN, db_index=True
    )
    # Who gave it (the leader's disposition, or the official who passed it on).
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    assigned_on_behalf_of = models.ForeignKey(
        Official, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    # Who answered it, for whom, and what they said.
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_on_behalf_of = models.ForeignKey(
        Official, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("ditanggapi"), null=True, blank=True)
    result = models.TextField(_("hasil / catatan"), blank=True)
    escalated_at = models.DateTimeField(_("dieskalasi"), null=True, blank=True)
    # A speech or material follow-up: the files uploaded for it (documents of the letter).
    documents = models.ManyToManyField(
        Document, blank=True, related_name="+", verbose_name=_("sambutan / bahan")
    )

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "due_date"])]
        verbose_name = _("tindak lanjut")
        verbose_name_plural = _("tindak lanjut")

    def __str__(self) -> str:
        return f"{self.letter_id} → {self.assignee} ({self.status})"

    @property
    def assignee(self) -> str:
        """Who it is for, in words: the official's title, or the office."""
        return self.official.title if self.official_id else str(self.get_role_display())

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def instruction_labels(self) -> list[str]:
        labels = dict(Instruction.choices)
        return [str(labels.get(code, code)) for code in self.instructions]


class EventReport(models.Model):
    """What happened at the event, filed by the attending official (or for them) on their
    report follow-up: material for the leader's work reports and for auditors."""

    followup = models.OneToOneField(FollowUp, on_delete=models.PROTECT, related_name="report")
    letter = models.ForeignKey(Letter, on_delete=models.PROTECT, related_name="reports")
    official = models.ForeignKey(Official, on_delete=models.PROTECT, related_name="+")
    held = models.BooleanField(_("acara terlaksana"))
    attendees = models.TextField(_("yang hadir"), blank=True)
    notes = models.TextField(_("catatan kegiatan"), blank=True)
    documents = models.ManyToManyField(
        Document, blank=True, related_name="+", verbose_name=_("foto / notulen")
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    filed_on_behalf_of = models.ForeignKey(
        Official, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    filed_at = models.DateTimeField(_("dilaporkan"), auto_now_add=True)

    class Meta:
        ordering = ["filed_at", "pk"]
        verbose_name = _("laporan kegiatan")
        verbose_name_plural = _("laporan kegiatan")

    def __str__(self) -> str:
        return f"{self.letter_id} {self.official.title}"
