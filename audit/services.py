"""The one way into the audit log. Other apps call ``audit_record`` (or ``audit_record_many``
for bulk writes) with labels that are safe to show; the log knows nothing of their models.

Action names are ``<object>.<verb>``: ``letter.<LetterEvent action>``, ``task.assign``,
``document.open``, ``auth.login``, ``auth.login_failed``, ``auth.logout``,
``auth.otp_failed``, ``role.add``, ``role.remove``, ``permission.add``,
``permission.remove``, ``official.account``, ``leader_staff.add``, ``leader_staff.remove``,
``admin.add``, ``admin.change``, ``admin.delete``, and ``export`` (a file of records leaving
the system: a BagIt dossier, a report, a SRIKANDI batch; ``after`` says what and how many).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from audit import context
from audit.chain import GENESIS_HASH, json_safe, row_hash
from audit.models import AuditCheck, AuditEntry, AuditHead
from audit.verify import ChainStatus
from organization.models import Official

EXPORT = "export"


@dataclass
class AuditInput:
    """One row to write, as ``audit_record``'s keywords."""

    action: str
    actor: Any = None
    on_behalf_of: Official | None = None
    obj: Any = None
    obj_label: str = ""
    scope: str = ""
    ip: str | None = None
    before: Any = None
    after: Any = None
    note: str = ""
    at: Any = field(default=None)


def _lock_head() -> AuditHead:
    """The head row, locked until the transaction ends: one writer at a time extends the
    chain. PostgreSQL: a row lock. SQLite: an UPDATE first, which takes the database's
    write lock before the head is read (a plain read first would let two writers read
    the same head)."""
    if connection.vendor == "postgresql":
        head = AuditHead.objects.select_for_update().filter(pk=1).first()
    else:
        AuditHead.objects.filter(pk=1).update(last_id=F("last_id"))
        head = AuditHead.objects.filter(pk=1).first()
    if head is None:
        # An emptied database (``flush``): start again from the last row, if any is left.
        last = AuditEntry.objects.order_by("-id").values_list("id", "hash").first()
        last_id, last_hash = last or (0, GENESIS_HASH)
        AuditHead.objects.get_or_create(pk=1, defaults={"last_id": last_id, "last_hash": last_hash})
        return _lock_head()
    return head


def _user_label(user: Any) -> str:
    return user.get_username() if user is not None else ""


def _row(item: AuditInput, *, pk: int, prev_hash: str) -> AuditEntry:
    actor = item.actor if item.actor is not None and item.actor.is_authenticated else None
    content_type_id, object_id, label = None, "", item.obj_label
    if item.obj is not None:
        # get_for_model takes an instance too, and so reads through request.user's lazy
        # wrapper (whose type is not the model).
        content_type_id = ContentType.objects.get_for_model(item.obj).pk
        object_id = str(item.obj.pk)
        label = label or f"{item.obj._meta.verbose_name} #{item.obj.pk}"
    at = item.at or timezone.now()
    ip = item.ip if item.ip is not None else context.current_ip()
    values = {
        "id": pk,
        "at": at,
        "action": item.action,
        "actor_id": actor.pk if actor else None,
        "actor_label": _user_label(actor)[:150],
        "on_behalf_of_id": item.on_behalf_of.pk if item.on_behalf_of else None,
        "on_behalf_label": str(item.on_behalf_of)[:200] if item.on_behalf_of else "",
        "ip": ip or None,
        "content_type_id": content_type_id,
        "object_id": object_id,
        "object_label": label[:200],
        "scope": item.scope[:100],
        "before": json_safe(item.before),
        "after": json_safe(item.after),
        "note": item.note,
        "prev_hash": prev_hash,
    }
    values["hash"] = row_hash(values)
    return AuditEntry(**values)


@transaction.atomic
def audit_record_many(entries: Iterable[AuditInput]) -> list[AuditEntry]:
    """Append ``entries`` in order under one lock, in one INSERT per 500 rows."""
    items = list(entries)
    if not items:
        return []
    head = _lock_head()
    rows, pk, prev = [], head.last_id, head.last_hash
    for item in items:
        pk += 1
        row = _row(item, pk=pk, prev_hash=prev)
        rows.append(row)
        prev = row.hash
    AuditEntry.objects.bulk_create(rows, batch_size=500)
    AuditHead.objects.filter(pk=1).update(last_id=pk, last_hash=prev)
    return rows


def audit_record(
    *,
    action: str,
    actor: Any,
    on_behalf_of: Official | None = None,
    obj: Any = None,
    obj_label: str = "",
    scope: str = "",
    ip: str | None = None,
    before: Any = None,
    after: Any = None,
    note: str = "",
) -> AuditEntry:
    """Append one row. ``actor`` None is the system (or an anonymous visitor); ``ip``
    None takes the current request's address. Labels and ``note`` must be safe for
    every reader of the log: a confidential subject never goes here."""
    item = AuditInput(
        action=action,
        actor=actor,
        on_behalf_of=on_behalf_of,
        obj=obj,
        obj_label=obj_label,
        scope=scope,
        ip=ip,
        before=before,
        after=after,
        note=note,
    )
    return audit_record_many([item])[0]


def audit_check_record(*, status: ChainStatus) -> AuditCheck:
    """Keep the outcome of a walk of the chain, for the auditor's status line."""
    return AuditCheck.objects.create(
        ok=status.ok,
        count=status.count,
        last_id=status.last_id,
        last_hash=status.last_hash,
        broken_id=status.broken_id,
        reason=status.reason[:300],
    )
