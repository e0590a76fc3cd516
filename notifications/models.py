"""Notifications: one row per user and event, one delivery per channel.

The app knows nothing of letters or agendas: callers hand it recipients, a kind, text
already safe for those recipients, a link and an idempotency key. The unique constraints
are the idempotency: one (user, key) notification, one (notification, channel) delivery,
so a retried step or a double call never notifies or sends twice.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    TASK_NEW = "task_new", _("Tugas baru untuk saya atau peran saya")
    TASK_ASSIGNED = "task_assigned", _("Tugas ditugaskan kepada saya")
    REMINDER = "reminder", _("Pengingat dan eskalasi")
    DISPOSITION = "disposition", _("Disposisi atau terusan kepada saya")
    AGENDA_CHANGED = "agenda_changed", _("Agenda saya ditambah, diubah atau dibatalkan")
    MATERIAL_READY = "material_ready", _("Sambutan/bahan acara siap")
    REQUEST_ANSWERED = "request_answered", _("Permohonan dijawab")
    AGENDA_DIGEST = "agenda_digest", _("Agenda esok hari")


class Channel(models.TextChoices):
    IN_APP = "in_app", _("Di aplikasi")
    EMAIL = "email", _("Surel")
    WHATSAPP = "whatsapp", _("WhatsApp")
    PUSH = "push", _("Notifikasi peramban")


# Channels a user has until they say otherwise. In-app is always on; WhatsApp and push
# also need the user's opt-in (a phone number, a browser subscription).
DEFAULT_CHANNELS = {
    Channel.IN_APP: True,
    Channel.EMAIL: True,
    Channel.WHATSAPP: False,
    Channel.PUSH: False,
}


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("penerima"),
    )
    kind = models.CharField(_("jenis"), max_length=30, choices=Kind)
    title = models.CharField(_("judul"), max_length=200)
    body = models.TextField(_("isi"), blank=True)
    url = models.CharField(_("tautan"), max_length=500, blank=True)
    key = models.CharField(_("kunci peristiwa"), max_length=200)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("oleh"),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)

    class Meta:
        verbose_name = _("pemberitahuan")
        verbose_name_plural = _("pemberitahuan")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_user")
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.title


class Delivery(models.Model):
    """One notification sent (or to be sent) on one channel other than in-app."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu")
        SENT = "sent", _("Terkirim")
        FAILED = "failed", _("Gagal")

    notification = models.ForeignKey(
        Notification,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("pemberitahuan"),
    )
    channel = models.CharField(_("saluran"), max_length=20, choices=Channel)
    # The stable id a gateway sees as Idempotency-Key: the same on every retry.
    uid = models.UUIDField(_("id pengiriman"), default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PENDING)
    # Waits for the user's daily digest instead of going out alone.
    digest = models.BooleanField(_("ringkasan harian"), default=False)
    attempts = models.PositiveIntegerField(_("percobaan"), default=0)
    next_attempt_at = models.DateTimeField(_("percobaan berikutnya"), null=True, blank=True)
    last_error = models.TextField(_("galat terakhir"), blank=True)
    sent_at = models.DateTimeField(_("terkirim"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("pengiriman pemberitahuan")
        verbose_name_plural = _("pengiriman pemberitahuan")
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"], name="delivery_once_per_channel"
            )
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="delivery_due"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.notification}"


class Profile(models.Model):
    """What the user chose for their notifications beside the per-kind channels."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_profile",
        verbose_name=_("pengguna"),
    )
    phone = models.CharField(_("nomor WhatsApp"), max_length=20, blank=True)
    whatsapp_opt_in = models.BooleanField(_("bersedia menerima WhatsApp"), default=False)
    whatsapp_opt_in_at = models.DateTimeField(_("bersedia sejak"), null=True, blank=True)
    email_digest = models.BooleanField(_("surel sebagai ringkasan harian"), default=False)
    digest_sent_on = models.DateField(_("ringkasan terakhir"), null=True, blank=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("profil pemberitahuan")
        verbose_name_plural = _("profil pemberitahuan")

    def __str__(self) -> str:
        return str(self.user)


class Preference(models.Model):
    """A user's choice for one kind on one channel; no row means the default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("pengguna"),
    )
    kind = models.CharField(_("jenis"), max_length=30, choices=Kind)
    channel = models.CharField(_("saluran"), max_length=20, choices=Channel)
    enabled = models.BooleanField(_("aktif"))

    class Meta:
        verbose_name = _("pilihan pemberitahuan")
        verbose_name_plural = _("pilihan pemberitahuan")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "channel"], name="preference_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.kind} {self.channel} {self.enabled}"


class PushSubscription(models.Model):
    """One browser's Web Push subscription (the JSON of PushManager.subscribe())."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="push_subscriptions",
        verbose_name=_("pengguna"),
    )
    endpoint = models.URLField(_("alamat layanan push"), max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    user_agent = models.CharField(_("peramban"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("langganan notifikasi peramban")
        verbose_name_plural = _("langganan notifikasi peramban")

    def __str__(self) -> str:
        return f"{self.user}: {self.endpoint[:60]}"
