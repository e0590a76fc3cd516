"""The forms of online requests. Times are typed in the event's own zone."""

import re
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from calendar_sync.forms import LocalDateTimeField
from documents.services import document_validate
from organization.models import Region
from organization.zones import TimeZoneChoice
from workflows.forms import RegisterForm

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def single_line(value: str) -> None:
    """A line break in a name or a title would start a fake line in every text made from it
    (e-mails, WhatsApp messages)."""
    if _CONTROL.search(value or ""):
        raise ValidationError(_("Tulis dalam satu baris, tanpa ganti baris."), code="control")


def _line(label: str, max_length: int, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=max_length, validators=[single_line], strip=True, **kwargs
    )


class DepartmentRequestForm(RegisterForm):
    """A department officer's request: the registration form without what the mailroom
    decides (its department is the officer's, the received date is today, the archive
    classification is the mailroom's or the reviewer's)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("sender_department", "received_date", "classification"):
            self.fields.pop(name)
        self.fields["scans"].label = _("Surat permohonan / undangan dan lampirannya")


class PublicRequestForm(forms.Form):
    """A request for the leader's attendance from outside the government."""

    organisation = _line(_("Instansi / organisasi"), 200)
    contact_person = _line(_("Nama narahubung"), 120)
    phone = forms.RegexField(
        label=_("Nomor telepon / WhatsApp"),
        regex=r"^\+?[0-9][0-9 \-]{6,20}$",
        max_length=30,
        error_messages={"invalid": _("Tulis nomor telepon dengan angka, mis. 0812 3456 7890.")},
    )
    email = forms.EmailField(label=_("Surel"), max_length=254)
    event_title = _line(_("Nama acara"), 300)
    local_start = LocalDateTimeField(label=_("Mulai (waktu setempat)"))
    local_end = LocalDateTimeField(
        label=_("Selesai (waktu setempat)"),
        required=False,
        help_text=_("Kosongkan bila s.d. selesai."),
    )
    event_time_zone = forms.ChoiceField(label=_("Zona waktu"), choices=TimeZoneChoice.choices)
    venue = _line(_("Tempat"), 300)
    letter_number = _line(_("Nomor surat (bila ada)"), 120, required=False)
    letter = forms.FileField(
        label=_("Surat permohonan"),
        help_text=_("PDF, JPEG atau PNG, ditandatangani pimpinan instansi Anda."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    consent = forms.BooleanField(
        label=_(
            "Saya setuju nama, nomor telepon dan surel di atas dipakai hanya untuk menindaklanjuti "
            "permohonan ini (UU No. 27 Tahun 2022 tentang Pelindungan Data Pribadi)."
        )
    )
    # Left empty by people; filled by bots that fill every field. Hidden by the page's CSS.
    website = forms.CharField(label=_("Jangan diisi"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("event_time_zone", Region.current().time_zone)

    def clean_letter(self) -> Any:
        upload = self.cleaned_data["letter"]
        document_validate(upload=upload)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("website"):
            raise ValidationError(_("Permohonan tidak dapat diterima."), code="honeypot")
        zone_name, start = data.get("event_time_zone"), data.get("local_start")
        if zone_name and start:
            zone = ZoneInfo(zone_name)
            data["event_start"] = start.replace(tzinfo=zone)
            end = data.get("local_end")
            data["event_end"] = end.replace(tzinfo=zone) if end else None
            if data["event_end"] and data["event_end"] <= data["event_start"]:
                self.add_error("local_end", _("Waktu selesai harus setelah waktu mulai."))
        return data

    def is_bot(self) -> bool:
        return any(error.code == "honeypot" for error in self.non_field_errors().as_data())

    def letter_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        names = ("event_title", "event_start", "event_end", "event_time_zone", "venue")
        return {
            **{name: data[name] for name in names},
            "letter_number": data.get("letter_number") or "",
        }


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Jawaban kepada pemohon"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=4000,
        help_text=_("Dikirim ke surel pemohon dan tampil pada halaman status permohonan."),
    )


class StatusLookupForm(forms.Form):
    code = forms.CharField(label=_("Kode pelacakan"), max_length=40)
