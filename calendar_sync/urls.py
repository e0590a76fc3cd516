from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow.urls import Application

from calendar_sync import views


class AgendaApp(Application):
    """The internal agenda at /jadwal/; the public one is /agenda/ (calendar_sync.public_urls)."""

    title = _("Agenda pimpinan")
    icon = "event"
    app_name = "jadwal"
    # No sub-menu: the site menu links the app; its pages are reached from there.
    menu_template_name = None

    index_path = path("", views.AgendaDayView.as_view(), name="index")
    combined_path = path("berdampingan/", views.CombinedDayView.as_view(), name="combined")
    print_path = path("cetak/", views.PrintDayView.as_view(), name="print")
    share_path = path("bagikan/", views.ShareView.as_view(), name="share")
    official_path = path(
        "pejabat/<int:official_pk>/", views.OfficialAgendaView.as_view(), name="official"
    )
    official_day_path = path(
        "pejabat/<int:official_pk>/hari/", views.OfficialDayView.as_view(), name="official_day"
    )
    official_month_path = path(
        "pejabat/<int:official_pk>/bulan/",
        views.OfficialMonthView.as_view(),
        name="official_month",
    )
    sync_status_path = path("sinkron/", views.SyncStatusView.as_view(), name="sync_status")
    item_create_path = path("acara/baru/", views.AgendaItemCreateView.as_view(), name="item_create")
    item_path = path("acara/<int:pk>/", views.AgendaItemView.as_view(), name="item")
    item_cancel_path = path(
        "acara/<int:pk>/batalkan/", views.AgendaItemCancelView.as_view(), name="item_cancel"
    )
    item_confirm_path = path(
        "acara/<int:pk>/pastikan/", views.AgendaItemConfirmView.as_view(), name="item_confirm"
    )
    events_path = path("kegiatan-opd/", views.DepartmentEventListView.as_view(), name="events")
    event_create_path = path(
        "kegiatan-opd/baru/", views.DepartmentEventCreateView.as_view(), name="event_create"
    )
    event_path = path("kegiatan-opd/<int:pk>/", views.DepartmentEventView.as_view(), name="event")
    event_cancel_path = path(
        "kegiatan-opd/<int:pk>/batalkan/",
        views.DepartmentEventCancelView.as_view(),
        name="event_cancel",
    )
