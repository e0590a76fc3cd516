"""The region, its departments, its officials and the staff who act for leaders."""

from datetime import timedelta
from time import monotonic
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Also imported from here by existing callers (they lived here before organization.zones).
from organization.zones import TimeZoneChoice, zone_word


class Role(models.TextChoices):
    """The roles of DOMAIN.md. Each is a Django group of the same name."""

    MAILROOM_CLERK = "mailroom_clerk", _("Petugas persuratan")
    PROTOCOL_REVIEWER = "protocol_reviewer", _("Kabag Protokol (peninjau)")
    LEADER = "leader", _("Pimpinan")
    LEADER_STAFF = "leader_staff", _("Ajudan / sespri")
    PROTOCOL_SCHEDULER = "protocol_scheduler", _("Staf protokol (penjadwal)")
    DEPARTMENT_OFFICER = "department_officer", _("Operator OPD")
    AUDITOR = "auditor", _("Auditor")
    ADMINISTRATOR = "administrator", _("Administrator")


class Region(models.Model):
    """The Pemda this install serves. One row; ``Region.current()`` reads it."""

    class HeadTitle(models.TextChoices):
        BUPATI = "Bupati", "Bupati"
        WALI_KOTA = "Wali Kota", "Wali Kota"

    name = models.CharField(_("nama daerah"), max_length=120, default="Kota Palu")
    short_name = models.CharField(_("nama singkat"), max_length=60, default="Palu")
    head_title = models.CharField(
        _("sebutan kepala daerah"), max_length=20, choices=HeadTitle, default=HeadTitle.WALI_KOTA
    )
    time_zone = models.CharField(
        _("zona waktu"), max_length=40, choices=TimeZoneChoice, default=TimeZoneChoice.WITA
    )
    agenda_number_format = models.CharField(
        _("format nomor agenda"),
        max_length=60,
        default="{number:04d}/UND/{year}",
        help_text=_("Kolom: {number}, {year}. Contoh: {number:04d}/UND/{year} → 0142/UND/2026"),
    )
    archive_after_event_hours = models.PositiveIntegerField(
        _("arsipkan setelah acara (jam)"), default=24
    )
    disposition_reminder_hours = models.PositiveIntegerField(
        _("eskalasi disposisi tertunda setelah (jam)"), default=24
    )
    disposition_event_close_hours = models.PositiveIntegerField(
        _("eskalasi bila acara kurang dari (jam)"), default=48
    )
    travel_buffer_minutes = models.PositiveIntegerField(
        _("jeda perjalanan antar lokasi (menit)"), default=30
    )
    open_end_default_minutes = models.PositiveIntegerField(
        _("durasi anggapan untuk acara s.d. selesai (menit)"), default=120
    )
    material_lead_hours = models.PositiveIntegerField(
        _("sambutan/bahan siap sebelum acara (jam)"), default=24
    )
    # The letterhead of what the region prints (the reports' PDF).
    logo = models.ImageField(
        _("lambang daerah"),
        upload_to="daerah/",
        blank=True,
        help_text=_("PNG atau JPEG, untuk kop laporan"),
    )

    class Meta:
        verbose_name = _("pengaturan daerah")
        verbose_name_plural = _("pengaturan daerah")

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def zone_word(self) -> str:
        return zone_word(self.time_zone)

    @property
    def head(self) -> str:
        """The regional head as letters address them: "Wali Kota Palu", "Bupati Klungkung"."""
        return f"{self.head_title} {self.short_name}"

    @property
    def open_end_default(self) -> timedelta:
        """How long an event without an end ("s.d. selesai") counts: in clash checks, on
        the pages and in the calendars."""
        return timedelta(minutes=self.open_end_default_minutes)

    def format_agenda_number(self, *, number: int, year: int) -> str:
        return self.agenda_number_format.format(number=number, year=year)

    @classmethod
    def current(cls) -> "Region":
        """The region row (an unsaved default while there is none), read at most once a
        minute per process, like ``Site.objects.get_current()`` but not forever: saving or
        deleting a Region clears this process's copy at once (receivers in
        organization/apps.py), and another process (a second web worker, the task worker)
        sees the change within ``REGION_CACHE_SECONDS``. ``QuerySet.update()`` and
        ``bulk_create()`` send no signals: call ``Region.clear_current()`` after them."""
        cached = _current_region.get("region")
        if cached is None or monotonic() - cached[1] > REGION_CACHE_SECONDS:
            region = cls.objects.order_by("pk").first() or cls()
            cached = _current_region["region"] = (region, monotonic())
        return cached[0]

    @classmethod
    def clear_current(cls) -> None:
        _current_region.clear()


