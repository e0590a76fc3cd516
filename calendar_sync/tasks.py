"""Background work for the agenda: push items to the officials' CalDAV calendars, read
their busy times back, and send iTIP invitations by e-mail.

Every task takes ids and may run twice, late, or at the same time as the sweep:

* a copy remembers the SEQUENCE it pushed (``CalDAVCopy.pushed_sequence``); an item whose
  copy is current is not sent again, and the event's address on the server is made from
  its UID, so even two pushes racing each other leave one resource;
* an invitation is one ``InvitationMail`` row per (item, recipient, method, sequence),
  marked when sent, and locked while it is being sent.

A failure never reaches the caller: it is recorded (attempts, next attempt, last error on
the copy, the mail, and the account's sync state) and retried with exponential backoff by
``retry_due_caldav_pushes`` and ``retry_due_invitations``, which the timer loop runs
through ``manage.py calendar_sync_sweep``.

A cancelled item is deleted from the CalDAV calendar, not kept there as STATUS:CANCELLED:
that calendar is the official's own, where a cancelled event is only clutter, and a
deleted one cannot be misread as busy time. Subscribers of the feeds (who cannot be told
to delete) and mail recipients (who get METHOD:CANCEL) learn of it the RFC 5546 way.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django_tasks import task

from calendar_sync import caldav
from calendar_sync.itip import CANCEL, REQUEST, caldav_resource_ics, invitation_message
from calendar_sync.models import (
    AgendaItem,
    CalDAVAccount,
    CalDAVCopy,
    ExternalBusy,
    InvitationMail,
)
from organization.models import Region

logger = logging.getLogger("lontar.calendar_sync")

BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_MAX = timedelta(hours=6)
# Busy times are read again when older than this (by the sweep).
BUSY_REFRESH = timedelta(minutes=15)
BUSY_WINDOW_PAST = timedelta(days=1)
BUSY_WINDOW_AHEAD = timedelta(days=366)
# The sweep pushes forgotten items back to this far in the past, not the whole history.
PUSH_HORIZON_PAST = timedelta(days=31)
# Travel and leave are entered for the official; there is nothing to invite them to.
INVITATION_KINDS = (AgendaItem.Kind.EVENT, AgendaItem.Kind.MEETING)


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 ... minutes after the 1st, 2nd, 3rd ... failure, at most 6 hours."""
    if attempts < 1:
        return BACKOFF_BASE
    return min(BACKOFF_BASE * 2 ** min(attempts - 1, 20), BACKOFF_MAX)


# --------------------------------------------------------------------------------------
# CalDAV push
# --------------------------------------------------------------------------------------


def _push_copy(account: CalDAVAccount, item_id: int, *, now: datetime) -> caldav.CalDAVError | None:
    """Bring one item's copy on ``account`` up to date; record and return a failure."""
    copy, _created = CalDAVCopy.objects.get_or_create(account=account, item_id=item_id)
    with transaction.atomic():
        # Locked while the request runs, so a push of an older version cannot land after
        # a newer one (PostgreSQL; SQLite writes one at a time anyway).
        copy = CalDAVCopy.objects.select_for_update().select_related("item").get(pk=copy.pk)
        item = copy.item
        if copy.href and not copy.href.startswith(caldav.collection_url(account)):
            # The account now points at another calendar: start afresh there.
            copy.href, copy.etag, copy.pushed_sequence, copy.deleted = "", "", -1, False
        cancelled = item.status == AgendaItem.Status.CANCELLED
        current = (
            copy.pushed_sequence >= item.sequence
            and copy.deleted == cancelled
            and (cancelled or bool(copy.href))
        )
        if current or (cancelled and not copy.href):
            # Nothing to send (a cancelled item never pushed needs no delete either).
            if not current or copy.attempts or copy.next_attempt_at or copy.last_error:
                copy.pushed_sequence = max(copy.pushed_sequence, item.sequence)
                copy.deleted = cancelled
                copy.attempts, copy.next_attempt_at, copy.last_error = 0, None, ""
                copy.save()
            return None
        try:
            if cancelled:
                caldav.delete_event(account, copy.href)
                copy.etag, copy.deleted = "", True
            else:
                copy.href, copy.etag = caldav.put_event(
                    account, item.uid, caldav_resource_ics(item)
                )
                copy.deleted = False
        except caldav.CalDAVError as exc:
            copy.attempts += 1
            copy.next_attempt_at = now + backoff(copy.attempts)
            copy.last_error = str(exc)
            copy.save()
            logger.warning(
                "CalDAV push of item %s to account %s failed: %s", item_id, account.pk, exc
            )
            return exc
        copy.pushed_sequence = item.sequence
        copy.attempts, copy.next_attempt_at, copy.last_error = 0, None, ""
        copy.save()
        return None


