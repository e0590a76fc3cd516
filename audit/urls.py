from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow.urls import Application

from audit import selectors, views


class AuditApp(Application):
    """The auditor's log, at /audit/: in the menu of auditors and administrators only."""

    title = _("Log audit")
    icon = "policy"
    app_name = "audit"
    menu_template_name = None

    index_path = path("", views.audit_log, name="index")
    # Viewflow's middleware refuses everyone else (403), and leaves the app out of their
    # menu; the view checks again.
    permission = staticmethod(lambda user: selectors.audit_log_readable(user=user))
