"""Role checks. A role is a Django group named after ``Role``'s value."""

from typing import Any

from organization.models import Official, Role


def user_roles(user: Any) -> set[str]:
    if user is None or not user.is_authenticated or not user.is_active:
        return set()
    cached = getattr(user, "_lontar_roles", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._lontar_roles = cached
    return cached


def has_role(user: Any, *roles: Role | str) -> bool:
    return bool(user_roles(user) & {str(role) for role in roles})


def user_department_ids(user: Any) -> set[int]:
    """The departments a user works for (a department officer's own), through the
    official record their account is linked to."""
    if user is None or not user.is_authenticated or not user.is_active:
        return set()
    cached = getattr(user, "_lontar_department_ids", None)
    if cached is None:
        cached = set(
            Official.objects.filter(user=user, department__isnull=False).values_list(
                "department_id", flat=True
            )
        )
        user._lontar_department_ids = cached
    return cached
