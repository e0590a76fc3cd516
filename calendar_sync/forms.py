"""Forms of the agenda pages. Times are typed as wall-clock times in the item's own zone."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from calendar_sync.models import AgendaItem, CalendarEntry, DepartmentEvent
from calendar_sync.selectors import (
    Clash,
    EventChecks,
    agenda_clashes,
    department_event_checks,
    venue_bookings,
)
from organization.models import Department, Official, Region, TimeZoneChoice


class LocalDateTimeField(forms.DateTimeField):
    """A wall-clock time with no zone; the form pins it to the item's (or the letter's)
    zone. The letter forms use it too (workflows depends on calendar_sync)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M", "%d/%m/%Y %H.%M"]

    def to_python(self, value: Any) -> datetime | None:
        result = super().to_python(value)
        if result is not None and timezone.is_aware(result):
            result = timezone.make_naive(result)
        return result

    def prepare_value(self, value: Any) -> Any:
        return value


class AgendaItemForm(forms.Form):
    """An item entered or changed by hand. When the new time or place clashes with the
    official's agenda, a reason becomes required (as on the schedule step); another
    official's item at the same venue is only a warning (``venue_warnings``)."""

    official = forms.ModelChoiceField(label=_("Pejabat"), queryset=Official.objects.none())
    title = forms.CharField(label=_("Acara"), max_length=300)
    kind = forms.ChoiceField(
        label=_("Jenis"), choices=AgendaItem.Kind.choices, initial=AgendaItem.Kind.MEETING
    )
    local_start = LocalDateTimeField(label=_("Mulai (waktu setempat)"))
    local_end = LocalDateTimeField(
        label=_("Selesai (waktu setempat)"),
        required=False,
        help_text=_("Kosongkan bila s.d. selesai. Boleh beberapa hari (perjalanan dinas, cuti)."),
    )
    time_zone = forms.ChoiceField(label=_("Zona waktu"), choices=TimeZoneChoice.choices)
    venue = forms.CharField(label=_("Tempat"), max_length=300, required=False)
    outside_region = forms.BooleanField(label=_("Luar daerah"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=AgendaItem.Status.choices, initial=AgendaItem.Status.TENTATIVE
    )
    visibility = forms.ChoiceField(
        label=_("Visibilitas"),
        choices=AgendaItem.Visibility.choices,
        initial=AgendaItem.Visibility.INTERNAL,
        help_text=_("Rahasia: yang tidak berhak hanya melihat “Sibuk” pada jam itu."),
    )
    role_note = forms.CharField(
        label=_("Peran"),
        max_length=200,
        required=False,
        help_text=_("Mis. hadir, mewakili Wali Kota"),
    )
    description = forms.CharField(
        label=_("Keterangan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    # Shown (and required) only once the form finds a clash.
    clash_override_reason = forms.CharField(
        label=_("Alasan tetap menjadwalkan meski bentrok"),
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(
        self,
        *args: Any,
        officials: QuerySet[Official],
        region: Region,
        item: AgendaItem | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.item, self.region = item, region
        self.clashes: list[Clash] = []
        self.venue_warnings: list[CalendarEntry] = []
        if item is None or item.status != AgendaItem.Status.CANCELLED:
            # An item is cancelled on its own page, with a reason; here it is tentative or
            # certain (a cancelled item may be made active again).
            self.fields["status"].choices = [
                c for c in AgendaItem.Status.choices if c[0] != AgendaItem.Status.CANCELLED
            ]
        if item is None:
            self.fields["official"].queryset = officials
            self.initial.setdefault("time_zone", region.time_zone)
        else:
            del self.fields["official"]
            for name in ("title", "kind", "time_zone", "venue", "outside_region", "status"):
                self.initial.setdefault(name, getattr(item, name))
            for name in ("visibility", "role_note", "description"):
                self.initial.setdefault(name, getattr(item, name))
            self.initial.setdefault("local_start", item.local_start.replace(tzinfo=None))
            if item.end:
                self.initial.setdefault("local_end", item.local_end.replace(tzinfo=None))

    @property
    def target_official(self) -> Official | None:
        return self.item.official if self.item else self.cleaned_data.get("official")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        zone_name = data.get("time_zone")
        if not (zone_name and data.get("local_start")):
            return data
        zone = ZoneInfo(zone_name)
        data["start"] = data["local_start"].replace(tzinfo=zone)
        end = data.get("local_end")
        data["end"] = end.replace(tzinfo=zone) if end else None
        if data["end"] and data["end"] <= data["start"]:
            self.add_error("local_end", _("Waktu selesai harus setelah waktu mulai."))
            return data
        official = self.target_official
        if official is not None:
            self._check_agenda(official, data)
        return data

    def _check_agenda(self, official: Official, data: dict[str, Any]) -> None:
        exclude = (self.item.pk,) if self.item else ()
        active = data.get("status") != AgendaItem.Status.CANCELLED
        venue = data.get("venue", "")
        if active:
            self.clashes = agenda_clashes(
                official=official,
                start=data["start"],
                end=data["end"],
                venue=venue,
                exclude_ids=exclude,
                region=self.region,
            )
            self.venue_warnings = venue_bookings(
                venue=venue,
                start=data["start"],
                end=data["end"],
                exclude_ids=exclude,
                exclude_officials=[official.pk],
                region=self.region,
            )
        if self.clashes and self._moved(data):
            field = self.fields["clash_override_reason"]
            field.widget = forms.Textarea(attrs={"rows": 2})
            field.required = True  # for the label's asterisk; checked here
            if not (data.get("clash_override_reason") or "").strip():
                self.add_error(
                    "clash_override_reason",
                    _("Jadwal bentrok: tuliskan alasan untuk tetap menjadwalkan."),
                )

    def _moved(self, data: dict[str, Any]) -> bool:
        """Whether the service checks clashes: always for a new item; for a change, a new
        time or place, or a cancelled item made active again."""
        item = self.item
        if item is None:
            return True
        return (
            (data["start"], data["end"], data.get("venue", ""))
            != (item.start, item.end, item.venue)
        ) or item.status == AgendaItem.Status.CANCELLED

    def values(self) -> dict[str, Any]:
        """Keyword arguments for ``agenda_item_create`` / ``agenda_item_update``."""
        data = self.cleaned_data
        names = ["title", "kind", "start", "end", "time_zone", "venue", "outside_region"]
        names += ["status", "visibility", "role_note", "description"]
        values = {name: data[name] for name in names}
        values["clash_override_reason"] = data.get("clash_override_reason") or ""
        return values


class AgendaItemCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan pembatalan"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )


class FeedTokenForm(forms.Form):
    """A new private feed address for one of ``officials``."""

    official = forms.ModelChoiceField(
        label=_("Pejabat"), queryset=Official.objects.none(), empty_label=None
    )
    label = forms.CharField(
        label=_("Untuk"),
        max_length=100,
        required=False,
        help_text=_("Mis. kalender HP ajudan, Outlook sespri"),
    )

    def __init__(self, *args: Any, officials: QuerySet[Official], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["official"].queryset = officials


class DepartmentEventForm(forms.Form):
    """A department's own event. A room already taken makes a reason required; the other
    departments' events at that hour are shown (``checks``)."""

    department = forms.ModelChoiceField(
        label=_("Perangkat daerah"), queryset=Department.objects.none(), empty_label=None
    )
    title = forms.CharField(label=_("Nama kegiatan"), max_length=300)
    local_start = LocalDateTimeField(label=_("Mulai (waktu setempat)"))
    local_end = LocalDateTimeField(label=_("Selesai (waktu setempat)"))
    time_zone = forms.ChoiceField(label=_("Zona waktu"), choices=TimeZoneChoice.choices)
    venue = forms.CharField(label=_("Tempat"), max_length=300)
    organiser = forms.CharField(
        label=_("Penyelenggara"),
        max_length=200,
        required=False,
        help_text=_("Bidang atau panitia; kosong berarti perangkat daerah itu sendiri."),
    )
    speakers = forms.CharField(
        label=_("Narasumber"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Satu nama per baris, dengan jabatannya."),
    )
    audience = forms.CharField(
        label=_("Peserta"),
        max_length=300,
        required=False,
        help_text=_("Mis. kepala puskesmas se-kota, camat, lurah"),
    )
    visibility = forms.ChoiceField(
        label=_("Visibilitas"),
        choices=[
            (DepartmentEvent.Visibility.PUBLIC, _("Publik: tampil di agenda publik")),
            (DepartmentEvent.Visibility.INTERNAL, _("Internal: hanya pegawai yang masuk")),
        ],
        initial=DepartmentEvent.Visibility.INTERNAL,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            c for c in DepartmentEvent.Status.choices if c[0] != DepartmentEvent.Status.CANCELLED
        ],
        initial=DepartmentEvent.Status.TENTATIVE,
    )
    description = forms.CharField(
        label=_("Keterangan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    venue_override_reason = forms.CharField(
        label=_("Alasan tetap memakai tempat ini"), required=False, widget=forms.HiddenInput
    )

    FIELDS = ("title", "start", "end", "time_zone", "venue", "organiser", "speakers")
    FIELDS += ("audience", "visibility", "status", "description")

    def __init__(
        self,
        *args: Any,
        departments: QuerySet[Department],
        region: Region,
        event: DepartmentEvent | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.event, self.region = event, region
        self.checks = EventChecks()
        if event is None:
            self.fields["department"].queryset = departments
            self.initial.setdefault("time_zone", region.time_zone)
            return
        del self.fields["department"]
        if event.is_cancelled:  # made active again from here
            self.fields["status"].initial = DepartmentEvent.Status.TENTATIVE
        else:
            self.initial.setdefault("status", event.status)
        for name in self.FIELDS[2:]:
            if name not in ("end", "status"):
                self.initial.setdefault(name, getattr(event, name))
        self.initial.setdefault("title", event.title)
        self.initial.setdefault("local_start", event.local_start.replace(tzinfo=None))
        if event.local_end:
            self.initial.setdefault("local_end", event.local_end.replace(tzinfo=None))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not (data.get("time_zone") and data.get("local_start") and data.get("local_end")):
            return data
        zone = ZoneInfo(data["time_zone"])
        data["start"] = data["local_start"].replace(tzinfo=zone)
        data["end"] = data["local_end"].replace(tzinfo=zone)
        if data["end"] <= data["start"]:
            self.add_error("local_end", _("Waktu selesai harus setelah waktu mulai."))
            return data
        if data.get("venue"):
            self.checks = department_event_checks(
                start=data["start"],
                end=data["end"],
                venue=data["venue"],
                exclude_ids=(self.event.pk,) if self.event else (),
                region=self.region,
            )
        if self.checks.venue_taken and self._moved(data):
            field = self.fields["venue_override_reason"]
            field.widget = forms.Textarea(attrs={"rows": 2})
            field.required = True  # for the label's asterisk; checked here
            if not (data.get("venue_override_reason") or "").strip():
                self.add_error(
                    "venue_override_reason",
                    _("Tempat ini sudah dipakai: tuliskan alasan untuk tetap memakainya."),
                )
        return data

    def _moved(self, data: dict[str, Any]) -> bool:
        event = self.event
        if event is None or event.is_cancelled:
            return True
        return (data["start"], data["end"], " ".join(data["venue"].split())) != (
            event.start,
            event.end,
            event.venue,
        )

    def values(self) -> dict[str, Any]:
        """Keyword arguments for ``department_event_create`` / ``department_event_update``."""
        data = self.cleaned_data
        values = {name: data[name] for name in self.FIELDS}
        values["venue_override_reason"] = data.get("venue_override_reason") or ""
        return values
