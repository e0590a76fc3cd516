"""The public agenda and the calendar feeds, mounted at /agenda/ outside the viewflow site."""

from django.urls import path

from calendar_sync import feeds

app_name = "public_agenda"

urlpatterns = [
    path("", feeds.PublicDayView.as_view(), name="day"),
    path("minggu/", feeds.PublicWeekView.as_view(), name="week"),
    path("public.ics", feeds.public_feed, name="feed"),
    # Feed tokens are secrets.token_urlsafe(): letters, digits, "-" and "_", as a slug.
    path("pribadi/<slug:token>.ics", feeds.private_feed, name="private_feed"),
    path("tautan/", feeds.FeedTokenListView.as_view(), name="tokens"),
    path("tautan/<int:pk>/cabut/", feeds.FeedTokenRevokeView.as_view(), name="token_revoke"),
]
