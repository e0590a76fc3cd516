from django.urls import path

from organization import views

app_name = "twofactor"

urlpatterns = [
    path("verifikasi/", views.verify, name="verify"),
    path("2fa/", views.setup, name="setup"),
]
