"""The public's online request and its status by tracking code, at /permohonan/ outside
the signed-in site (mounted before it, so these paths win)."""

from django.urls import path

from intake import views

app_name = "requests_public"

urlpatterns = [
    path("publik/", views.public_request, name="create"),
    path("status/", views.status_lookup, name="lookup"),
    path("status/<str:code>/", views.status, name="status"),
]
