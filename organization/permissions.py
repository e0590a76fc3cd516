"""The permission strings that roles carry, named once.

The permissions themselves are declared on the models that own them (``workflows.Letter``'s
and ``calendar_sync.AgendaItem``'s ``Meta.permissions``, viewflow's process permissions);
which role holds which is ``organization.services.ROLE_PERMISSIONS``. Everything that checks
one uses these names.
"""

# Declared by workflows.Letter
REGISTER_LETTER = "workflows.register_letter"
REVIEW_LETTER = "workflows.review_letter"
SCHEDULE_LETTER = "workflows.schedule_letter"
VIEW_ALL_LETTERS = "workflows.view_all_letters"
# Declared by calendar_sync.AgendaItem: confidential agenda items of every official in full
VIEW_CONFIDENTIAL_AGENDA = "calendar_sync.view_confidential_agenda"
# Declared by records.ClassificationCode: the scheme, legal holds and disposal (the records
# officer's work: administrators, as there is no records-officer role), and exports.
MANAGE_RECORDS = "records.manage_records"
EXPORT_RECORDS = "records.export_records"
# Declared by viewflow for the letter process
VIEW_LETTER_PROCESS = "workflows.view_letterprocess"
MANAGE_LETTER_PROCESS = "workflows.manage_letterprocess"


def act_for_leader_permission(official_id: int) -> str:
    """Held by a leader and their ajudan/sespri (organization.backends derives it)."""
    return f"workflows.act_for_leader_{official_id}"
