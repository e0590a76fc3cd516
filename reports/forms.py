"""The report's choice of period and scope, from the query string."""

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports.selectors import MONTH_NAMES, Period, ReportAccess

FIRST_YEAR = 2000


class ReportForm(forms.Form):
    tahun = forms.IntegerField(label=_("Tahun"), min_value=FIRST_YEAR, required=False)
    bulan = forms.TypedChoiceField(
        label=_("Bulan"),
        coerce=int,
        empty_value=None,
        required=False,
        choices=[("", _("Setahun penuh"))] + [(i + 1, m) for i, m in enumerate(MONTH_NAMES)],
    )
    pimpinan = forms.TypedChoiceField(
        label=_("Pimpinan"), coerce=int, empty_value=None, required=False
    )
    opd = forms.TypedChoiceField(label=_("OPD"), coerce=int, empty_value=None, required=False)

    def __init__(self, *args: Any, access: ReportAccess, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        last_year = timezone.localdate().year + 1
        self.fields["tahun"].validators.append(MaxValueValidator(last_year))
        self.fields["tahun"].widget.attrs.update(min=FIRST_YEAR, max=last_year)
        everyone = [("", _("Semua"))]
        self.fields["pimpinan"].choices = everyone + [(o.pk, o.title) for o in access.leaders()]
        self.fields["opd"].choices = everyone + [(d.pk, d.name) for d in access.departments()]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("pimpinan") and data.get("opd"):
            raise forms.ValidationError(_("Pilih pimpinan atau OPD, tidak keduanya."))
        return data

    def period(self) -> Period:
        data = self.cleaned_data
        return Period(year=data.get("tahun") or timezone.localdate().year, month=data.get("bulan"))
