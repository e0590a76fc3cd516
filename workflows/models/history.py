"""A letter's decisions and history: the dispositions with their recipients, and one line
per thing done to the letter (who, on behalf of whom, when, from -> to, why)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from organization.models import Official
from workflows.choices import Instruction, LetterState, Outcome
from workflows.models.letter import Letter


class Disposition(models.Model):
    """A leader's decision on a letter, possibly recorded by their staff on their behalf."""

    letter = models.ForeignKey(Letter, on_delete=models.PROTECT, related_name="dispositions")
    leader = models.ForeignKey(
        Official, on_delete=models.PROTECT, related_name="+", verbose_name=_("pimpinan")
    )
    outcome = models.CharField(_("keputusan"), max_length=12, choices=Outcome)
    note = models.TextField(_("catatan / disposisi"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    on_behalf = models.BooleanField(_("atas nama pimpinan"), default=False)
    decided_at = models.DateTimeField(_("tanggal"), auto_now_add=True)

    class Meta:
        ordering = ["decided_at", "pk"]
        verbose_name = _("disposisi")
        verbose_name_plural = _("disposisi")

    def __str__(self) -> str:
        return f"{self.letter.agenda_number}: {self.get_outcome_display()}"


class DispositionRecipient(models.Model):
    """One line of "Diteruskan kepada": who goes, with which instructions, by when."""

    disposition = models.ForeignKey(
        Disposition, on_delete=models.CASCADE, related_name="recipients"
    )
    official = models.ForeignKey(Official, on_delete=models.PROTECT, related_name="+")
    instructions = models.JSONField(_("dengan hormat harap"), default=list, blank=True)
    note = models.CharField(_("catatan"), max_length=500, blank=True)
    due_date = models.DateField(_("batas waktu"), null=True, blank=True)
    attends = models.BooleanField(_("menghadiri acara"), default=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.official} ({', '.join(self.instructions)})"

    def instruction_labels(self) -> list[str]:
        labels = dict(Instruction.choices)
        return [str(labels.get(code, code)) for code in self.instructions]


class LetterEvent(models.Model):
    """One line of a letter's history: who, on behalf of whom, when, from -> to, why."""

    letter = models.ForeignKey(Letter, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("tindakan"), max_length=40)
    from_state = models.CharField(_("dari"), max_length=20, choices=LetterState, blank=True)
    to_state = models.CharField(_("ke"), max_length=20, choices=LetterState, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    on_behalf_of = models.ForeignKey(
        Official, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("catatan"), blank=True)
    at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("riwayat")
        verbose_name_plural = _("riwayat")
        # The archive search finds letters that passed through a state (rejected, declined,
        # cancelled are archived at once) by their history.
        indexes = [models.Index(fields=["to_state", "letter"], name="letterevent_to_state")]

    def __str__(self) -> str:
        return f"{self.letter_id} {self.action} {self.from_state}->{self.to_state}"
