"""Read-only admin for letters: changes go through the process, never through the admin."""

from typing import Any

from django.contrib import admin

from organization.readonly_admin import ReadOnlyAdmin
from workflows.models import Disposition, DispositionRecipient, Letter, LetterEvent


class LetterEventInline(admin.TabularInline):
    model = LetterEvent
    extra = 0
    can_delete = False
    fields = ["at", "action", "from_state", "to_state", "actor", "on_behalf_of", "note"]
    readonly_fields = fields

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Letter)
class LetterAdmin(ReadOnlyAdmin):
    list_display = ["agenda_number", "subject", "sender", "event_start", "state", "outcome"]
    list_filter = ["state", "outcome", "urgency", "security_class"]
    search_fields = ["agenda_number", "subject", "sender", "letter_number", "event_title"]
    date_hierarchy = "event_start"
    inlines = [LetterEventInline]


class RecipientInline(admin.TabularInline):
    model = DispositionRecipient
    extra = 0
    can_delete = False
    readonly_fields = ["official", "instructions", "note", "due_date", "attends"]


@admin.register(Disposition)
class DispositionAdmin(ReadOnlyAdmin):
    list_display = ["letter", "leader", "outcome", "decided_by", "on_behalf", "decided_at"]
    list_filter = ["outcome", "on_behalf"]
    inlines = [RecipientInline]
