"""What the log hears without being called: logins, role and permission changes, the
accounts behind officials and their staff, admin edits. Each signal writes one row through
``audit_record``; the actor is the request's user (``audit.context``), or None for the
system (a management command, a migration)."""

from typing import Any

from django.contrib.admin.models import ADDITION, CHANGE, DELETION
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from audit import context
from audit.services import AuditInput, audit_record, audit_record_many
from organization.models import LeaderStaff, Official

ADMIN_ACTIONS = {ADDITION: "admin.add", CHANGE: "admin.change", DELETION: "admin.delete"}


def _username(credentials: dict[str, Any]) -> str:
    return str(credentials.get("username") or credentials.get(get_user_model().USERNAME_FIELD, ""))


def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(
        action="auth.login",
        actor=user,
        obj=user,
        obj_label=user.get_username(),
        ip=context.client_ip(request),
    )


def on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is None:
        return
    audit_record(
        action="auth.logout",
        actor=user,
        obj=user,
        obj_label=user.get_username(),
        ip=context.client_ip(request),
    )


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    # Never the password: django masks it, and only the user name is kept anyway.
    name = _username(credentials)[:150]
    audit_record(
        action="auth.login_failed",
        actor=None,
        obj_label=name,
        ip=context.client_ip(request) if request is not None else None,
        after={"username": name},
    )


def on_second_factor_failed(sender: Any, user: Any, method: str = "", **kwargs: Any) -> None:
    # ``method``: "passkey" for a refused passkey, empty for a refused code.
    audit_record(
        action="auth.otp_failed",
        actor=user,
        obj=user,
        obj_label=user.get_username(),
        after={"method": method} if method else None,
    )


def _names(model: Any, pks: Any) -> list[str]:
    if model is Group:
        return sorted(Group.objects.filter(pk__in=pks).values_list("name", flat=True))
    found = Permission.objects.filter(pk__in=pks).values_list("content_type__app_label", "codename")
    return sorted(f"{app}.{code}" for app, code in found)


def m2m_kinds() -> dict[Any, tuple[str, Any, str, Any, str]]:
    """Each audited m2m table: (kind, owner model, owner column, target model, column)."""
    User = get_user_model()
    return {
        User.groups.through: ("role", User, "user", Group, "group"),
        User.user_permissions.through: ("permission", User, "user", Permission, "permission"),
        Group.permissions.through: ("group_permission", Group, "group", Permission, "permission"),
    }


def on_m2m_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **kwargs: Any
) -> None:
    """A user's roles (groups) and permissions, a role's permissions: changed from either
    side (``user.groups.add`` or ``group.user_set.add``), one row per user or group."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    kind, owner_model, owner_col, target_model, target_col = m2m_kinds()[sender]
    if action == "pre_clear":
        mine, theirs = (target_col, owner_col) if reverse else (owner_col, target_col)
        pk_set = set(
            sender.objects.filter(**{f"{mine}_id": instance.pk}).values_list(
                f"{theirs}_id", flat=True
            )
        )
    if not pk_set:
        return
    verb = "add" if action == "post_add" else "remove"
    if reverse:
        owners, names = list(owner_model.objects.filter(pk__in=pk_set)), [str(instance)]
        if target_model is Permission:
            names = _names(Permission, [instance.pk])
    else:
        owners, names = [instance], _names(target_model, pk_set)
    actor = context.current_user()
    for owner in owners:
        label = owner.get_username() if owner_model is not Group else owner.name
        audit_record(
            action=f"{kind}.{verb}", actor=actor, obj=owner, obj_label=label, after={verb: names}
        )


def on_official_save(sender: Any, instance: Official, created: bool, **kwargs: Any) -> None:
    """The account an official (a leader, whose rights follow it) is linked to."""
    before = getattr(instance, "_audit_user_id", None)
    if not created and before == instance.user_id:
        return
    if created and instance.user_id is None:
        return
    audit_record(
        action="official.account",
        actor=context.current_user(),
        obj=instance,
        obj_label=str(instance)[:200],
        before={"user": before},
        after={"user": instance.user_id},
    )
    instance._audit_user_id = instance.user_id


def on_official_init(sender: Any, instance: Official, **kwargs: Any) -> None:
    instance._audit_user_id = instance.__dict__.get("user_id")


def _leader_staff_row(instance: LeaderStaff, verb: str) -> None:
    audit_record(
        action=f"leader_staff.{verb}",
        actor=context.current_user(),
        obj=instance,
        obj_label=f"{instance.user.get_username()} → {instance.leader.title}"[:200],
        after={"user": instance.user_id, "leader": instance.leader_id, "kind": instance.kind},
    )


def on_leader_staff_save(sender: Any, instance: LeaderStaff, created: bool, **kwargs: Any) -> None:
    """An ajudan or sespri linked to a leader: they may now act on the leader's behalf."""
    _leader_staff_row(instance, "add" if created else "change")


def on_leader_staff_delete(sender: Any, instance: LeaderStaff, **kwargs: Any) -> None:
    _leader_staff_row(instance, "remove")


def admin_log_actions_audited(original: Any) -> Any:
    """Wrap ``LogEntry.objects.log_actions``, through which the admin records every add,
    change and delete (and a bulk delete in one ``bulk_create``, which sends no signal):
    one audit row per LogEntry. The object's ``str()`` is left out: it may be a
    confidential subject; the change message names fields, not values."""

    def log_actions(
        self: Any,
        user_id: Any,
        queryset: Any,
        action_flag: int,
        change_message: Any = "",
        *,
        single_object: bool = False,
    ) -> Any:
        result = original(
            self, user_id, queryset, action_flag, change_message, single_object=single_object
        )
        entries = [result] if single_object else list(result)
        actor = get_user_model().objects.filter(pk=user_id).first()
        audit_record_many(
            AuditInput(
                action=ADMIN_ACTIONS.get(action_flag, "admin.change"),
                actor=actor,
                obj=entry if entry.pk else None,
                obj_label=f"{entry.content_type.app_label}.{entry.content_type.model} "
                f"#{entry.object_id}"[:200],
                after={
                    "content_type": entry.content_type_id,
                    "object_id": str(entry.object_id),
                    "change": entry.get_change_message()[:1000],
                },
            )
            for entry in entries
        )
        return result

    log_actions._audited = True
    return log_actions
