from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalendarSyncConfig(AppConfig):
    name = "calendar_sync"
    verbose_name = _("Agenda pimpinan")
