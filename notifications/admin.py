from django.contrib import admin

from notifications.models import Delivery, Notification
from organization.readonly_admin import ReadOnlyAdmin


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    readonly_fields = [
        "channel",
        "status",
        "digest",
        "attempts",
        "next_attempt_at",
        "last_error",
        "sent_at",
    ]
    fields = readonly_fields

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user", "kind", "title", "read_at"]
    list_filter = ["kind"]
    search_fields = ["user__username", "key"]
    inlines = [DeliveryInline]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    """The delivery log: what went out on which channel, what failed and why."""

    list_display = [
        "created_at",
        "notification",
        "channel",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
    ]
    list_filter = ["channel", "status", "digest"]
    search_fields = ["notification__user__username", "notification__key", "uid"]
    readonly_fields = [f.name for f in Delivery._meta.fields]
