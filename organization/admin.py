from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from organization.models import Department, LeaderStaff, Official, Region, SecondFactorEvent
from organization.readonly_admin import ReadOnlyAdmin
from organization.twofactor import second_factor_reset


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "head_title", "time_zone", "agenda_number_format"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind"]
    search_fields = ["name", "short_name"]
    list_filter = ["kind"]


class LeaderStaffInline(admin.TabularInline):
    model = LeaderStaff
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Official)
class OfficialAdmin(admin.ModelAdmin):
    list_display = ["title", "name", "position", "department", "user", "is_active"]
    list_filter = ["position", "is_active"]
    search_fields = ["name", "title"]
    autocomplete_fields = ["user", "department"]
    inlines = [LeaderStaffInline]


@admin.register(SecondFactorEvent)
class SecondFactorEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "action", "by", "reason"]
    list_filter = ["action"]
    search_fields = ["user__username", "reason"]


class SecondFactorResetForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan"),
        max_length=300,
        help_text=_("Misalnya: ponsel hilang dan kode pemulihan tidak ada."),
    )


class LontarUserAdmin(UserAdmin):
    """Django's user admin plus a reset of the second factor (a lost phone): the user
    enrolls again at the next sign-in. The devices themselves are in django-otp's admin."""

    actions = [*UserAdmin.actions, "second_factor_reset_action"]

    @admin.action(
        description=_("Atur ulang verifikasi dua langkah pengguna terpilih"),
        permissions=["change"],
    )
    def second_factor_reset_action(
        self, request: HttpRequest, queryset: QuerySet
    ) -> HttpResponse | None:
        form = SecondFactorResetForm(request.POST if "reason" in request.POST else None)
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            for user in queryset:
                second_factor_reset(user=user, by=request.user, reason=reason)
                self.log_change(request, user, f"Second factor reset: {reason}")
            self.message_user(
                request,
                ngettext(
                    "Verifikasi dua langkah %(n)d pengguna diatur ulang.",
                    "Verifikasi dua langkah %(n)d pengguna diatur ulang.",
                    len(queryset),
                )
                % {"n": len(queryset)},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Atur ulang verifikasi dua langkah"),
            "users": queryset,
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/organization/second_factor_reset.html", context)


admin.site.unregister(User)
admin.site.register(User, LontarUserAdmin)
