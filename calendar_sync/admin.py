from django.contrib import admin

from calendar_sync.models import AgendaItem


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ["title", "official", "start", "end", "time_zone", "status", "visibility"]
    list_filter = ["status", "visibility", "official"]
    search_fields = ["title", "venue"]
    date_hierarchy = "start"
