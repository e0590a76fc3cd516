"""Reads of the audit log, for the auditor and the administrator only (they may see every
letter, so every label in the log is theirs to see). Everyone else gets nothing."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone

from audit.models import AuditCheck, AuditEntry
from organization.models import Role
from organization.roles import has_role

READERS = (Role.AUDITOR, Role.ADMINISTRATOR)


def audit_log_readable(*, user: Any) -> bool:
    return has_role(user, *READERS)


@dataclass(frozen=True)
class LogQuery:
    """The log page's filters; empty means "any"."""

    scope: str = ""  # a letter's agenda number
    actor: str = ""  # a user name
    action: str = ""  # an action, or its prefix before the dot ("letter", "auth")
    date_from: date | None = None
    date_to: date | None = None


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_entries(*, user: Any, query: LogQuery = LogQuery()) -> QuerySet[AuditEntry]:
    """Newest first. Each filter rides an index that ends in the id (scope, actor,
    action) or the time, so a page of a million-row log is a short index scan."""
    if not audit_log_readable(user=user):
        return AuditEntry.objects.none()
    rows = AuditEntry.objects.order_by("-id")
    if query.scope:
        rows = rows.filter(scope=query.scope.strip())
    if query.actor:
        rows = rows.filter(actor_label=query.actor.strip())
    if query.action:
        action = query.action.strip()
        rows = (
            rows.filter(action=action)
            if "." in action
            else rows.filter(action__startswith=f"{action}.") | rows.filter(action=action)
        )
    if query.date_from:
        rows = rows.filter(at__gte=_day_start(query.date_from))
    if query.date_to:
        rows = rows.filter(at__lt=_day_start(query.date_to + timedelta(days=1)))
    return rows


def audit_entries_for(*, user: Any, objects: list[Any], scope: str = "") -> QuerySet[AuditEntry]:
    """Every row about ``objects`` (model instances) or within ``scope``, oldest first:
    a letter's dossier."""
    if not audit_log_readable(user=user):
        return AuditEntry.objects.none()
    match = Q(scope=scope) if scope else Q(pk__in=[])
    by_type: dict[int, list[str]] = {}
    for obj in objects:
        content_type = ContentType.objects.get_for_model(obj)
        by_type.setdefault(content_type.pk, []).append(str(obj.pk))
    for content_type_id, ids in by_type.items():
        match |= Q(content_type_id=content_type_id, object_id__in=ids)
    return AuditEntry.objects.filter(match).order_by("id")


# The families of action names (``audit.services``), for the filter's suggestions.
ACTION_GROUPS = (
    "letter",
    "task",
    "document",
    "auth",
    "role",
    "permission",
    "group_permission",
    "official",
    "leader_staff",
    "admin",
    "export",
)


def audit_check_latest() -> AuditCheck | None:
    return AuditCheck.objects.order_by("-at", "-pk").first()