def _mark_not_attempted(
    account: CalDAVAccount, item_ids: list[int], error: caldav.CalDAVError, *, now: datetime
) -> None:
    """The server went away before these items' turn: they wait as if they had failed."""
    for item_id in item_ids:
        copy, _created = CalDAVCopy.objects.get_or_create(account=account, item_id=item_id)
        copy.attempts += 1
        copy.next_attempt_at = now + backoff(copy.attempts)
        copy.last_error = str(error)
        copy.save(update_fields=["attempts", "next_attempt_at", "last_error", "updated_at"])


def _account_failed(account: CalDAVAccount, error: Exception, *, now: datetime) -> None:
    account.attempts += 1
    account.next_attempt_at = now + backoff(account.attempts)
    account.sync_state = CalDAVAccount.SyncState.ERROR
    account.last_error = str(error)
    # Only the sync fields: an administrator may be changing the password meanwhile.
    account.save(update_fields=["attempts", "next_attempt_at", "sync_state", "last_error"])


def _account_reachable(account: CalDAVAccount, *, now: datetime, synced: bool) -> None:
    """The server answered. The account is OK unless some copy is still failing."""
    failing = (
        CalDAVCopy.objects.filter(account=account, next_attempt_at__isnull=False)
        .order_by("-updated_at")
        .first()
    )
    account.attempts, account.next_attempt_at = 0, None
    fields = ["attempts", "next_attempt_at", "sync_state", "last_error"]
    if failing is None:
        account.sync_state, account.last_error = CalDAVAccount.SyncState.OK, ""
    else:
        account.sync_state, account.last_error = CalDAVAccount.SyncState.ERROR, failing.last_error
    if synced:
        account.last_synced_at = now
        fields.append("last_synced_at")
    account.save(update_fields=fields)


def _pending_item_ids(account: CalDAVAccount, *, now: datetime, only_due: bool) -> list[int]:
    """Items of the account's official whose copy is missing or older than the item."""
    copies = CalDAVCopy.objects.filter(account=account, item=OuterRef("pk"))
    current = copies.filter(pushed_sequence__gte=OuterRef("sequence")).filter(
        Q(deleted=True) | Q(href__startswith=caldav.collection_url(account))
    )
    live = copies.filter(deleted=False).exclude(href="")
    items = (
        AgendaItem.objects.filter(
            official_id=account.official_id, start__gte=now - PUSH_HORIZON_PAST
        )
        .exclude(Exists(current))
        # A cancelled item matters only if there is a copy to delete.
        .exclude(Q(status=AgendaItem.Status.CANCELLED) & ~Exists(live))
    )
    if only_due:
        items = items.exclude(Exists(copies.filter(next_attempt_at__gt=now)))
    return list(items.order_by("start", "pk").values_list("pk", flat=True))


