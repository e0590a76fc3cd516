"""The public agenda and the calendar feeds, mounted at /agenda/ outside the viewflow site."""

from django.urls import path

from calendar_sync import views

app_name = "public_agenda"

urlpatterns = [
    path("", views.PublicDayView.as_view(), name="day"),
    path("minggu/", views.PublicWeekView.as_view(), name="week"),
    path("public.ics", views.public_feed, name="feed"),
    path("opd/", views.PublicDepartmentsDayView.as_view(), name="departments"),
    path("opd/minggu/", views.PublicDepartmentsWeekView.as_view(), name="departments_week"),
    path(
        "opd/semua.ics",
        views.department_feed_view,
        {"department": "semua"},
        name="departments_feed",
    ),
    path("opd/<int:department>.ics", views.department_feed_view, name="department_feed"),
    # Feed tokens are secrets.token_urlsafe(): letters, digits, "-" and "_", as a slug.
    path("pribadi/<slug:token>.ics", views.private_feed, name="private_feed"),
    path("tautan/", views.FeedTokenListView.as_view(), name="tokens"),
    path("tautan/<int:pk>/cabut/", views.FeedTokenRevokeView.as_view(), name="token_revoke"),
]
