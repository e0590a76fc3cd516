"""Forms of the letter's tasks. Times are typed in the event's own zone."""

import uuid
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from calendar_sync.forms import LocalDateTimeField
from calendar_sync.models import AgendaItem
from documents.models import Document
from documents.services import document_validate
from organization.models import Official, Region
from workflows.models import LETTER_FIELDS, Instruction, Letter, LetterState, Outcome
from workflows.records_forms import ClassificationMixin
from workflows.selectors import LetterFilters, staged_scans


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        if not files and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        cleaned = [single(item, initial) for item in files]
        errors = []
        for upload in cleaned:
            try:
                document_validate(upload=upload)
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def instructions_field() -> forms.MultipleChoiceField:
    """The tick boxes of "Dengan hormat harap". "Hadir" is the outcome itself (the leader
    attends), not a box to tick for someone else."""
    return forms.MultipleChoiceField(
        label=_("Dengan hormat harap"),
        choices=[c for c in Instruction.choices if c[0] != Instruction.HADIR],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class LetterForm(ClassificationMixin, forms.ModelForm):
    """The registration form: the letter's header and its event block."""

    local_start = LocalDateTimeField(label=_("Mulai (waktu setempat)"))
    local_end = LocalDateTimeField(
        label=_("Selesai (waktu setempat)"),
        required=False,
        help_text=_("Kosongkan bila s.d. selesai."),
    )

    class Meta:
        model = Letter
        # The event's instants are typed as local times below (local_start, local_end).
        fields = [name for name in LETTER_FIELDS if name not in ("event_start", "event_end")]
        widgets = {"letter_date": DATE_WIDGET, "received_date": DATE_WIDGET}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        letter = self.instance
        if letter.pk:
            self.initial["local_start"] = letter.local_start.replace(tzinfo=None)
            if letter.event_end:
                self.initial["local_end"] = letter.local_end.replace(tzinfo=None)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        zone_name = data.get("event_time_zone")
        if zone_name and data.get("local_start"):
            zone = ZoneInfo(zone_name)
            data["event_start"] = data["local_start"].replace(tzinfo=zone)
            end = data.get("local_end")
            data["event_end"] = end.replace(tzinfo=zone) if end else None
            if data["event_end"] and data["event_end"] <= data["event_start"]:
                self.add_error("local_end", _("Waktu selesai harus setelah waktu mulai."))
        return data

    def letter_values(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name] for name in LETTER_FIELDS if name in self.cleaned_data
        }


class RegisterForm(LetterForm):
    scans = MultipleFileField(
        label=_("Pindaian surat dan lampiran"),
        help_text=_(
            "PDF, JPEG atau PNG. Boleh lebih dari satu berkas; berkas pertama adalah suratnya. "
            "Pilih pindaian lebih dulu: isi surat dibaca dan formulir diisi otomatis."
        ),
        required=False,
    )
    # Ids of scans uploaded ahead of the form by the page's script (letter_stage_scan).
    staged_documents = forms.CharField(widget=forms.HiddenInput, required=False)
    registration_key = forms.CharField(widget=forms.HiddenInput, required=False)

    field_order = ["scans"]  # the scan first: the reader fills the rest

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        region = Region.current()
        self.initial.setdefault("registration_key", uuid.uuid4().hex)
        self.initial.setdefault("received_date", timezone.localdate(timezone=region.zone))
        self.initial.setdefault("addressee", region.head)
        self.initial.setdefault("event_time_zone", region.time_zone)

    def clean_staged_documents(self) -> list[Document]:
        raw = self.cleaned_data.get("staged_documents") or ""
        ids = list(dict.fromkeys(int(part) for part in raw.split(",") if part.strip().isdigit()))
        if not ids or self.user is None:
            return []
        found = {d.pk: d for d in staged_scans(user=self.user, ids=ids)}
        if len(found) != len(ids):
            raise ValidationError(
                _("Sebagian pindaian yang diunggah tidak ditemukan atau sudah dipakai surat lain.")
            )
        return [found[pk] for pk in ids]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        has_scan = data.get("scans") or data.get("staged_documents")
        if not has_scan and "scans" not in self.errors:
            self.add_error("scans", _("Lampirkan minimal satu hasil pindaian surat."))
        return data


