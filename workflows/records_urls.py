"""The records pages of letters, at /retensi/surat/ (the scheme is records.urls)."""

from django.urls import path

from workflows.views import records as views

app_name = "letter_records"

urlpatterns = [
    path("jatuh-tempo/", views.DueListView.as_view(), name="due"),
    path("<int:pk>/tahan/", views.HoldView.as_view(), name="hold"),
    path("penahanan/<int:pk>/cabut/", views.HoldReleaseView.as_view(), name="hold_release"),
    path("berita-acara/", views.DecisionListView.as_view(), name="decisions"),
    path("berita-acara/baru/", views.DecisionCreateView.as_view(), name="decision_add"),
    path("berita-acara/<int:pk>/", views.DecisionView.as_view(), name="decision"),
    path("<int:pk>/berkas-audit/", views.DossierDownloadView.as_view(), name="dossier"),
    path("ekspor/", views.ExportView.as_view(), name="export"),
]
