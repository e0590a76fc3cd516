"""Sending deliveries in the background, and the sweep that retries them.

``send_deliveries`` takes ids and may run twice, late, or beside the sweep. A delivery is
*claimed* in a short transaction before it is sent (its next attempt moved ``LEASE``
ahead, so neither the sweep nor a second task takes it meanwhile), sent outside any
transaction, and its outcome saved in another: a gateway that hangs holds no database
lock (on SQLite, one lock for every writer) and no step waits for it. A message goes out
once; only a worker dying between sending and saving leaves it to be sent again when the
lease ends (the webhook's ``Idempotency-Key`` lets the gateway drop that repeat). A failure
is recorded on the delivery (attempts, next attempt, the reason) and retried with
exponential backoff by ``retry_due_deliveries`` (``manage.py notifications_sweep``) up
to ``MAX_ATTEMPTS``; a permanent one (no number, a refused address) fails at once.
"""

import logging
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from notifications import channels
from notifications.models import Channel, Delivery, Notification, Profile
from notifications.outgoing import OutgoingError
from organization.models import Region

logger = logging.getLogger("lontar.notifications")

BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_MAX = timedelta(hours=6)
MAX_ATTEMPTS = 10  # about 17 hours of trying
# How long a claimed delivery is left to its sender: longer than any channel may take
# (the SMTP and gateway timeouts, a few push services).
LEASE = timedelta(minutes=10)


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 ... minutes after the 1st, 2nd, 3rd ... failure, at most 6 hours."""
    return min(BACKOFF_BASE * 2 ** min(max(attempts, 1) - 1, 20), BACKOFF_MAX)


def _failed(delivery: Delivery, error: OutgoingError, *, now: datetime) -> None:
    delivery.last_error = str(error)[:2000]
    if error.permanent or delivery.attempts >= MAX_ATTEMPTS:
        delivery.status, delivery.next_attempt_at = Delivery.Status.FAILED, None
    else:
        delivery.next_attempt_at = now + backoff(delivery.attempts)


def _claim(delivery_id: int, *, now: datetime) -> Delivery | None:
    """The delivery, claimed for one attempt, if it is pending and due now."""
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(of=("self",))
            .select_related("notification__user")
            .filter(pk=delivery_id, status=Delivery.Status.PENDING, digest=False)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .first()
        )
        if delivery is None:
            return None
        delivery.attempts += 1
        delivery.next_attempt_at = now + LEASE
        delivery.save(update_fields=["attempts", "next_attempt_at", "updated_at"])
        return delivery


def deliver(delivery_id: int, *, now: datetime | None = None) -> str:
    """Send one delivery unless it is sent, given up, waiting for its digest or its next
    attempt, or being sent by someone else."""
    now = now or timezone.now()
    delivery = _claim(delivery_id, now=now)
    if delivery is None:
        return "skipped"
    try:
        channels.send(delivery)
    except OutgoingError as exc:
        _failed(delivery, exc, now=now)
        delivery.save(update_fields=["status", "next_attempt_at", "last_error", "updated_at"])
        logger.warning("notification delivery %s failed: %s", delivery.pk, exc)
        return "failed"
    delivery.status, delivery.sent_at = Delivery.Status.SENT, now
    delivery.next_attempt_at, delivery.last_error = None, ""
    delivery.save(
        update_fields=["status", "sent_at", "next_attempt_at", "last_error", "updated_at"]
    )
    return "sent"


@task()
def send_deliveries(delivery_ids: list[int]) -> dict[str, int]:
    """Send the deliveries of one event (or any batch)."""
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    for delivery_id in delivery_ids:
        try:
            counts[deliver(delivery_id)] += 1
        except Exception:  # a bug in one channel must not stop the others
            logger.exception("notification delivery %s broke", delivery_id)
            counts["failed"] += 1
    return counts


def retry_due_deliveries(*, now: datetime | None = None) -> dict[str, int]:
    """The sweep: every pending delivery whose time has come (a failed one's next attempt,
    or one never attempted because its task was never queued or run)."""
    now = now or timezone.now()
    due = Delivery.objects.filter(status=Delivery.Status.PENDING, digest=False).filter(
        Q(next_attempt_at__lte=now)
        # Not yet tried: give its own task a minute before the sweep steps in.
        | Q(next_attempt_at__isnull=True, created_at__lte=now - timedelta(minutes=1))
    )
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    for delivery_id in list(due.order_by("pk").values_list("pk", flat=True)[:1000]):
        try:
            counts[deliver(delivery_id, now=now)] += 1
        except Exception:
            logger.exception("notification delivery %s broke", delivery_id)
            counts["failed"] += 1
    return counts


def _digest_due(now: datetime) -> tuple[bool, datetime]:
    """Whether today's digest time has passed in the region's zone, and today's date."""
    local = now.astimezone(Region.current().zone)
    hours, minutes = (int(part) for part in settings.LONTAR_EMAIL_DIGEST_TIME.split(":"))
    return local.time() >= time(hours, minutes), local


def _claim_digest(
    user_id: int, *, today: date
) -> tuple[Profile, list[Delivery], date | None] | None:
    """Mark today's digest as the user's (so no second sweep sends it) and return what
    waits for it, with the day of the digest before; None if there is nothing to send."""
    with transaction.atomic():
        profile, _created = Profile.objects.select_for_update().get_or_create(user_id=user_id)
        if profile.digest_sent_on == today:
            return None
        rows = list(
            Delivery.objects.filter(
                status=Delivery.Status.PENDING,
                digest=True,
                channel=Channel.EMAIL,
                notification__user_id=user_id,
            )
            .select_related("notification__user")
            .order_by("notification__created_at", "pk")
        )
        if not rows:
            return None
        previous = profile.digest_sent_on
        profile.digest_sent_on = today
        profile.save(update_fields=["digest_sent_on", "updated_at"])
        return profile, rows, previous


def send_email_digests(*, now: datetime | None = None) -> dict[str, int]:
    """Once a day after ``LONTAR_EMAIL_DIGEST_TIME``: one mail per user who chose the
    digest, with every notification waiting for it."""
    now = now or timezone.now()
    due, local = _digest_due(now)
    counts = {"sent": 0, "failed": 0}
    if not due:
        return counts
    waiting = Delivery.objects.filter(
        status=Delivery.Status.PENDING, digest=True, channel=Channel.EMAIL
    )
    user_ids = set(waiting.values_list("notification__user_id", flat=True))
    for user_id in sorted(user_ids):
        claimed = _claim_digest(user_id, today=local.date())
        if claimed is None:
            continue
        profile, rows, previous = claimed
        notifications: list[Notification] = [row.notification for row in rows]
        address = notifications[0].user.email
        try:
            if not address:
                raise OutgoingError("the user has no e-mail address", permanent=True)
            channels.send_email_digest(address, notifications)
        except OutgoingError as exc:
            # The digest waits for the next sweep; a user without address gives up.
            counts["failed"] += 1
            with transaction.atomic():
                Profile.objects.filter(pk=profile.pk).update(digest_sent_on=previous)
                for row in rows:
                    row.attempts += 1
                    row.last_error = str(exc)[:2000]
                    if exc.permanent:
                        row.status = Delivery.Status.FAILED
                Delivery.objects.bulk_update(rows, ["attempts", "last_error", "status"])
            continue
        Delivery.objects.filter(pk__in=[row.pk for row in rows]).update(
            status=Delivery.Status.SENT, sent_at=now, attempts=1, last_error="", updated_at=now
        )
        counts["sent"] += 1
    return counts
