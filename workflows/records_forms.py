"""Forms of the records pages: legal holds, disposal decisions, exports."""

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from records.models import ClassificationCode
from records.selectors import classification_codes
from workflows.classification import default_classification
from workflows.models import Channel, Letter

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CLASSIFICATION_HELP = _("Kode klasifikasi arsip (JRA); menentukan masa retensinya.")


class ClassificationMixin:
    """The letter's archive code on the registration forms (the model's field) and the
    review form (added here; ``letter=`` names its letter): the active codes, prefilled
    with the letter's code or its channel's default."""

    def __init__(self, *args: Any, letter: Letter | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "classification" not in self.fields:
            self.fields["classification"] = forms.ModelChoiceField(
                label=_("Kode klasifikasi"),
                queryset=ClassificationCode.objects.none(),
                required=False,
            )
        classification_setup(self, letter=letter or getattr(self, "instance", None))


def classification_setup(form: forms.BaseForm, *, letter: Letter | None) -> None:
    field = form.fields["classification"]
    field.queryset = classification_codes(active_only=True)
    field.help_text = CLASSIFICATION_HELP
    code = letter.classification if letter is not None else None
    if code is None:
        code = default_classification(letter.channel if letter is not None else Channel.MAILROOM)
    if code is not None and form.initial.get("classification") is None:
        form.initial["classification"] = code.pk


class LegalHoldForm(forms.Form):
    case_reference = forms.CharField(label=_("Nomor perkara / rujukan"), max_length=200)
    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 3}))


class HoldReleaseForm(forms.Form):
    reason = forms.CharField(label=_("Alasan pencabutan"), widget=forms.Textarea(attrs={"rows": 3}))


class LetterChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Letter) -> str:
        code = obj.classification.code if obj.classification else "—"
        return f"{obj.agenda_number} · {code} · {obj.letter_number}"


class DisposalForm(forms.Form):
    number = forms.CharField(label=_("Nomor berita acara"), max_length=120)
    decided_on = forms.DateField(label=_("Tanggal"), widget=DATE_WIDGET)
    approved_by = forms.CharField(
        label=_("Disetujui oleh"),
        max_length=200,
        help_text=_("Nama dan jabatan pejabat yang menyetujui pemusnahan"),
    )
    reason = forms.CharField(
        label=_("Dasar / alasan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mis. JRA (Perkada) yang berlaku dan hasil penilaian arsip"),
    )
    letters = LetterChoiceField(
        label=_("Surat yang dimusnahkan"),
        queryset=Letter.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, letters: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if letters is not None:
            self.fields["letters"].queryset = letters


class ExportForm(forms.Form):
    FORMATS = [
        ("csv", _("CSV (tabel)")),
        ("json", _("JSON")),
        ("bag", _("BagIt (CSV, JSON dan berkas, dalam zip)")),
    ]
    date_from = forms.DateField(label=_("Diterima dari tanggal"), widget=DATE_WIDGET)
    date_to = forms.DateField(label=_("sampai tanggal"), widget=DATE_WIDGET)
    format = forms.ChoiceField(label=_("Format"), choices=FORMATS, widget=forms.RadioSelect)

    MAX_DAYS = 366

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if isinstance(start, date) and isinstance(end, date):
            if end < start:
                raise ValidationError(_("Tanggal akhir harus sesudah tanggal awal."))
            if (end - start).days > self.MAX_DAYS:
                raise ValidationError(_("Rentang paling lama satu tahun."))
        return data
