from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow.urls import Application

from notifications import views


class NotificationsApp(Application):
    """The signed-in user's own notifications, at /notifikasi/."""

    title = _("Pemberitahuan")
    icon = "notifications"
    app_name = "notifikasi"
    menu_template_name = None

    index_path = path("", views.notification_list, name="index")
    open_path = path("<int:pk>/buka/", views.notification_open, name="open")
    read_all_path = path("baca-semua/", views.notifications_read_all, name="read_all")
    settings_path = path("pengaturan/", views.notification_settings, name="settings")
    subscribe_path = path("push/langganan/", views.push_subscribe, name="push_subscribe")
    unsubscribe_path = path("push/berhenti/", views.push_unsubscribe, name="push_unsubscribe")
    # Open to the middleware: each view asks for a login itself, so a signed-out visitor
    # is sent to the login page rather than refused.
    permission = staticmethod(lambda user: True)
