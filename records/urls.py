from django.urls import path

from records import views

app_name = "records"

urlpatterns = [
    path("klasifikasi/", views.CodeListView.as_view(), name="codes"),
    path("klasifikasi/baru/", views.CodeFormView.as_view(), name="code_add"),
    path("klasifikasi/<int:pk>/", views.CodeFormView.as_view(), name="code_edit"),
]
