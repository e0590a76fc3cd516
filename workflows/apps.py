from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = _("Surat undangan")

    def ready(self) -> None:
        from calendar_sync.panels import agenda_item_panels
        from documents import hooks
        from workflows import audit_hooks
        from workflows.panels import dossier_panels, letter_panels
        from workflows.search import letters_search_index_update_for_document
        from workflows.views.pages import agenda_item_letter_panel
        from workflows.views.records import dossier_export_panel, letter_records_panel

        # A letter's search document includes its files' text, read in the background.
        hooks.on_text_extracted(letters_search_index_update_for_document)
        # An agenda item scheduled from a letter shows the letter's speech and material.
        agenda_item_panels.register(agenda_item_letter_panel)
        # A letter's page shows it as a record: code, retention, holds, disposal, dossier.
        letter_panels.register(letter_records_panel)
        # The auditor's dossier page offers the letter as a BagIt bag.
        dossier_panels.register(dossier_export_panel)
        # Every change of a person's task is in the audit log.
        audit_hooks.connect()
        # Emptying a whole SQLite database leaves no open-task count behind.
        _patch_sqlite_flush()


def _patch_sqlite_flush() -> None:
    from django.db.backends.sqlite3.base import DatabaseWrapper

    from workflows.task_counts import sqlite_flush_clearing_counts

    operations = DatabaseWrapper.ops_class
    if not getattr(operations.sql_flush, "_clears_task_counts", False):
        wrapped = sqlite_flush_clearing_counts(operations.sql_flush)
        wrapped.__dict__.update(operations.sql_flush.__dict__)  # the audit app's mark
        wrapped._clears_task_counts = True
        operations.sql_flush = wrapped
