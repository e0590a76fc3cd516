from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from viewflow.contrib.auth import AuthViewset
from viewflow.urls import Site

from audit.urls import AuditApp
from calendar_sync.urls import AgendaApp
from config.views import healthz, home
from intake.urls import RequestsApp
from notifications.urls import NotificationsApp
from reports.urls import ReportsApp
from workflows.flows import LetterFlow
from workflows.urls import FollowUpsApp, LettersApp, RecordsApp
from workflows.viewsets import LetterFlowViewset

site = Site(
    title="Lontar",
    viewsets=[
        LetterFlowViewset(LetterFlow, icon="mail", title=_("Proses surat")),
        LettersApp(),
        FollowUpsApp(),
        AgendaApp(),
        RequestsApp(),
        NotificationsApp(),
        ReportsApp(),
        RecordsApp(),
        AuditApp(),
    ],
)

urlpatterns = [
    path("accounts/", AuthViewset(with_profile_view=False).urls),
    path("akun/", include("organization.urls", namespace="twofactor")),
    path("akun/kunci-sandi/", include("organization.passkeys")),
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("pwa.urls", namespace="pwa")),
    path("agenda/", include("calendar_sync.public_urls", namespace="public_agenda")),
    # Before the site: its /permohonan/ app leaves these paths to the public pages.
    path("permohonan/", include("intake.public_urls", namespace="requests_public")),
    # Records (JRA): the classification scheme, and letters' holds, disposal and exports.
    path("retensi/", include("records.urls", namespace="records")),
    path("retensi/surat/", include("workflows.records_urls", namespace="letter_records")),
    path("healthz", healthz, name="healthz"),
    path("", home, name="home"),
    path("", site.urls),
]
