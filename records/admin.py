from django.contrib import admin

from records.models import ClassificationCode


@admin.register(ClassificationCode)
class ClassificationCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "active_years", "inactive_years", "final_disposition"]
    list_filter = ["final_disposition", "is_active"]
    search_fields = ["code", "title"]
