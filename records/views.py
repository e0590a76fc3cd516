"""The region's classification scheme: list, add, edit (records.manage_records)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import generic

from organization.permissions import MANAGE_RECORDS
from records import selectors, services
from records.forms import ClassificationCodeForm
from records.models import ClassificationCode


class RecordsManagerMixin(LoginRequiredMixin, PermissionRequiredMixin):
    # Signed in without the right: 403; not signed in: the login page (AccessMixin).
    permission_required = MANAGE_RECORDS


class CodeListView(RecordsManagerMixin, generic.ListView):
    template_name = "records/code_list.html"
    context_object_name = "codes"

    def get_queryset(self) -> Any:
        return selectors.classification_codes()


class CodeFormView(RecordsManagerMixin, generic.FormView):
    template_name = "records/code_form.html"
    form_class = ClassificationCodeForm

    def get_code(self) -> ClassificationCode | None:
        pk = self.kwargs.get("pk")
        return get_object_or_404(ClassificationCode, pk=pk) if pk else None

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "instance": self.get_code()}

    def form_valid(self, form: ClassificationCodeForm) -> HttpResponse:
        values = {name: form.cleaned_data[name] for name in services.FIELDS}
        try:
            services.classification_code_save(values=values, code=self.get_code())
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        messages.success(self.request, _("Kode klasifikasi disimpan."))
        return redirect("records:codes")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(code=self.get_code(), **kwargs)
