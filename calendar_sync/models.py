"""Agenda items: one official, one stretch of time, one place."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from organization.models import Official, TimeZoneChoice, zone_word


class AgendaItem(models.Model):
    class Status(models.TextChoices):
        TENTATIVE = "tentative", _("Sementara")
        CONFIRMED = "confirmed", _("Pasti")
        CANCELLED = "cancelled", _("Batal")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Publik")
        INTERNAL = "internal", _("Internal")
        CONFIDENTIAL = "confidential", _("Rahasia")

    official = models.ForeignKey(
        Official, on_delete=models.PROTECT, related_name="agenda_items", verbose_name=_("pejabat")
    )
    title = models.CharField(_("acara"), max_length=300)
    start = models.DateTimeField(_("mulai"))
    # Null end means "s.d. selesai" (open end); clash checks count a default duration.
    end = models.DateTimeField(_("selesai"), null=True, blank=True)
    time_zone = models.CharField(
        _("zona waktu acara"), max_length=40, choices=TimeZoneChoice, default=TimeZoneChoice.WITA
    )
    venue = models.CharField(_("tempat"), max_length=300, blank=True)
    outside_region = models.BooleanField(_("luar daerah"), default=False)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.TENTATIVE)
    visibility = models.CharField(
        _("visibilitas"), max_length=12, choices=Visibility, default=Visibility.INTERNAL
    )
    role_note = models.CharField(
        _("peran"), max_length=200, blank=True, help_text=_("Mis. hadir, mewakili Wali Kota")
    )
    # Where the item came from, e.g. "letter:42"; calendar_sync knows nothing of letters.
    source = models.CharField(_("sumber"), max_length=60, blank=True, db_index=True)
    clash_override_reason = models.TextField(_("alasan mengabaikan bentrok"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start", "pk"]
        indexes = [models.Index(fields=["official", "start"])]
        verbose_name = _("agenda")
        verbose_name_plural = _("agenda")

    def __str__(self) -> str:
        return f"{self.title} ({self.official.title})"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def zone_word(self) -> str:
        return zone_word(self.time_zone)

    @property
    def local_start(self) -> datetime:
        return self.start.astimezone(self.zone)

    @property
    def local_end(self) -> datetime | None:
        return self.end.astimezone(self.zone) if self.end else None

    def effective_end(self, open_end_default: timedelta) -> datetime:
        return self.end or self.start + open_end_default
