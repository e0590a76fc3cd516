"""The internal agenda under /jadwal/ (calendar_sync.urls.AgendaApp); the public agenda,
the feeds and the private feed addresses under /agenda/ (calendar_sync.public_urls)."""

from calendar_sync.views.departments import (
    DepartmentEventCancelView,
    DepartmentEventCreateView,
    DepartmentEventListView,
    DepartmentEventView,
)
from calendar_sync.views.feeds import (
    FeedTokenListView,
    FeedTokenRevokeView,
    department_feed_view,
    private_feed,
    public_feed,
)
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
from calendar_sync.views.public import (
    PublicDayView,
    PublicDepartmentsDayView,
    PublicDepartmentsWeekView,
    PublicWeekView,
)
from calendar_sync.views.sync import SyncStatusView

__all__ = [
    "AgendaDayView",
    "AgendaItemCancelView",
    "AgendaItemConfirmView",
    "AgendaItemCreateView",
    "AgendaItemView",
    "CombinedDayView",
    "DepartmentEventCancelView",
    "DepartmentEventCreateView",
    "DepartmentEventListView",
    "DepartmentEventView",
    "FeedTokenListView",
    "FeedTokenRevokeView",
    "OfficialAgendaView",
    "OfficialDayView",
    "OfficialMonthView",
    "PrintDayView",
    "PublicDayView",
    "PublicDepartmentsDayView",
    "PublicDepartmentsWeekView",
    "PublicWeekView",
    "ShareView",
    "SyncStatusView",
    "department_feed_view",
    "private_feed",
    "public_feed",
]
