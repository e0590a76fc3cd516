"""Outgoing HTTP for the notification channels, refusing private addresses.

A gateway or webhook URL comes from the settings, a push endpoint from a browser: either
could point inside the office network. Every host is resolved first and refused when any
of its addresses is not a public one (private, loopback, link-local, reserved...) unless
it lies in ``LONTAR_OUTGOING_ALLOW_NETWORKS``. Redirects are not followed: a public
address answering "go to 10.0.0.5" would otherwise get around the check.
"""

import ipaddress
import socket
import urllib.error
import urllib.request
from functools import cache
from urllib.parse import urlsplit

from django.conf import settings


class OutgoingError(Exception):
    """A request that did not get through. ``permanent`` ones are not retried."""

    def __init__(self, message: str, *, permanent: bool = False, status: int | None = None) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.status = status


@cache
def _allowed_networks(spec: tuple[str, ...]) -> tuple[ipaddress._BaseNetwork, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in spec)


def check_url(url: str) -> None:
    """Raise a permanent OutgoingError unless ``url`` is http(s) to public addresses."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise OutgoingError(f"not an http(s) URL: {url[:100]}", permanent=True)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise OutgoingError(f"cannot resolve {parts.hostname}: {exc}") from exc
    allowed = _allowed_networks(tuple(getattr(settings, "LONTAR_OUTGOING_ALLOW_NETWORKS", ())))
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if address.is_global or any(address in network for network in allowed):
            continue
        raise OutgoingError(
            f"refused: {parts.hostname} resolves to the non-public address {address}",
            permanent=True,
        )


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def post(url: str, *, body: bytes, headers: dict[str, str], timeout: float) -> int:
    """POST ``body``; return the status, or raise OutgoingError (4xx but 408 and 429 are
    permanent; 5xx, timeouts and refused connections are worth another try)."""
    check_url(url)
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with _opener.open(request, timeout=timeout) as response:
            response.read(65536)
            return response.status
    except urllib.error.HTTPError as exc:
        permanent = 300 <= exc.code < 500 and exc.code not in {408, 425, 429}
        raise OutgoingError(
            f"HTTP {exc.code} from {urlsplit(url).hostname}", permanent=permanent, status=exc.code
        ) from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise OutgoingError(f"{urlsplit(url).hostname}: {reason}") from exc
