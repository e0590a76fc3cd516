"""My notifications over the API: the bell's list, read one, read all; never another's."""

from notifications.models import Kind, Notification
from notifications.services import notify
from tests.api.conftest import Api, api_for, assert_error_shape


def _notify(user, key: str, title: str = "Tugas baru: telaah surat") -> Notification:
    notify(recipients=[user], kind=Kind.TASK_NEW, title=title, body="", url="/tugas/", key=key)
    return Notification.objects.get(user=user, key=key)


def test_my_notifications_newest_first_with_the_bells_number(world):
    first = _notify(world.reviewer, "a", "Tugas pertama")
    second = _notify(world.reviewer, "b", "Tugas kedua")
    _notify(world.clerk, "c", "Milik orang lain")
    reviewer = api_for(world.reviewer)

    body = reviewer.get("/api/v1/notifications/").json()

    assert [row["id"] for row in body["results"]] == [second.pk, first.pk]
    assert body["unread_count"] == 2
    assert body["results"][0]["title"] == "Tugas kedua"
    assert body["results"][0]["read_at"] is None


def test_reading_one_then_all(world):
    first = _notify(world.reviewer, "a")
    _notify(world.reviewer, "b")
    reviewer = api_for(world.reviewer)

    response = reviewer.post(f"/api/v1/notifications/{first.pk}/read/")
    assert response.status_code == 200
    assert response.json()["read_at"] is not None
    unread = reviewer.get("/api/v1/notifications/", unread="true").json()
    assert (unread["count"], unread["unread_count"]) == (1, 1)

    response = reviewer.post("/api/v1/notifications/read-all/")
    assert response.json() == {"marked": 1, "unread_count": 0}
    assert not Notification.objects.filter(user=world.reviewer, read_at__isnull=True).exists()


def test_someone_else_cannot_read_or_mark_my_notifications(world):
    mine = _notify(world.reviewer, "a", "Milik penelaah")
    clerk = api_for(world.clerk)

    assert clerk.get("/api/v1/notifications/").json()["results"] == []
    assert_error_shape(clerk.post(f"/api/v1/notifications/{mine.pk}/read/"), 404)
    clerk.post("/api/v1/notifications/read-all/")
    mine.refresh_from_db()
    assert mine.read_at is None
    assert_error_shape(Api().get("/api/v1/notifications/"), 401)


def test_a_bad_filter_is_a_400(world):
    response = api_for(world.reviewer).get("/api/v1/notifications/", unread="kadang")
    assert_error_shape(response, 400)