def _refresh_busy(account: CalDAVAccount, *, now: datetime) -> int:
    """Replace the account's busy times with what its calendar says now."""
    found = caldav.busy_times(
        account, now - BUSY_WINDOW_PAST, now + BUSY_WINDOW_AHEAD, zone=Region.current().zone
    )
    # Lontar's own items come back from the calendar too; they are not outside commitments.
    ours = set(
        AgendaItem.objects.filter(uid__in={b.uid for b in found}).values_list("uid", flat=True)
    )
    rows: dict[tuple[str, datetime], ExternalBusy] = {}
    for busy in found:
        if busy.uid in ours:
            continue
        uid = busy.uid[:300]
        rows[(uid, busy.start)] = ExternalBusy(
            account=account,
            official_id=account.official_id,
            external_uid=uid,
            summary=busy.summary,
            start=busy.start,
            end=busy.end,
        )
    with transaction.atomic():
        ExternalBusy.objects.filter(account=account).delete()
        ExternalBusy.objects.bulk_create(rows.values())
    return len(rows)


def _sync_account(account: CalDAVAccount, *, now: datetime, only_due: bool) -> dict[str, int]:
    """Push what is pending, then read busy times back. Stops at the first sign that the
    server is out of reach; the rest waits for the next attempt."""
    # A copy pushed by a task while this sync marked it "not attempted" is current: it no
    # longer waits for anything.
    CalDAVCopy.objects.filter(
        account=account,
        next_attempt_at__isnull=False,
        pushed_sequence__gte=F("item__sequence"),
    ).filter(Q(deleted=True) | Q(href__startswith=caldav.collection_url(account))).update(
        attempts=0, next_attempt_at=None, last_error=""
    )
    pending = _pending_item_ids(account, now=now, only_due=only_due)
    result = {"pushed": 0, "failed": 0, "busy": 0}
    for index, item_id in enumerate(pending):
        error = _push_copy(account, item_id, now=now)
        if error is None:
            result["pushed"] += 1
            continue
        result["failed"] += 1
        if error.server_unavailable:
            rest = pending[index + 1 :]
            _mark_not_attempted(account, rest, error, now=now)
            result["failed"] += len(rest)
            _account_failed(account, error, now=now)
            return result
        # Only this event was refused (its copy records why); the others may still go.
    if account.read_busy_times:
        try:
            result["busy"] = _refresh_busy(account, now=now)
        except caldav.CalDAVError as exc:
            logger.warning("reading busy times of account %s failed: %s", account.pk, exc)
            _account_failed(account, exc, now=now)
            return result
    else:
        ExternalBusy.objects.filter(account=account).delete()
    # A refused event keeps the account in error (its copy is still failing).
    _account_reachable(account, now=now, synced=True)
    return result


@task()
def push_agenda_item(item_id: int) -> str:
    """Create, update or delete one item's copy on its official's CalDAV calendar."""
    item = AgendaItem.objects.filter(pk=item_id).only("official_id").first()
    if item is None:
        return "missing"
    account = CalDAVAccount.objects.filter(official_id=item.official_id, enabled=True).first()
    if account is None:
        return "no account"
    now = timezone.now()
    error = _push_copy(account, item_id, now=now)
    if error is not None:
        _account_failed(account, error, now=now)
        return f"failed: {error}"
    _account_reachable(account, now=now, synced=False)
    return "ok"


@task()
def sync_caldav_account(account_id: int) -> dict[str, int] | str:
    """Push everything pending for one account now (backoff or not) and read its busy
    times back."""
    account = CalDAVAccount.objects.filter(pk=account_id, enabled=True).first()
    if account is None:
        return "no account"
    return _sync_account(account, now=timezone.now(), only_due=False)


def retry_due_caldav_pushes(*, now: datetime | None = None) -> dict[str, int]:
    """The periodic sweep: accounts with a push due (a failed one whose time has come, or
    an item no task has pushed yet) or busy times to refresh. An account whose server is
    down is left alone until its next attempt."""
    now = now or timezone.now()
    totals = {"accounts": 0, "pushed": 0, "failed": 0, "busy": 0}
    for account in CalDAVAccount.objects.filter(enabled=True).order_by("pk"):
        copy_due = CalDAVCopy.objects.filter(account=account, next_attempt_at__lte=now).exists()
        backing_off = account.next_attempt_at is not None and account.next_attempt_at > now
        if backing_off and not copy_due:
            continue
        busy_stale = account.read_busy_times and (
            account.last_synced_at is None or account.last_synced_at <= now - BUSY_REFRESH
        )
        if not (copy_due or busy_stale or _pending_item_ids(account, now=now, only_due=True)):
            continue
        try:
            result = _sync_account(account, now=now, only_due=True)
        except Exception:  # one broken account must not stop the others
            logger.exception("CalDAV sweep of account %s failed", account.pk)
            continue
        totals["accounts"] += 1
        for key, value in result.items():
            totals[key] += value
    return totals


