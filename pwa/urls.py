from django.urls import path

from pwa import views

app_name = "pwa"

urlpatterns = [
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("luring/", views.OfflineView.as_view(), name="offline"),
    path("luring/daftar.json", views.offline_list, name="offline_list"),
]
