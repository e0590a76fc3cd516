from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import Channel, Kind


def choice_field_name(kind: str, channel: str) -> str:
    return f"c_{kind}_{channel}"


class NotificationSettingsForm(forms.Form):
    """The number, the opt-in, the digest, and one checkbox per kind and channel."""

    phone = forms.CharField(
        label=_("Nomor WhatsApp"),
        required=False,
        max_length=20,
        help_text=_("Contoh: 081234567890."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    whatsapp_opt_in = forms.BooleanField(
        label=_("Saya bersedia menerima pemberitahuan lewat WhatsApp"), required=False
    )
    email_digest = forms.BooleanField(
        label=_("Kirim surel sekali sehari sebagai ringkasan, bukan satu per peristiwa"),
        required=False,
    )

    def __init__(self, *args: Any, choices: dict[tuple[str, str], bool], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = []
        for kind, kind_label in Kind.choices:
            cells = []
            for channel, channel_label in Channel.choices:
                name = choice_field_name(kind, channel)
                always = channel == Channel.IN_APP
                self.fields[name] = forms.BooleanField(
                    label=f"{kind_label}: {channel_label}",
                    required=False,
                    initial=True if always else choices[(kind, channel)],
                    disabled=always,
                )
                cells.append((self[name], channel_label))
            self.rows.append((kind_label, cells))

    def channel_choices(self) -> dict[tuple[str, str], bool]:
        return {
            (kind, channel): bool(self.cleaned_data.get(choice_field_name(kind, channel)))
            for kind in Kind.values
            for channel in Channel.values
            if channel != Channel.IN_APP
        }