# --------------------------------------------------------------------------------------
# iTIP invitations by e-mail
# --------------------------------------------------------------------------------------


def _send_invitation(item: AgendaItem, *, recipient: str, method: str, now: datetime) -> str:
    mail, _created = InvitationMail.objects.get_or_create(
        item=item, recipient=recipient, method=method, sequence=item.sequence
    )
    with transaction.atomic():
        # Locked while sending: the worker and the sweep never send the same mail twice.
        mail = InvitationMail.objects.select_for_update().get(pk=mail.pk)
        if mail.sent_at is not None:
            return "already sent"
        mail.attempts += 1
        try:
            invitation_message(
                item, method=method, recipient=recipient, name=item.official.name
            ).send()
        except Exception as exc:  # SMTP refusals, connection errors, a broken backend
            mail.next_attempt_at = now + backoff(mail.attempts)
            mail.last_error = f"{type(exc).__name__}: {exc}"[:1000]
            mail.save(update_fields=["attempts", "next_attempt_at", "last_error"])
            logger.warning("invitation %s to %s failed: %s", mail.pk, recipient, exc)
            return "failed"
        mail.sent_at = timezone.now()
        mail.next_attempt_at, mail.last_error = None, ""
        mail.save(update_fields=["attempts", "sent_at", "next_attempt_at", "last_error"])
        return "sent"


def _invitation_wanted(item: AgendaItem) -> tuple[str, str] | None:
    """(recipient, method) the item calls for now, or None."""
    recipient = (item.official.email or "").strip()
    if not recipient:
        return None
    if item.status == AgendaItem.Status.CANCELLED:
        invited = InvitationMail.objects.filter(
            item=item, recipient=recipient, method=REQUEST, sent_at__isnull=False
        ).exists()
        # Nobody was told of it: there is nothing to take back.
        return (recipient, CANCEL) if invited else None
    if item.kind not in INVITATION_KINDS:
        return None
    return recipient, REQUEST


@task()
def send_agenda_invitations(item_id: int) -> str:
    """Send the attending official the item's current invitation (REQUEST), or its
    cancellation (CANCEL), once per change."""
    item = AgendaItem.objects.filter(pk=item_id).select_related("official").first()
    if item is None:
        return "missing"
    wanted = _invitation_wanted(item)
    if wanted is None:
        return "nothing to send"
    recipient, method = wanted
    return _send_invitation(item, recipient=recipient, method=method, now=timezone.now())


def retry_due_invitations(*, now: datetime | None = None) -> dict[str, int]:
    """Send again the failed invitations whose time has come; one that a later change made
    stale (another sequence or method, another address) is dropped, the later one is
    sent instead."""
    now = now or timezone.now()
    totals = {"sent": 0, "failed": 0, "dropped": 0}
    due = InvitationMail.objects.filter(sent_at__isnull=True, next_attempt_at__lte=now)
    for mail in due.select_related("item__official").order_by("pk"):
        item = mail.item
        wanted = _invitation_wanted(item)
        if wanted != (mail.recipient, mail.method) or mail.sequence != item.sequence:
            mail.next_attempt_at = None
            mail.last_error = (mail.last_error + " (digantikan perubahan berikutnya)").strip()
            mail.save(update_fields=["next_attempt_at", "last_error"])
            totals["dropped"] += 1
            if wanted is None:
                continue
        recipient, method = wanted
        outcome = _send_invitation(item, recipient=recipient, method=method, now=now)
        if outcome in totals:
            totals[outcome] += 1
    return totals
