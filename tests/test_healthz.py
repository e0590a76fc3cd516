"""``/healthz``: database, storage and queue, for the load balancer."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone


def test_healthy(db):
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "storage": "ok",
        "queue": "ok",
    }
    assert "no-cache" in response["Cache-Control"]


def test_a_storage_outage_is_a_503_naming_it(db, monkeypatch):
    from django.core.files.storage import default_storage

    def down(name: str) -> bool:
        raise ConnectionError("bucket unreachable")

    monkeypatch.setattr(default_storage, "exists", down)
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["storage"] == "failed"
    assert response.json()["database"] == "ok"


def test_a_task_left_waiting_for_a_worker_is_a_503(db, settings):
    from django_tasks_db.models import DBTaskResult, get_date_max

    waited = timezone.now() - timedelta(seconds=settings.LONTAR_HEALTHZ_QUEUE_SECONDS + 5)
    task = DBTaskResult.objects.create(
        status="READY",
        task_path="documents.tasks.extract_document_text",
        args_kwargs={"args": [0], "kwargs": {}},
        priority=0,
        queue_name="default",
        backend_name="default",
        run_after=get_date_max(),
    )
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=waited)  # auto_now_add
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["queue"] == "failed"
    # A task due later (run_after in the future) is not waiting for a worker.
    DBTaskResult.objects.update(run_after=timezone.now() + timedelta(hours=1))
    assert Client().get("/healthz").status_code == 200


def test_only_get_and_head(db):
    assert Client().post("/healthz").status_code == 405
