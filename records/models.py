"""The region's classification scheme and retention schedule (JRA). Knows nothing of
letters: a record that is classified points here and asks ``retention_for``."""

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from records.retention import Retention, retention_dates


class FinalDisposition(models.TextChoices):
    DESTROY = "destroy", _("Musnah")
    PERMANENT = "permanent", _("Permanen")
    REAPPRAISE = "reappraise", _("Dinilai kembali")


class ClassificationCode(models.Model):
    """One code of the scheme (Permendagri 83/2022 style, e.g. ``400.14.2``): what records
    under it are, how long they stay active and inactive, and what happens then."""

    code = models.CharField(_("kode klasifikasi"), max_length=30, unique=True)
    title = models.CharField(_("uraian"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("induk (seri)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    active_years = models.PositiveSmallIntegerField(_("retensi aktif (tahun)"), default=2)
    inactive_years = models.PositiveSmallIntegerField(_("retensi inaktif (tahun)"), default=3)
    final_disposition = models.CharField(
        _("keterangan akhir"),
        max_length=12,
        choices=FinalDisposition,
        default=FinalDisposition.DESTROY,
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        permissions = [
            ("manage_records", "Can manage the classification scheme, holds and disposal"),
            ("export_records", "Can export records (dossiers, exports for other systems)"),
        ]
        verbose_name = _("kode klasifikasi arsip")
        verbose_name_plural = _("kode klasifikasi arsip")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def retention_for(self, archived_on: date) -> Retention:
        return retention_dates(
            archived_on=archived_on,
            active_years=self.active_years,
            inactive_years=self.inactive_years,
            final_disposition=self.final_disposition,
        )