REGION_CACHE_SECONDS = 60
_current_region: dict[str, tuple[Region, float]] = {}


class Department(models.Model):
    class Kind(models.TextChoices):
        SECRETARIAT = "setda", _("Sekretariat Daerah")
        OFFICE = "dinas", _("Dinas")
        AGENCY = "badan", _("Badan")
        DISTRICT = "kecamatan", _("Kecamatan")
        OTHER = "lain", _("Lainnya")

    name = models.CharField(_("nama"), max_length=160, unique=True)
    short_name = models.CharField(_("singkatan"), max_length=40, blank=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind, default=Kind.OFFICE)

    class Meta:
        ordering = ["name"]
        verbose_name = _("perangkat daerah (OPD)")
        verbose_name_plural = _("perangkat daerah (OPD)")

    def __str__(self) -> str:
        return self.short_name or self.name


class Official(models.Model):
    """A person who can appear on an agenda: a leader, a department head, a Camat."""

    class Position(models.TextChoices):
        REGIONAL_HEAD = "head", _("Kepala daerah")
        DEPUTY = "deputy", _("Wakil kepala daerah")
        SECRETARY = "sekda", _("Sekretaris Daerah")
        ASSISTANT = "asisten", _("Asisten")
        DEPARTMENT_HEAD = "dept_head", _("Kepala OPD")
        CAMAT = "camat", _("Camat")
        OTHER = "other", _("Pejabat lain")

    LEADER_POSITIONS = (Position.REGIONAL_HEAD, Position.DEPUTY, Position.SECRETARY)

    name = models.CharField(_("nama"), max_length=160)
    position = models.CharField(_("jabatan"), max_length=20, choices=Position)
    title = models.CharField(
        _("sebutan jabatan"),
        max_length=160,
        help_text=_("Mis. Wali Kota Palu, Kepala Dinas Kesehatan"),
    )
    department = models.ForeignKey(
        Department, verbose_name=_("OPD"), null=True, blank=True, on_delete=models.PROTECT
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="official",
    )
    email = models.EmailField(_("surel"), blank=True)
    rank = models.PositiveSmallIntegerField(
        _("urutan"), default=100, help_text=_("Urutan protokoler; kecil = lebih tinggi")
    )
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["rank", "name"]
        verbose_name = _("pejabat")
        verbose_name_plural = _("pejabat")

    def __str__(self) -> str:
        return f"{self.title} ({self.name})"

    @property
    def is_leader(self) -> bool:
        return self.position in self.LEADER_POSITIONS


class LeaderStaff(models.Model):
    """An ajudan or sespri who may act on behalf of one leader."""

    class Kind(models.TextChoices):
        ADC = "ajudan", _("Ajudan")
        PRIVATE_SECRETARY = "sespri", _("Sekretaris pribadi")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="leader_staff_links"
    )
    leader = models.ForeignKey(
        Official, on_delete=models.CASCADE, related_name="staff_links", verbose_name=_("pimpinan")
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "leader"], name="unique_staff_per_leader")
        ]
        verbose_name = _("ajudan / sespri")
        verbose_name_plural = _("ajudan / sespri")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.user} → {self.leader.title}"


class SecondFactorEvent(models.Model):
    """A change to someone's second factor: who it was for, who did it, when and why.

    Verifying a code changes no record here (the device keeps its last use and its
    throttle count); enrolling, renewing recovery codes, switching off, an
    administrator's reset, and adding or removing a passkey (its name in ``reason``) do."""

    class Action(models.TextChoices):
        ENROLL = "enroll", _("Mendaftarkan aplikasi autentikator")
        RECOVERY_CODES = "recovery_codes", _("Membuat kode pemulihan baru")
        DISABLE = "disable", _("Mematikan verifikasi dua langkah")
        RESET = "reset", _("Mengatur ulang perangkat (administrator)")
        PASSKEY_ADD = "passkey_add", _("Mendaftarkan kunci sandi")
        PASSKEY_REMOVE = "passkey_remove", _("Menghapus kunci sandi")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="second_factor_events",
        verbose_name=_("pengguna"),
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("oleh"),
    )
    action = models.CharField(_("tindakan"), max_length=20, choices=Action)
    reason = models.CharField(_("alasan"), max_length=300, blank=True)
    at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("perubahan verifikasi dua langkah")
        verbose_name_plural = _("perubahan verifikasi dua langkah")

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.user} ({self.at:%Y-%m-%d %H:%M} UTC)"
