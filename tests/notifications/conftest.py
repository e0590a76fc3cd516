"""A real HTTP server on 127.0.0.1 standing in for the WhatsApp gateway, the webhook
receiver and a Web Push service: ``http.server`` in a thread of this process.

It records each request (path, headers, raw body) and answers with ``status`` (200 by
default; a test sets 500 to play a gateway in trouble). ``stop()`` closes the port, so
the next request is refused; ``start()`` opens it again on the same port. The handler has
stored a request before it answers, so a test reads ``requests`` right after the call.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.smtp import free_port


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    body: bytes


class Receiver:
    def __init__(self) -> None:
        self.port = free_port()
        self.requests: list[Seen] = []
        self.status = 200
        self.lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                with receiver.lock:
                    receiver.requests.append(Seen(self.path, dict(self.headers.items()), body))
                    status = receiver.status
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"status": true}')

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.allow_reuse_address = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        server, self.server = self.server, None
        if server is not None:
            server.shutdown()
            server.server_close()
            self.thread.join(timeout=10)

    def seen(self) -> list[Seen]:
        with self.lock:
            return list(self.requests)


@pytest.fixture
def receiver():
    server = Receiver()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def allow_loopback(settings):
    """Outgoing requests to 127.0.0.1 allowed, as the test servers listen there."""
    settings.LONTAR_OUTGOING_ALLOW_NETWORKS = ["127.0.0.1/32"]


@pytest.fixture
def form_gateway(settings, receiver, allow_loopback):
    """Fonnte-style: token in the Authorization header, target and message fields."""
    settings.LONTAR_WHATSAPP_MODE = "form"
    settings.LONTAR_WHATSAPP_URL = receiver.url + "/send"
    settings.LONTAR_WHATSAPP_TOKEN = "token-rahasia"
    settings.LONTAR_WHATSAPP_TOKEN_HEADER = "Authorization"
    settings.LONTAR_WHATSAPP_TARGET_FIELD = "target"
    settings.LONTAR_WHATSAPP_MESSAGE_FIELD = "message"
    return receiver


WEBHOOK_SECRET = "rahasia-webhook-uji"


@pytest.fixture
def webhook_gateway(settings, receiver, allow_loopback):
    settings.LONTAR_WHATSAPP_MODE = "webhook"
    settings.LONTAR_WHATSAPP_URL = receiver.url + "/hook"
    settings.LONTAR_WHATSAPP_WEBHOOK_SECRET = WEBHOOK_SECRET
    return receiver
