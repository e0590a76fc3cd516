from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender: Any, **kwargs: Any) -> None:
    # Role groups reference permissions created by several apps' post_migrate handlers
    # (viewflow adds "manage" late), so re-sync after each; it is idempotent and cheap.
    from organization.services import roles_sync

    roles_sync()


class OrganizationConfig(AppConfig):
    name = "organization"
    verbose_name = _("Organisasi")

    def ready(self) -> None:
        post_migrate.connect(_sync_roles, dispatch_uid="organization.roles_sync")
