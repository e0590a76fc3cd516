from django import forms
from django.utils.translation import gettext_lazy as _

from audit.selectors import LogQuery


class LogFilterForm(forms.Form):
    letter = forms.CharField(label=_("Nomor agenda"), max_length=100, required=False)
    user = forms.CharField(label=_("Pengguna"), max_length=150, required=False)
    action = forms.CharField(
        label=_("Tindakan"),
        max_length=60,
        required=False,
        widget=forms.TextInput(attrs={"list": "audit-actions"}),
    )
    date_from = forms.DateField(
        label=_("Dari tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Sampai tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def query(self) -> LogQuery:
        """The filters if valid; an invalid form filters nothing (the errors are shown)."""
        if not self.is_valid():
            return LogQuery()
        data = self.cleaned_data
        return LogQuery(
            scope=data["letter"],
            actor=data["user"],
            action=data["action"],
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
