from django.contrib import admin

from organization.models import Department, LeaderStaff, Official, Region


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
