from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender: Any, **kwargs: Any) -> None:
    # Role groups reference permissions created by several apps' post_migrate handlers
    # (viewflow adds "manage" late), so re-sync after each; it is idempotent and cheap.
    from organization.services import roles_sync

    roles_sync()


def _clear_current_region(sender: Any, **kwargs: Any) -> None:
    # A cache clear, no business logic: Region.current() must read the changed row. Signals
    # rather than overriding save() and delete(), because QuerySet.delete() and loaddata
    # bypass those methods but send these signals (as for Site.objects.get_current());
    # post_migrate also follows data migrations and `flush`.
    from organization.models import Region

    Region.clear_current()


class OrganizationConfig(AppConfig):
    name = "organization"
    verbose_name = _("Organisasi")

    def ready(self) -> None:
        post_migrate.connect(_sync_roles, dispatch_uid="organization.roles_sync")
        region = self.get_model("Region")
        for signal, sender in [(post_save, region), (post_delete, region), (post_migrate, None)]:
            signal.connect(
                _clear_current_region, sender=sender, dispatch_uid="organization.region_cache"
            )
