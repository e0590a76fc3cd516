"""The append-only audit log: one row per audited action, each chained to the one before.

Rows are written only by ``audit.services``; the database refuses UPDATE and DELETE on them
(triggers, migration 0002). Foreign keys carry no database constraint and no cascade: a row
outlives the user, official or content type it names, and deleting those never touches it.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from audit.chain import GENESIS_HASH
from organization.models import Official


class AuditEntry(models.Model):
    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(_("waktu"), db_index=True)
    action = models.CharField(_("tindakan"), max_length=60)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pelaku"),
    )
    # The user name at the time: the account may be renamed or removed later.
    actor_label = models.CharField(_("pelaku"), max_length=150, blank=True)
    on_behalf_of = models.ForeignKey(
        Official,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("atas nama"),
    )
    on_behalf_label = models.CharField(_("atas nama"), max_length=200, blank=True)
    ip = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    object_id = models.CharField(max_length=64, blank=True)
    # Safe to show to whoever may read the log: an agenda number, "Dokumen #12", a user
    # name; never a confidential subject.
    object_label = models.CharField(_("objek"), max_length=200, blank=True)
    # What the object belongs to, as a safe label (a document's letter's agenda number):
    # the log is filtered by letter through it.
    scope = models.CharField(_("lingkup"), max_length=100, blank=True)
    before = models.JSONField(_("sebelum"), null=True, blank=True)
    after = models.JSONField(_("sesudah"), null=True, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("log audit")
        verbose_name_plural = _("log audit")
        indexes = [
            models.Index(fields=["content_type", "object_id", "id"], name="audit_object"),
            models.Index(fields=["actor_label", "id"], name="audit_actor"),
            models.Index(fields=["action", "id"], name="audit_action"),
            models.Index(fields=["scope", "id"], name="audit_scope"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_label}"


class AuditHead(models.Model):
    """One row: the last entry of the chain. Writers lock it, so the chain never forks."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    def __str__(self) -> str:
        return f"#{self.last_id} {self.last_hash[:12]}"


class AuditCheck(models.Model):
    """One run of ``verify_audit``: how far the chain was found intact, or where it broke.
    The auditor's page shows the latest."""

    at = models.DateTimeField(_("waktu"), auto_now_add=True)
    ok = models.BooleanField(_("utuh"))
    count = models.BigIntegerField(_("jumlah baris"))
    last_id = models.BigIntegerField(_("baris terakhir"))
    last_hash = models.CharField(max_length=64)
    broken_id = models.BigIntegerField(_("baris rusak"), null=True, blank=True)
    reason = models.CharField(_("sebab"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("pemeriksaan rantai audit")
        verbose_name_plural = _("pemeriksaan rantai audit")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {'ok' if self.ok else self.broken_id}"
