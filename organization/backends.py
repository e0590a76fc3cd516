"""Per-leader permissions, derived from who a user is or serves.

A leader, and the ajudan/sespri linked to that leader, hold the permission
``workflows.act_for_leader_<official id>``. Viewflow's queue filters tasks by the
permission string stored on each task, so a dispose task for the Wali Kota appears only
to the Wali Kota and their own staff.
"""

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import BaseBackend, ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from organization.permissions import act_for_leader_permission


def leader_ids_for_user(user: Any) -> set[int]:
    """Officials this user may act as: themselves (if a leader) and leaders they serve."""
    if user is None or not user.is_authenticated or not user.is_active:
        return set()
    cached = getattr(user, "_lontar_leader_ids", None)
    if cached is not None:
        return cached
    from django.db.models import Q

    from organization.models import LeaderStaff, Official

    # One query (every signed-in page asks): the official the user is, and the leaders
    # they serve (active or not, as their staff links say).
    served = LeaderStaff.objects.filter(user=user).values("leader_id")
    ids = set(
        Official.objects.filter(Q(user=user, is_active=True) | Q(pk__in=served))
        .order_by()
        .values_list("pk", flat=True)
    )
    user._lontar_leader_ids = ids
    return ids


class PermissionBackend(ModelBackend):
    """Django's ModelBackend, with a user's permissions (their own and their groups')
    read in one query instead of two: every signed-in page asks for them."""

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            if user_obj.is_superuser:
                perms = Permission.objects.all()
            else:
                own = user_obj.user_permissions.through.objects.filter(user_id=user_obj.pk)
                of_groups = Group.permissions.through.objects.filter(group__user=user_obj)
                perms = Permission.objects.filter(
                    Q(pk__in=own.values("permission_id"))
                    | Q(pk__in=of_groups.values("permission_id"))
                )
            rows = perms.values_list("content_type__app_label", "codename").order_by()
            user_obj._perm_cache = {f"{app}.{codename}" for app, codename in rows}
        return user_obj._perm_cache


class LeaderDelegationBackend(BaseBackend):
    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return {act_for_leader_permission(pk) for pk in leader_ids_for_user(user_obj)}

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return perm in self.get_all_permissions(user_obj)


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' lockout of repeated failed logins (by user name and address together,
    ``AXES_*`` settings), first in ``AUTHENTICATION_BACKENDS``.

    Every login over HTTP passes its request (the login page, the admin, the API's token
    login), and is counted. A call without a request (a management command, the test
    client's ``login``) cannot be made from outside, so it is not counted rather than
    refused as axes' own backend does."""

    def authenticate(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)
