from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Monthly and yearly reports of the letters: what was received and decided, how long
    each step took, what went overdue; on the page (with SVG charts), as PDF and XLSX."""

    name = "reports"
    verbose_name = _("Laporan berkala")
