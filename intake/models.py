"""An online request and the letter it became; the counters of the public forms' limits."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from organization.models import Department
from workflows.models import Channel, Letter


class OnlineRequest(models.Model):
    """Who asked, how to reach them, the tracking code they follow the request by, and the
    answer the protocol office sent them. The request's event and letter are the Letter's.
    """

    letter = models.OneToOneField(
        Letter, on_delete=models.PROTECT, related_name="online_request", verbose_name=_("surat")
    )
    channel = models.CharField(
        _("diterima melalui"),
        max_length=12,
        choices=[c for c in Channel.choices if c[0] != Channel.MAILROOM],
    )
    # A department's request: its department and the officer who sent it.
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("OPD")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organisation = models.CharField(_("instansi / organisasi"), max_length=200)
    contact_person = models.CharField(_("narahubung"), max_length=120)
    phone = models.CharField(_("nomor telepon"), max_length=30)
    email = models.EmailField(_("surel"))
    tracking_code = models.CharField(_("kode pelacakan"), max_length=16, unique=True)
    # UU 27/2022 (personal data): when the requester agreed to the use of their contact data.
    consent_at = models.DateTimeField(_("persetujuan data pribadi"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("dikirim"), auto_now_add=True)
    answer = models.TextField(_("jawaban"), blank=True)
    answered_at = models.DateTimeField(_("dijawab"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("permohonan daring")
        verbose_name_plural = _("permohonan daring")

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.organisation}"


class ThrottleCount(models.Model):
    """Attempts of one address (an IP, an e-mail) at one public form in one slice of the
    limit's window (intake.throttle). The key is a hash: the table keeps no address."""

    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key", "window_start"], name="throttle_once")
        ]
        indexes = [models.Index(fields=["window_start"])]

    def __str__(self) -> str:
        return f"{self.scope} {self.window_start:%Y-%m-%d %H:%M}: {self.count}"
