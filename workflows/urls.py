from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow.urls import Application

from organization.permissions import EXPORT_RECORDS, MANAGE_RECORDS
from workflows import views
from workflows.views import records as records_views


class LettersApp(Application):
    """Letter pages beside the process: the register, a letter's page and its sheet."""

    title = _("Daftar surat")
    icon = "inventory_2"
    app_name = "letters"
    # No sub-menu: the site menu links the app; its pages are reached from there.
    menu_template_name = None

    index_path = path("", views.LetterListView.as_view(), name="index")
    detail_path = path("<int:pk>/", views.LetterDetailView.as_view(), name="detail")
    dossier_path = path("<int:pk>/dosir/", views.LetterDossierView.as_view(), name="dossier")
    sheet_path = path(
        "<int:pk>/lembar-disposisi/", views.DispositionSheetView.as_view(), name="sheet"
    )
    sender_update_path = path(
        "<int:pk>/surat-susulan/", views.SenderUpdateView.as_view(), name="sender_update"
    )
    document_path = path(
        "<int:pk>/dokumen/<int:document_pk>/", views.DocumentView.as_view(), name="document"
    )
    document_derived_path = path(
        "<int:pk>/dokumen/<int:document_pk>/<slug:kind>/",
        views.DocumentView.as_view(),
        name="document_derived",
    )
    stage_scan_path = path("pindaian/", views.StageScanView.as_view(), name="stage_scan")
    staged_scan_path = path(
        "pindaian/<int:document_pk>/", views.StagedScanView.as_view(), name="staged_scan"
    )


class RecordsApp(Application):
    """The menu's way to the records pages (the scheme at /retensi/klasifikasi/, letters'
    holds, disposal and exports at /retensi/surat/), for who manages or exports records."""

    title = _("Arsip dan retensi")
    icon = "archive"
    app_name = "arsip"
    menu_template_name = None

    index_path = path("", records_views.records_home, name="index")
    # A signed-out visitor is let through to be sent to the login page.
    permission = staticmethod(
        lambda user: (
            not user.is_authenticated
            or user.has_perm(MANAGE_RECORDS)
            or user.has_perm(EXPORT_RECORDS)
        )
    )


class FollowUpsApp(Application):
    """The follow-ups of dispositions waiting for me (or for whom I answer), at
    /tindak-lanjut/."""

    title = _("Tindak lanjut")
    icon = "assignment_turned_in"
    app_name = "tindak-lanjut"
    menu_template_name = None

    index_path = path("", views.FollowUpListView.as_view(), name="index")
    detail_path = path("<int:pk>/", views.FollowUpView.as_view(), name="detail")
