from django.contrib import admin

from intake.models import OnlineRequest
from organization.readonly_admin import ReadOnlyAdmin


@admin.register(OnlineRequest)
class OnlineRequestAdmin(ReadOnlyAdmin):
    """Shown for support; a request changes only through its letter's process."""

    list_display = ["tracking_code", "channel", "organisation", "submitted_at", "answered_at"]
    list_filter = ["channel"]
    search_fields = ["tracking_code", "organisation", "contact_person", "email"]
