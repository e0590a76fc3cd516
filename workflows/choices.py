"""The words of a letter's record: its states, security and urgency classes, the
disposition's outcomes and the instructions of a *lembar disposisi*."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LetterState(models.TextChoices):
    RECEIVED = "received", _("Diterima")
    RETURNED = "returned", _("Dikembalikan untuk perbaikan")
    REVIEWED = "reviewed", _("Ditelaah")
    REJECTED = "rejected", _("Ditolak (bukan untuk pimpinan)")
    DISPOSED = "disposed", _("Didisposisi")
    DECLINED = "declined", _("Tidak hadir")
    SCHEDULED = "scheduled", _("Terjadwal")
    CANCELLED = "cancelled", _("Dibatalkan pengirim")
    ARCHIVED = "archived", _("Diarsipkan")


OPEN_STATES = [
    LetterState.RECEIVED,
    LetterState.RETURNED,
    LetterState.REVIEWED,
    LetterState.DISPOSED,
    LetterState.SCHEDULED,
]


class Channel(models.TextChoices):
    """How the letter arrived."""

    MAILROOM = "mailroom", _("Diantar / surel ke persuratan")
    DEPARTMENT = "department", _("Permohonan daring OPD")
    PUBLIC = "public", _("Permohonan daring masyarakat")


class SecurityClass(models.TextChoices):
    BIASA = "biasa", _("Biasa")
    TERBATAS = "terbatas", _("Terbatas")
    RAHASIA = "rahasia", _("Rahasia")
    SANGAT_RAHASIA = "sangat_rahasia", _("Sangat Rahasia")


class Urgency(models.TextChoices):
    BIASA = "biasa", _("Biasa")
    SEGERA = "segera", _("Segera")
    SANGAT_SEGERA = "sangat_segera", _("Sangat Segera")


class Outcome(models.TextChoices):
    ATTEND = "attend", _("Hadir")
    REPRESENT = "represent", _("Diwakilkan")
    DECLINE = "decline", _("Tidak hadir")
    FILE = "file", _("Arsip / untuk diketahui")


ATTENDING_OUTCOMES = (Outcome.ATTEND, Outcome.REPRESENT)


class Instruction(models.TextChoices):
    """The tick boxes of "Dengan hormat harap" on a lembar disposisi."""

    UNTUK_DIKETAHUI = "diketahui", _("Untuk diketahui")
    DILAKSANAKAN = "dilaksanakan", _("Untuk dilaksanakan")
    DITINDAKLANJUTI = "ditindaklanjuti", _("Untuk ditindaklanjuti")
    KOORDINASIKAN = "koordinasikan", _("Koordinasikan")
    SIAPKAN_SAMBUTAN = "sambutan", _("Siapkan sambutan/bahan")
    HADIR = "hadir", _("Hadir")
    WAKILI = "wakili", _("Wakili")
    JADWALKAN = "jadwalkan", _("Jadwalkan")
    ARSIP = "arsip", _("Arsip")
