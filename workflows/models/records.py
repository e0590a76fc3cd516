"""A letter as a record: its legal holds and the decisions (*berita acara pemusnahan*)
under which archived letters' originals were destroyed. The classification and retention
fields are on the letter itself (``workflows.models.letter``); the scheme is ``records``."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from documents.models import Document
from workflows.models.letter import Letter


class LegalHold(models.Model):
    """A hold on a letter (a case, an inquiry): while it is not released, the letter
    cannot be disposed of."""

    letter = models.ForeignKey(Letter, on_delete=models.PROTECT, related_name="legal_holds")
    reason = models.TextField(_("alasan"))
    case_reference = models.CharField(_("nomor perkara / rujukan"), max_length=200)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField(_("ditetapkan"), auto_now_add=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    released_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    release_reason = models.TextField(_("alasan pencabutan"), blank=True)

    class Meta:
        ordering = ["-placed_at", "-pk"]
        verbose_name = _("penahanan arsip (legal hold)")
        verbose_name_plural = _("penahanan arsip (legal hold)")

    def __str__(self) -> str:
        return f"{self.letter_id}: {self.case_reference}"

    @property
    def is_active(self) -> bool:
        return self.released_at is None


class DisposalDecision(models.Model):
    """A *berita acara pemusnahan*: who approved destroying which letters' originals,
    when and why. The letters keep their rows and history; ``DisposedOriginal`` keeps
    what each destroyed file was."""

    number = models.CharField(_("nomor berita acara"), max_length=120, unique=True)
    decided_on = models.DateField(_("tanggal"))
    approved_by = models.CharField(
        _("disetujui oleh"), max_length=200, help_text=_("Nama dan jabatan pejabat yang menyetujui")
    )
    reason = models.TextField(_("dasar / alasan"))
    letters = models.ManyToManyField(Letter, related_name="+", verbose_name=_("surat"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("berita acara pemusnahan")
        verbose_name_plural = _("berita acara pemusnahan")

    def __str__(self) -> str:
        return self.number


class DisposedOriginal(models.Model):
    """One destroyed file as it was: the evidence that it existed and what it was."""

    decision = models.ForeignKey(
        DisposalDecision, on_delete=models.PROTECT, related_name="originals"
    )
    letter = models.ForeignKey(Letter, on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="+")
    original_name = models.CharField(_("nama berkas"), max_length=255)
    size = models.PositiveBigIntegerField(_("ukuran (bita)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        ordering = ["letter_id", "document_id"]
        constraints = [
            models.UniqueConstraint(fields=["document"], name="unique_disposed_document"),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} {self.sha256}"
