from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow.urls import Application

from calendar_sync import views


class AgendaApp(Application):
    title = _("Agenda pimpinan")
    icon = "event"
    app_name = "agenda"
    # No sub-menu: the site menu links the app; its pages are reached from there.
    menu_template_name = None

    index_path = path("", views.AgendaDayView.as_view(), name="index")
    official_path = path(
        "pejabat/<int:official_pk>/", views.OfficialAgendaView.as_view(), name="official"
    )