class CorrectForm(LetterForm):
    scans = MultipleFileField(
        label=_("Pindaian tambahan / perbaikan"),
        required=False,
        help_text=_("Berkas lama tetap disimpan; yang baru ditambahkan sebagai versi."),
    )
    note = forms.CharField(
        label=_("Catatan perbaikan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class VerifyForm(CorrectForm):
    """The mailroom's check of a letter sent online: the sender's fields, prefilled."""

    DECISIONS = [
        ("register", _("Registrasi dan teruskan untuk ditelaah")),
        ("refuse", _("Tolak permohonan (bukan undangan, ganda)")),
    ]
    decision = forms.ChoiceField(
        label=_("Keputusan"), choices=DECISIONS, widget=forms.RadioSelect, initial="register"
    )
    field_order = ["decision"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["note"].label = _("Catatan / alasan penolakan")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == "refuse":
            # A refused request keeps what the sender typed: only the reason counts.
            for name in list(self.errors):
                if name not in ("decision", "note"):
                    del self.errors[name]
            if not (data.get("note") or "").strip():
                self.add_error("note", _("Tuliskan alasannya."))
        return data


class ReviewForm(ClassificationMixin, forms.Form):
    DECISIONS = [
        ("forward", _("Teruskan kepada pimpinan")),
        ("return", _("Kembalikan ke persuratan untuk perbaikan")),
        ("reject", _("Tolak (bukan untuk pimpinan)")),
    ]
    decision = forms.ChoiceField(
        label=_("Keputusan"), choices=DECISIONS, widget=forms.RadioSelect, initial="forward"
    )
    leader = forms.ModelChoiceField(
        label=_("Pimpinan"),
        queryset=Official.objects.filter(position__in=Official.LEADER_POSITIONS, is_active=True),
        required=False,
    )
    note = forms.CharField(
        label=_("Catatan / alasan"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == "forward" and not data.get("leader"):
            self.add_error("leader", _("Pilih pimpinan yang dituju."))
        if data.get("decision") in ("return", "reject") and not (data.get("note") or "").strip():
            self.add_error("note", _("Tuliskan alasannya."))
        return data


class DisposeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Disposisi"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    delegates = forms.ModelMultipleChoiceField(
        label=_("Diteruskan kepada / diwakili oleh"),
        queryset=Official.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    instructions = instructions_field()
    due_date = forms.DateField(label=_("Batas waktu"), required=False, widget=DATE_WIDGET)
    note = forms.CharField(
        label=_("Catatan / isi disposisi"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, leader: Official | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if leader is not None:
            self.fields["delegates"].queryset = Official.objects.filter(is_active=True).exclude(
                pk=leader.pk
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        outcome = data.get("outcome")
        if outcome == Outcome.REPRESENT and not data.get("delegates"):
            self.add_error("delegates", _("Pilih minimal satu pejabat yang mewakili."))
        if outcome == Outcome.DECLINE and not (data.get("note") or "").strip():
            self.add_error("note", _("Tuliskan alasan tidak hadir."))
        return data


class ScheduleForm(forms.Form):
    """One override-reason field per attending official, added at runtime."""

    visibility = forms.ChoiceField(
        label=_("Visibilitas"),
        choices=AgendaItem.Visibility.choices,
        initial=AgendaItem.Visibility.INTERNAL,
    )
    confirmed = forms.BooleanField(label=_("Jadwal sudah pasti"), required=False)

    def __init__(self, *args: Any, officials: list[Official], clashes: dict, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.officials = officials
        for official in officials:
            if clashes.get(official.pk):
                self.fields[f"override_{official.pk}"] = forms.CharField(
                    label=_("Alasan tetap menjadwalkan %(official)s meski bentrok")
                    % {"official": official.title},
                    widget=forms.Textarea(attrs={"rows": 2}),
                    required=True,
                )

    def override_reason(self, official: Official) -> str:
        return self.cleaned_data.get(f"override_{official.pk}", "")


class SenderUpdateForm(forms.Form):
    """A follow-up letter from the sender: the event is cancelled or moved."""

    KINDS = [("cancel", _("Acara dibatalkan")), ("postpone", _("Acara diubah / ditunda"))]
    kind = forms.ChoiceField(label=_("Isi surat susulan"), choices=KINDS, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Nomor / tanggal surat susulan, keterangan"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    local_start = LocalDateTimeField(label=_("Mulai baru (waktu setempat)"), required=False)
    local_end = LocalDateTimeField(label=_("Selesai baru"), required=False)
    event_time_zone = forms.ChoiceField(
        label=_("Zona waktu"),
        choices=Letter._meta.get_field("event_time_zone").choices,
        required=False,
    )
    venue = forms.CharField(label=_("Tempat baru"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("kind") == "postpone":
            if not data.get("local_start"):
                self.add_error("local_start", _("Isi waktu mulai yang baru."))
            else:
                # No zone typed: the letter's own (the view's initial), as the view stores it.
                data["event_time_zone"] = (
                    data.get("event_time_zone")
                    or self.initial.get("event_time_zone")
                    or "Asia/Makassar"
                )
                zone = ZoneInfo(data["event_time_zone"])
                data["event_start"] = data["local_start"].replace(tzinfo=zone)
                end = data.get("local_end")
                data["event_end"] = end.replace(tzinfo=zone) if end else None
        return data


class LetterSearchForm(forms.Form):
    """The archive search on the letter list: words and filters, all optional (GET)."""

    q = forms.CharField(label=_("Cari"), required=False, max_length=200)
    received_from = forms.DateField(
        label=_("Diterima sejak"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    received_to = forms.DateField(
        label=_("Diterima s.d."), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    event_from = forms.DateField(
        label=_("Acara sejak"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    event_to = forms.DateField(
        label=_("Acara s.d."), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sender = forms.CharField(label=_("Surat dari"), required=False, max_length=200)
    state = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Semua status")), *LetterState.choices]
    )
    outcome = forms.ChoiceField(
        label=_("Hasil disposisi"),
        required=False,
        choices=[("", _("Semua hasil")), *Outcome.choices],
    )
    leader = forms.ModelChoiceField(
        label=_("Pimpinan"),
        required=False,
        empty_label=_("Semua pimpinan"),
        queryset=Official.objects.filter(position__in=Official.LEADER_POSITIONS),
    )

    def query(self) -> str:
        self.is_valid()  # fills cleaned_data with the fields that are valid
        return (self.cleaned_data.get("q") or "").strip()

    def filters(self) -> LetterFilters:
        """The valid filters; an invalid field (a mistyped date) is left out."""
        self.is_valid()
        data = self.cleaned_data
        leader = data.get("leader")
        return LetterFilters(
            received_from=data.get("received_from"),
            received_to=data.get("received_to"),
            event_from=data.get("event_from"),
            event_to=data.get("event_to"),
            sender=(data.get("sender") or "").strip(),
            state=data.get("state") or "",
            outcome=data.get("outcome") or "",
            leader_id=leader.pk if leader else None,
        )


class FollowUpForm(forms.Form):
    """An official's answer to a follow-up: accept it, report it done, or pass it on."""

    ACTIONS = [
        ("accept", _("Terima dan laksanakan")),
        ("done", _("Laporkan sudah dilaksanakan")),
        ("pass", _("Teruskan kepada")),
    ]
    action = forms.ChoiceField(label=_("Tanggapan"), choices=ACTIONS, widget=forms.RadioSelect)
    to = forms.ModelChoiceField(
        label=_("Diteruskan kepada"), queryset=Official.objects.none(), required=False
    )
    instructions = instructions_field()
    due_date = forms.DateField(label=_("Batas waktu"), required=False, widget=DATE_WIDGET)
    note = forms.CharField(
        label=_("Catatan / hasil"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, targets: Any, accepted: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = targets
        if accepted:  # already accepted: report it done or pass it on
            self.fields["action"].choices = [c for c in self.ACTIONS if c[0] != "accept"]
        if not targets.exists():
            self.fields["action"].choices = [
                c for c in self.fields["action"].choices if c[0] != "pass"
            ]
            for name in ("to", "instructions", "due_date"):
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        action = data.get("action")
        if action == "pass" and not data.get("to"):
            self.add_error("to", _("Pilih pejabat yang menerima terusan."))
        if action == "done" and not (data.get("note") or "").strip():
            self.add_error("note", _("Tuliskan apa yang sudah dilaksanakan."))
        return data


class EventReportForm(forms.Form):
    """The attending official's report after the event."""

    held = forms.TypedChoiceField(
        label=_("Acara"),
        choices=[("1", _("Terlaksana")), ("0", _("Tidak terlaksana / batal"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    attendees = forms.CharField(
        label=_("Yang hadir"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Pejabat yang hadir dan pendampingnya."),
    )
    notes = forms.CharField(
        label=_("Catatan kegiatan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Jalannya acara, arahan yang disampaikan, tindak lanjut."),
    )
    files = MultipleFileField(label=_("Foto / notulen"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The follow-up view passes what a delegation's form takes; a report needs none.
        kwargs.pop("targets", None)
        kwargs.pop("accepted", None)
        super().__init__(*args, **kwargs)


class MaterialForm(forms.Form):
    """The speech draft and other material for the event."""

    files = MultipleFileField(
        label=_("Sambutan / bahan"),
        required=False,
        help_text=_("Berkas dengan nama yang sama menjadi versi baru; versi lama tetap disimpan."),
    )
    note = forms.CharField(
        label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    ready = forms.BooleanField(label=_("Sudah siap: beri tahu yang hadir"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.pop("targets", None)
        kwargs.pop("accepted", None)
        super().__init__(*args, **kwargs)
