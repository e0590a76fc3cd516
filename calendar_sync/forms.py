"""Forms of the agenda pages. Times are typed as wall-clock times in the item's own zone."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from calendar_sync.models import AgendaItem
from calendar_sync.selectors import Clash, agenda_clashes, venue_bookings
from organization.models import Official, Region, TimeZoneChoice


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
        self.venue_warnings: list[AgendaItem] = []
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
