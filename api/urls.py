"""The API's addresses: ``/api/v1/`` (token login, tasks, letters, follow-ups, agenda),
the OpenAPI 3 schema at ``/api/schema/`` and Swagger UI at ``/api/docs/`` (served from
drf-spectacular-sidecar's static files). Anything else under ``/api/`` is a 404 in the
API's error shape.

An endpoint is one line in ``V1``.
"""

from django.urls import include, path, re_path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api import auth
from api.errors import not_found
from api.views import agenda, followups, letters, mailroom, notifications, tasks


class IdConverter:
    """An id of at most nine digits: anything larger is no row, and a 404 (not an
    integer overflow in the database)."""

    regex = "[0-9]{1,9}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")

V1 = [
    path("auth/login/", auth.LoginView.as_view(), name="login"),
    path("auth/logout/", auth.LogoutView.as_view(), name="logout"),
    path("auth/logoutall/", auth.LogoutAllView.as_view(), name="logoutall"),
    path("tasks/inbox/", tasks.InboxView.as_view(), name="inbox"),
    path("tasks/queue/", tasks.QueueView.as_view(), name="queue"),
    path("tasks/<id:pk>/", tasks.TaskDetailView.as_view(), name="task"),
    path("tasks/<id:pk>/assign/", tasks.AssignView.as_view(), name="task-assign"),
    path("tasks/<id:pk>/review/", tasks.ReviewView.as_view(), name="task-review"),
    path("tasks/<id:pk>/dispose/", tasks.DisposeView.as_view(), name="task-dispose"),
    path("tasks/<id:pk>/schedule/", tasks.ScheduleView.as_view(), name="task-schedule"),
    path("tasks/<id:pk>/correct/", mailroom.CorrectView.as_view(), name="task-correct"),
    path("tasks/<id:pk>/verify/", mailroom.VerifyView.as_view(), name="task-verify"),
    path("letters/", letters.LetterListView.as_view(), name="letters"),
    path("letters/<id:pk>/", letters.LetterView.as_view(), name="letter"),
    path(
        "letters/<id:pk>/documents/<id:document_pk>/",
        letters.LetterDocumentView.as_view(),
        name="letter-document",
    ),
    path(
        "letters/<id:pk>/documents/<id:document_pk>/<slug:kind>/",
        letters.LetterDerivedDocumentView.as_view(),
        name="letter-document-derived",
    ),
    path("followups/", followups.FollowUpListView.as_view(), name="followups"),
    path(
        "followups/<id:pk>/respond/",
        followups.FollowUpRespondView.as_view(),
        name="followup-respond",
    ),
    path("notifications/", notifications.NotificationListView.as_view(), name="notifications"),
    path(
        "notifications/read-all/",
        notifications.NotificationReadAllView.as_view(),
        name="notifications-read-all",
    ),
    path(
        "notifications/<id:pk>/read/",
        notifications.NotificationReadView.as_view(),
        name="notification-read",
    ),
    path("agenda/", agenda.AgendaView.as_view(), name="agenda"),
    path("public/agenda/", agenda.PublicAgendaView.as_view(), name="public-agenda"),
]

app_name = "api"
urlpatterns = [
    path("v1/", include(V1)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's settings as a script of its own (?script), so the
    # page runs no inline script (config/content_policy.py).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    re_path(r"^", not_found),
]
