from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PwaConfig(AppConfig):
    """The installable app: manifest, service worker, offline page."""

    name = "pwa"
    verbose_name = _("Aplikasi terpasang")
