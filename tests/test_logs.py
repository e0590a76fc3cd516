"""Logs as JSON lines with the request's id."""

import json
import logging

from django.test import Client

from config.logs import JsonFormatter, RequestIdFilter


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []
        self.addFilter(RequestIdFilter())
        self.setFormatter(JsonFormatter())

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


def test_each_request_is_one_json_line_with_its_id(world):
    handler = _Lines()
    logger = logging.getLogger("lontar.requests")
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.INFO)
    try:
        client = Client()
        client.force_login(world.clerk)
        response = client.get("/letters/", HTTP_X_REQUEST_ID="proxy-abc.123")
        ours = Client().get("/agenda/")
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    assert response["X-Request-ID"] == "proxy-abc.123"
    first, second = (json.loads(line) for line in handler.lines)
    assert first["request_id"] == "proxy-abc.123"
    assert (first["method"], first["path"], first["status"], first["user"]) == (
        "GET",
        "/letters/",
        200,
        "persuratan",
    )
    assert first["duration_ms"] >= 0 and first["time"].endswith("+00:00")
    # No id from the proxy (or a strange one): a fresh one, sent back.
    assert len(second["request_id"]) == 32 and second["request_id"] == ours["X-Request-ID"]


def test_a_strange_request_id_is_not_taken(db):
    response = Client().get("/agenda/", HTTP_X_REQUEST_ID="x\r\nSet-Cookie: a=b")
    assert response["X-Request-ID"] != "x\r\nSet-Cookie: a=b"
    assert len(response["X-Request-ID"]) == 32
