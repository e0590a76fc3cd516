"""Writes to the organisation: role groups and their permissions."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from organization import permissions as perms
from organization.models import Role

_WORK = [perms.VIEW_LETTER_PROCESS]
_READ_ALL = [perms.VIEW_ALL_LETTERS]

# The permissions each role's group holds. Per-leader rights (dispose for this leader) are
# not here: organization.backends derives them from Official.user and LeaderStaff.
# The mailroom reads every letter (it registers them) but not the leaders' confidential
# agenda: that is the protocol office's, the auditors' and the administrators'.
_AGENDA = perms.VIEW_CONFIDENTIAL_AGENDA
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.MAILROOM_CLERK: [*_WORK, *_READ_ALL, perms.REGISTER_LETTER],
    Role.PROTOCOL_REVIEWER: [*_WORK, *_READ_ALL, perms.REVIEW_LETTER, _AGENDA],
    Role.LEADER: _WORK,
    Role.LEADER_STAFF: _WORK,
    Role.PROTOCOL_SCHEDULER: [*_WORK, *_READ_ALL, perms.SCHEDULE_LETTER, _AGENDA],
    Role.DEPARTMENT_OFFICER: _WORK,  # a worklist to land on; task pages show own letters only
    Role.AUDITOR: [*_WORK, *_READ_ALL, _AGENDA, perms.EXPORT_RECORDS],
    Role.ADMINISTRATOR: [
        *_WORK,
        *_READ_ALL,
        perms.MANAGE_LETTER_PROCESS,
        _AGENDA,
        perms.MANAGE_RECORDS,
        perms.EXPORT_RECORDS,
    ],
}


@transaction.atomic
def roles_sync() -> None:
    """Create each role's group and give it exactly its permissions (idempotent)."""
    for role, names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=str(role))
        perms = []
        for name in names:
            app_label, codename = name.split(".")
            perms.extend(
                Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(perms)
