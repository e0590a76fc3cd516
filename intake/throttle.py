"""Rate limits of the public forms, counted in the database so that every web worker
shares them (a per-process cache would give each gunicorn worker its own allowance)."""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone

from intake.models import ThrottleCount


@dataclass(frozen=True)
class Limit:
    scope: str
    setting: str  # the Django setting holding "count/seconds", e.g. "10/3600"
    default: str

    def rate(self) -> tuple[int, timedelta]:
        count, seconds = getattr(settings, self.setting, self.default).split("/")
        return int(count), timedelta(seconds=int(seconds))


# A window is counted in this many slices (see throttle_hit).
BUCKETS = 60

PUBLIC_REQUEST_PER_IP = Limit("public_request_ip", "LONTAR_PUBLIC_REQUEST_RATE_IP", "10/3600")
PUBLIC_REQUEST_PER_EMAIL = Limit(
    "public_request_email", "LONTAR_PUBLIC_REQUEST_RATE_EMAIL", "5/86400"
)
STATUS_LOOKUP_PER_IP = Limit("status_lookup_ip", "LONTAR_STATUS_LOOKUP_RATE_IP", "30/3600")


def throttle_hit(*, limit: Limit, key: str, now: datetime | None = None) -> bool:
    """Count one attempt by ``key`` (an address) against ``limit`` and say whether the
    attempts of the last window are within it (see throttle_count)."""
    allowed, window = limit.rate()
    return throttle_count(scope=limit.scope, allowed=allowed, window=window, key=key, now=now)


def throttle_count(
    *, scope: str, allowed: int, window: timedelta, key: str, now: datetime | None = None
) -> bool:
    """Count one attempt by ``key`` in ``scope`` and say whether the attempts of the last
    ``window`` are at most ``allowed``. Every attempt counts, refused ones too, so a flood
    stays refused.

    A sliding window, counted in buckets of 1/60 of it (a minute for an hour): a fixed
    window would let a flood through twice over at each boundary (the last minute of
    one hour and the first of the next), and a row per attempt would grow with the flood.
    """
    now = now or timezone.now()
    bucket = max(int(window.total_seconds()) // BUCKETS, 1)
    start = datetime.fromtimestamp(int(now.timestamp()) // bucket * bucket, tz=now.tzinfo)
    hashed = hashlib.sha256(f"{scope}\0{key.strip().lower()}".encode()).hexdigest()
    rows = ThrottleCount.objects.filter(scope=scope, key=hashed)
    with transaction.atomic():
        # One statement whether the slice's row exists or not (both engines have upserts),
        # so two workers counting at once neither fail nor lose a count.
        table = connection.ops.quote_name(ThrottleCount._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (scope, key, window_start, count) VALUES (%s, %s, %s, 1) "
                f"ON CONFLICT (scope, key, window_start) DO UPDATE SET count = {table}.count + 1",
                [scope, hashed, connection.ops.adapt_datetimefield_value(start)],
            )
        recent = rows.filter(window_start__gt=now - window).aggregate(total=Sum("count"))
        # Buckets that left the window are of no use to anyone: drop the scope's.
        ThrottleCount.objects.filter(scope=scope, window_start__lte=now - window).delete()
    return (recent["total"] or 0) <= allowed


def client_address(request: HttpRequest) -> str:
    """The client's IP. Behind a reverse proxy set LONTAR_TRUST_X_FORWARDED_FOR=1, so the
    proxy's X-Forwarded-For (its last entry, the one the proxy added) is used."""
    if getattr(settings, "LONTAR_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")
