"""Writes to the one calendar, one module per concern; every name is re-exported here, so
callers import from ``calendar_sync.services``.

- ``agenda``: the leaders' agenda items, their CalDAV copies and invitations, and the
  private feed addresses.
- ``departments``: departments' own events (Kalender Kegiatan OPD).
"""

from calendar_sync.services.agenda import (
    agenda_item_cancel,
    agenda_item_confirm,
    agenda_item_create,
    agenda_item_update,
    agenda_items_cancel_for_source,
    agenda_items_move_for_source,
    agenda_items_queue_sync,
    check_times,
    feed_token_create,
    feed_token_revoke,
)
from calendar_sync.services.departments import (
    department_event_cancel,
    department_event_create,
    department_event_update,
)

__all__ = [
    "agenda_item_cancel",
    "agenda_item_confirm",
    "agenda_item_create",
    "agenda_item_update",
    "agenda_items_cancel_for_source",
    "agenda_items_move_for_source",
    "agenda_items_queue_sync",
    "check_times",
    "department_event_cancel",
    "department_event_create",
    "department_event_update",
    "feed_token_create",
    "feed_token_revoke",
]
