from django.contrib import admin

from documents.models import Document, DocumentAccess


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = [
        "original_name",
        "content_type",
        "size",
        "sha256",
        "uploaded_by",
        "uploaded_at",
        "extraction_status",
        "derived_status",
    ]
    list_filter = ["extraction_status", "derived_status", "content_type"]
    readonly_fields = [f.name for f in Document._meta.fields]

    def has_change_permission(self, request, obj=None) -> bool:  # originals are evidence
        return False


@admin.register(DocumentAccess)
class DocumentAccessAdmin(admin.ModelAdmin):
    list_display = ["document", "user", "at"]
