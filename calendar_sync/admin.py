from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from calendar_sync.models import (
    AgendaItem,
    CalDAVAccount,
    CalDAVCopy,
    DepartmentEvent,
    InvitationMail,
)
from organization.readonly_admin import ReadOnlyAdmin


@admin.register(AgendaItem)
class AgendaItemAdmin(ReadOnlyAdmin):
    """Read-only, as the letters' admin: an item is entered, changed and cancelled on the
    agenda pages (calendar_sync.services), which raise its SEQUENCE, record who changed
    what and push the change to the calendars. An admin edit would do none of that."""

    list_display = ["title", "official", "start", "end", "time_zone", "status", "visibility"]
    list_filter = ["status", "visibility", "official"]
    search_fields = ["title", "venue"]
    date_hierarchy = "start"
    readonly_fields = ["agenda_page"]

    @admin.display(description=_("ubah di halaman agenda"))
    def agenda_page(self, obj: AgendaItem) -> str:
        url = reverse("jadwal:item", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, url)


@admin.register(DepartmentEvent)
class DepartmentEventAdmin(ReadOnlyAdmin):
    """Read-only: an event is entered and changed on its page, which checks its room and
    records who changed it."""

    list_display = ["title", "department", "start", "end", "venue", "status", "visibility"]
    list_filter = ["status", "visibility", "department"]
    search_fields = ["title", "venue", "organiser", "speakers"]
    date_hierarchy = "start"
    readonly_fields = ["event_page"]

    @admin.display(description=_("ubah di halaman kegiatan"))
    def event_page(self, obj: DepartmentEvent) -> str:
        url = reverse("jadwal:event", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, url)


# Calendar copies: the protocol office sees here whether each official's calendar is in
# sync, and why not.


class CalDAVAccountForm(forms.ModelForm):
    calendar_url = forms.URLField(
        label=_("alamat kalender CalDAV"),
        max_length=500,
        assume_scheme="https",
        help_text=_(
            "Alamat koleksi kalender, mis. https://cloud.example.go.id/remote.php/dav/"
            "calendars/walikota/agenda/"
        ),
    )
    password = forms.CharField(
        label=_("kata sandi aplikasi"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Kosongkan untuk tetap memakai kata sandi yang tersimpan."),
    )

    class Meta:
        model = CalDAVAccount
        fields = ["official", "calendar_url", "username", "password", "enabled", "read_busy_times"]

    def clean_password(self) -> str:
        value = self.cleaned_data.get("password") or ""
        if not value and self.instance.pk:
            return self.instance.password
        return value


class CalDAVCopyInline(admin.TabularInline):
    """Read-only: what was pushed of each item, and the failures still being retried.
    Only copies that are failing or changed in the last week, or the page would list the
    whole agenda."""

    model = CalDAVCopy
    fields = [
        "item",
        "pushed_sequence",
        "deleted",
        "attempts",
        "next_attempt_at",
        "last_error",
        "updated_at",
    ]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["-updated_at"]
    verbose_name = _("salinan di kalender")
    verbose_name_plural = _("salinan di kalender (gagal atau berubah 7 hari terakhir)")

    def get_queryset(self, request: HttpRequest) -> QuerySet[CalDAVCopy]:
        recent = timezone.now() - timedelta(days=7)
        return (
            super()
            .get_queryset(request)
            .filter(Q(next_attempt_at__isnull=False) | Q(updated_at__gte=recent))
            .select_related("item")
        )

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CalDAVAccount)
class CalDAVAccountAdmin(admin.ModelAdmin):
    form = CalDAVAccountForm
    list_display = [
        "official",
        "calendar_url",
        "enabled",
        "sync_state",
        "last_synced_at",
        "next_attempt_at",
        "short_error",
    ]
    list_filter = ["sync_state", "enabled"]
    search_fields = ["official__name", "official__title", "calendar_url"]
    readonly_fields = ["sync_state", "last_synced_at", "attempts", "next_attempt_at", "last_error"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "official",
                    "calendar_url",
                    "username",
                    "password",
                    "enabled",
                    "read_busy_times",
                ]
            },
        ),
        (_("Sinkronisasi"), {"fields": readonly_fields}),
    ]
    inlines = [CalDAVCopyInline]
    actions = ["sync_now"]

    @admin.display(description=_("galat terakhir"))
    def short_error(self, obj: CalDAVAccount) -> str:
        return Truncator(obj.last_error).chars(80)

    @admin.action(description=_("Sinkronkan sekarang"))
    def sync_now(self, request: HttpRequest, queryset: QuerySet[CalDAVAccount]) -> None:
        from calendar_sync.tasks import sync_caldav_account

        for account in queryset:
            sync_caldav_account.enqueue(account.pk)
        self.message_user(
            request,
            _("Sinkronisasi %(count)d akun dijadwalkan.") % {"count": len(queryset)},
            messages.SUCCESS,
        )


@admin.register(InvitationMail)
class InvitationMailAdmin(ReadOnlyAdmin):
    """Read-only record of the iTIP invitations sent, and of those still failing."""

    list_display = [
        "item",
        "recipient",
        "method",
        "sequence",
        "sent_at",
        "attempts",
        "next_attempt_at",
        "last_error",
    ]
    list_filter = ["method", ("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["recipient", "item__title"]
    list_select_related = ["item__official"]
