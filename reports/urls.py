from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow.urls import Application

from reports import views
from reports.selectors import report_access_for


class ReportsApp(Application):
    """Monthly and yearly reports of the letters, at /laporan/ (the activity reports filed
    after an event are follow-ups, at /tindak-lanjut/)."""

    title = _("Laporan berkala")
    icon = "bar_chart"
    app_name = "laporan"
    menu_template_name = None

    index_path = path("", views.report_page, name="index")
    download_path = path("unduh/<slug:export_format>/", views.report_download, name="download")
    # In the menu only for who may read a report; the views check it again (and send a
    # signed-out visitor to the login page).
    permission = staticmethod(
        lambda user: not user.is_authenticated or report_access_for(user=user) is not None
    )
