"""The WhatsApp gateway adapter: one function, ``send_whatsapp``, two modes.

* ``form``: the form POST Indonesian gateways take (Fonnte, Wablas): a token in a header
  and the target number and the message as form fields, all named by settings.
* ``webhook``: a signed JSON POST for any other gateway or relay. The body is
  ``{"id", "to", "message", "timestamp"}``; ``X-Lontar-Signature`` is the hex HMAC-SHA256
  of the raw body with ``LONTAR_WHATSAPP_WEBHOOK_SECRET``, ``X-Lontar-Timestamp`` the Unix
  time (also in the signed body), and ``Idempotency-Key`` the delivery's stable id, the
  same on every retry, so a receiver can drop a repeat.
"""

import hashlib
import hmac
import json
import re
import time
from urllib.parse import urlencode

from django.conf import settings

from notifications.outgoing import OutgoingError, post

SIGNATURE_HEADER = "X-Lontar-Signature"
TIMESTAMP_HEADER = "X-Lontar-Timestamp"


class GatewayNotConfigured(OutgoingError):
    def __init__(self) -> None:
        super().__init__("no WhatsApp gateway configured", permanent=True)


def normalize_phone(raw: str) -> str:
    """An Indonesian number as gateways want it: digits, country code 62 (08xx -> 628xx,
    +62 8xx -> 628xx). Returns "" for something that is no phone number."""
    digits = re.sub(r"[\s\-().]", "", raw or "")
    if digits.startswith("+"):
        digits = digits[1:]
    if not digits.isdigit():
        return ""
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    elif digits.startswith("8"):
        digits = "62" + digits
    if not digits.startswith("62") or not 10 <= len(digits) <= 15:
        return ""
    return digits


def sign(body: bytes, secret: str) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def send_whatsapp(*, phone: str, message: str, idempotency_key: str) -> None:
    """Hand one message to the gateway; raise OutgoingError when it is not taken."""
    mode = settings.LONTAR_WHATSAPP_MODE
    url = settings.LONTAR_WHATSAPP_URL
    timeout = settings.LONTAR_WHATSAPP_TIMEOUT
    if mode not in {"form", "webhook"} or not url:
        raise GatewayNotConfigured()
    if mode == "form":
        body = urlencode(
            {
                settings.LONTAR_WHATSAPP_TARGET_FIELD: phone,
                settings.LONTAR_WHATSAPP_MESSAGE_FIELD: message,
            }
        ).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if settings.LONTAR_WHATSAPP_TOKEN:
            headers[settings.LONTAR_WHATSAPP_TOKEN_HEADER] = settings.LONTAR_WHATSAPP_TOKEN
        post(url, body=body, headers=headers, timeout=timeout)
        return
    timestamp = str(int(time.time()))
    body = json.dumps(
        {"id": idempotency_key, "to": phone, "message": message, "timestamp": int(timestamp)},
        ensure_ascii=False,
    ).encode()
    headers = {
        "Content-Type": "application/json",
        SIGNATURE_HEADER: sign(body, settings.LONTAR_WHATSAPP_WEBHOOK_SECRET),
        TIMESTAMP_HEADER: timestamp,
        "Idempotency-Key": idempotency_key,
    }
    post(url, body=body, headers=headers, timeout=timeout)
