from django import forms

from records.models import ClassificationCode
from records.services import FIELDS


class ClassificationCodeForm(forms.ModelForm):
    class Meta:
        model = ClassificationCode
        fields = list(FIELDS)
