"""The internal agenda under /jadwal/ (calendar_sync.urls.AgendaApp)."""

from calendar_sync.views.items import (
    AgendaItemCancelView,
    AgendaItemConfirmView,
    AgendaItemCreateView,
    AgendaItemView,
)
from calendar_sync.views.pages import (
    AgendaDayView,
    CombinedDayView,
    OfficialAgendaView,
    OfficialDayView,
    OfficialMonthView,
    PrintDayView,
    ShareView,
)
from calendar_sync.views.sync import SyncStatusView

__all__ = [
    "AgendaDayView",
    "AgendaItemCancelView",
    "AgendaItemConfirmView",
    "AgendaItemCreateView",
    "AgendaItemView",
    "CombinedDayView",
    "OfficialAgendaView",
    "OfficialDayView",
    "OfficialMonthView",
    "PrintDayView",
    "ShareView",
    "SyncStatusView",
]
