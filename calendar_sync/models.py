"""The one calendar: leaders' agenda items (one official, one stretch of time, one place) and
departments' own events; the items' copies elsewhere."""

import secrets
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from organization.models import Department, Official
from organization.zones import LocalTimeMixin, TimeZoneChoice


def _new_uid() -> str:
    return f"{uuid.uuid4().hex}@lontar"


class CalendarEntry(LocalTimeMixin, models.Model):
    """What every entry of the one calendar has: a title, one stretch of time in the zone of
    its venue, a place, a status and who may see it. A leader's agenda item and a
    department's own event are both entries; the venue check counts both."""

    class Status(models.TextChoices):
        TENTATIVE = "tentative", _("Sementara")
        CONFIRMED = "confirmed", _("Pasti")
        CANCELLED = "cancelled", _("Batal")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Publik")
        INTERNAL = "internal", _("Internal")
        CONFIDENTIAL = "confidential", _("Rahasia")

    title = models.CharField(_("acara"), max_length=300)
    description = models.TextField(_("keterangan"), blank=True)
    # RFC 5545: a UID that never changes and a SEQUENCE that grows with every change that
    # a calendar client must see (time, place, status).
    uid = models.CharField(max_length=100, unique=True, default=_new_uid, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    start = models.DateTimeField(_("mulai"))
    # Null end means "s.d. selesai" (open end); clash checks count a default duration.
    end = models.DateTimeField(_("selesai"), null=True, blank=True)
    time_zone = models.CharField(
        _("zona waktu acara"), max_length=40, choices=TimeZoneChoice, default=TimeZoneChoice.WITA
    )
    venue = models.CharField(_("tempat"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.TENTATIVE)
    visibility = models.CharField(
        _("visibilitas"), max_length=12, choices=Visibility, default=Visibility.INTERNAL
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def effective_end(self, open_end_default: timedelta) -> datetime:
        return self.end or self.start + open_end_default

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class AgendaItem(CalendarEntry):
    class Kind(models.TextChoices):
        EVENT = "event", _("Acara (undangan)")
        MEETING = "meeting", _("Rapat internal")
        TRAVEL = "travel", _("Perjalanan dinas")
        LEAVE = "leave", _("Cuti / tidak di tempat")

    official = models.ForeignKey(
        Official, on_delete=models.PROTECT, related_name="agenda_items", verbose_name=_("pejabat")
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind, default=Kind.EVENT)
    outside_region = models.BooleanField(_("luar daerah"), default=False)
    role_note = models.CharField(
        _("peran"), max_length=200, blank=True, help_text=_("Mis. hadir, mewakili Wali Kota")
    )
    # Where the item came from, e.g. "letter:42"; calendar_sync knows nothing of letters.
    source = models.CharField(_("sumber"), max_length=60, blank=True, db_index=True)
    clash_override_reason = models.TextField(_("alasan mengabaikan bentrok"), blank=True)

    class Meta:
        ordering = ["start", "pk"]
        indexes = [
            models.Index(fields=["official", "start"]),
            # Every official's items in a time window: a double-booked venue, a day's page.
            models.Index(fields=["start"]),
        ]
        verbose_name = _("agenda")
        verbose_name_plural = _("agenda")
        permissions = [
            ("view_confidential_agenda", _("Dapat membaca agenda rahasia semua pejabat")),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.official.title})"

    @property
    def holder(self) -> str:
        """Whose entry it is, as a venue warning names it."""
        return self.official.title


class EntryChange(models.Model):
    """A change made by hand to a calendar entry: who, when, what, and why."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=10)  # choices: each kind's Action
    note = models.TextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.at:%Y-%m-%d %H:%M}"


class AgendaItemChange(EntryChange):
    class Action(models.TextChoices):
        UPDATE = "update", _("Diubah")
        CONFIRM = "confirm", _("Dipastikan")
        CANCEL = "cancel", _("Dibatalkan")

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="changes")
    action = models.CharField(max_length=10, choices=Action)

    class Meta(EntryChange.Meta):
        verbose_name = _("perubahan agenda")
        verbose_name_plural = _("perubahan agenda")


class DepartmentEvent(CalendarEntry):
    """A department's own cross-unit event (Kalender Kegiatan OPD): a coordination
    meeting, a training, a launch. It holds no official's agenda; it takes a venue and the
    time of the people it invites, so the venue check and the public agenda count it."""

    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="calendar_events",
        verbose_name=_("perangkat daerah"),
    )
    organiser = models.CharField(
        _("penyelenggara"), max_length=200, blank=True, help_text=_("Mis. Bidang P2P, panitia")
    )
    speakers = models.TextField(
        _("narasumber"), blank=True, help_text=_("Satu nama per baris, dengan jabatannya.")
    )
    audience = models.CharField(
        _("peserta"), max_length=300, blank=True, help_text=_("Mis. kepala puskesmas se-kota")
    )
    venue_override_reason = models.TextField(_("alasan tetap memakai tempat"), blank=True)

    class Meta:
        ordering = ["start", "pk"]
        indexes = [
            models.Index(fields=["department", "start"]),
            models.Index(fields=["start"], name="department_event_start"),
        ]
        verbose_name = _("kegiatan perangkat daerah")
        verbose_name_plural = _("kegiatan perangkat daerah")

    def __str__(self) -> str:
        return f"{self.title} ({self.department})"

    @property
    def holder(self) -> str:
        return self.department.name

    @property
    def speaker_list(self) -> list[str]:
        return [line.strip() for line in self.speakers.splitlines() if line.strip()]


class DepartmentEventChange(EntryChange):
    class Action(models.TextChoices):
        CREATE = "create", _("Dicatat")
        UPDATE = "update", _("Diubah")
        CANCEL = "cancel", _("Dibatalkan")

    event = models.ForeignKey(DepartmentEvent, on_delete=models.CASCADE, related_name="changes")
    action = models.CharField(max_length=10, choices=Action)

    class Meta(EntryChange.Meta):
        verbose_name = _("perubahan kegiatan perangkat daerah")
        verbose_name_plural = _("perubahan kegiatan perangkat daerah")


class FeedToken(models.Model):
    """A secret address for one official's private calendar feed; revoking it ends access."""

    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="feed_tokens")
    token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe)
    label = models.CharField(_("untuk"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("tautan kalender pribadi")
        verbose_name_plural = _("tautan kalender pribadi")

    def __str__(self) -> str:
        return f"{self.official.title} ({self.label or self.pk})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class CalDAVAccount(models.Model):
    """Where one official's agenda is pushed (Nextcloud, Radicale, ...)."""

    class SyncState(models.TextChoices):
        OK = "ok", _("Tersinkron")
        PENDING = "pending", _("Menunggu")
        ERROR = "error", _("Gagal")

    official = models.OneToOneField(
        Official, on_delete=models.CASCADE, related_name="caldav_account"
    )
    calendar_url = models.URLField(_("alamat kalender CalDAV"), max_length=500)
    username = models.CharField(_("nama pengguna"), max_length=150, blank=True)
    # Stored as given: the server's app password, which the official can revoke there.
    password = models.CharField(_("kata sandi aplikasi"), max_length=200, blank=True)
    enabled = models.BooleanField(_("aktif"), default=True)
    read_busy_times = models.BooleanField(_("baca waktu sibuk dari kalender ini"), default=True)
    sync_state = models.CharField(max_length=10, choices=SyncState, default=SyncState.PENDING)
    last_synced_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    # Backoff of the whole calendar while its server is down: the sweep leaves it alone
    # until then (each copy keeps its own count too).
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("akun CalDAV")
        verbose_name_plural = _("akun CalDAV")

    def __str__(self) -> str:
        return f"{self.official.title} → {self.calendar_url}"


class CalDAVCopy(models.Model):
    """One agenda item as pushed to one CalDAV calendar: what was sent, and how it went."""

    account = models.ForeignKey(CalDAVAccount, on_delete=models.CASCADE, related_name="copies")
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="caldav_copies")
    href = models.CharField(max_length=500, blank=True)
    etag = models.CharField(max_length=200, blank=True)
    pushed_sequence = models.IntegerField(default=-1)
    deleted = models.BooleanField(default=False)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["account", "item"], name="one_copy_per_calendar")
        ]

    def __str__(self) -> str:
        return f"{self.item_id} → {self.account_id} (seq {self.pushed_sequence})"


class ExternalBusy(models.Model):
    """A busy stretch read back from an official's own calendar; counted by clash checks."""

    account = models.ForeignKey(CalDAVAccount, on_delete=models.CASCADE, related_name="busy")
    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="+")
    external_uid = models.CharField(max_length=300)
    summary = models.CharField(max_length=300, blank=True)
    start = models.DateTimeField()
    end = models.DateTimeField()
    fetched_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["official", "start"])]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "external_uid", "start"], name="unique_external_busy"
            )
        ]

    def __str__(self) -> str:
        return f"{self.official_id} busy {self.start:%Y-%m-%d %H:%M}"


class InvitationMail(models.Model):
    """An iTIP invitation (REQUEST or CANCEL) sent to an attending official."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="invitations")
    recipient = models.EmailField()
    method = models.CharField(max_length=10)  # REQUEST or CANCEL
    sequence = models.PositiveIntegerField()
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["item", "recipient", "method", "sequence"], name="one_mail_per_change"
            )
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.item_id} seq {self.sequence} → {self.recipient}"
