from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Log audit")

    def ready(self) -> None:
        from django.contrib.admin.models import LogEntryManager
        from django.contrib.auth import signals as auth_signals

        # The backend's base module first: importing its operations alone is circular.
        from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteWrapper
        from django.db.models.signals import m2m_changed, post_delete, post_init, post_save

        from audit import receivers as r
        from audit.triggers import sqlite_flush_keeping_triggers
        from organization.models import LeaderStaff, Official
        from organization.twofactor import second_factor_failed

        uid = "audit."
        auth_signals.user_logged_in.connect(r.on_login, dispatch_uid=uid + "login")
        auth_signals.user_logged_out.connect(r.on_logout, dispatch_uid=uid + "logout")
        auth_signals.user_login_failed.connect(r.on_login_failed, dispatch_uid=uid + "failed")
        second_factor_failed.connect(r.on_second_factor_failed, dispatch_uid=uid + "otp")
        for through in r.m2m_kinds():
            m2m_changed.connect(r.on_m2m_changed, sender=through, dispatch_uid=uid + str(through))
        post_init.connect(r.on_official_init, sender=Official, dispatch_uid=uid + "off_init")
        post_save.connect(r.on_official_save, sender=Official, dispatch_uid=uid + "official")
        post_save.connect(r.on_leader_staff_save, sender=LeaderStaff, dispatch_uid=uid + "ls")
        post_delete.connect(r.on_leader_staff_delete, sender=LeaderStaff, dispatch_uid=uid + "ls-")
        if not getattr(LogEntryManager.log_actions, "_audited", False):
            LogEntryManager.log_actions = r.admin_log_actions_audited(LogEntryManager.log_actions)
        _patch_sqlite_flush(SQLiteWrapper.ops_class, sqlite_flush_keeping_triggers)


def _patch_sqlite_flush(operations: Any, wrap: Any) -> None:
    # Emptying a whole SQLite database (``flush``, the test runner) must get past the
    # append-only triggers; see audit.triggers.sqlite_flush_keeping_triggers.
    if not getattr(operations.sql_flush, "_keeps_triggers", False):
        operations.sql_flush = wrap(operations.sql_flush)
        operations.sql_flush._keeps_triggers = True
