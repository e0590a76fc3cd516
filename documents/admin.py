from django.contrib import admin

from documents.models import Document, DocumentAccess
from organization.readonly_admin import ReadOnlyAdmin


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):  # originals are evidence
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


@admin.register(DocumentAccess)
class DocumentAccessAdmin(ReadOnlyAdmin):  # the record of who opened what
    list_display = ["document", "user", "at"]
