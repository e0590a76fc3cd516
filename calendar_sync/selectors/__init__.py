"""Reads of the agenda, one module per concern; every name is re-exported here, so callers
import from ``calendar_sync.selectors``.

- ``clashes``: an official's clashes and a venue's double bookings.
- ``agenda``: the items of the agenda pages and the public agenda.
- ``departments``: departments' own events: who enters them, their room and hour checks,
  their lists and public pages.
- ``feeds``: the calendar feeds and their private addresses.
- ``visibility``: who may see which item, confidential ones included, and who may change it.
- ``sync``: the state of the CalDAV copies.
"""

from calendar_sync.selectors.agenda import (
    agenda_for_day_all,
    agenda_for_official,
    agenda_for_officials_day,
    agenda_item_changes,
    agenda_public_for_days,
)
from calendar_sync.selectors.clashes import (
    LONGEST_ITEM,
    Clash,
    agenda_clashes,
    agenda_item_clashes,
    venue_bookings,
)
from calendar_sync.selectors.departments import (
    EventChecks,
    department_event_changes,
    department_event_checks,
    department_event_departments,
    department_event_may_edit,
    department_events_for_days,
    department_events_public_for_days,
    department_events_upcoming,
    department_feed_items,
    departments_with_public_events,
)
from calendar_sync.selectors.feeds import (
    agenda_feed_items,
    agenda_feed_version,
    feed_token_active,
    feed_tokens_for_user,
)
from calendar_sync.selectors.sync import caldav_sync_status
from calendar_sync.selectors.visibility import (
    AGENDA_EDITOR_ROLES,
    SEE_ALL_PERMISSION,
    AgendaEntry,
    AgendaViewer,
    agenda_editable_officials,
    agenda_entries,
    agenda_may_edit,
    agenda_viewer,
    officials_for_feed_tokens,
    public_items,
)

__all__ = [
    "AGENDA_EDITOR_ROLES",
    "LONGEST_ITEM",
    "SEE_ALL_PERMISSION",
    "AgendaEntry",
    "AgendaViewer",
    "Clash",
    "EventChecks",
    "agenda_clashes",
    "agenda_editable_officials",
    "agenda_entries",
    "agenda_feed_items",
    "agenda_feed_version",
    "agenda_for_day_all",
    "agenda_for_official",
    "agenda_for_officials_day",
    "agenda_item_changes",
    "agenda_item_clashes",
    "agenda_may_edit",
    "agenda_public_for_days",
    "agenda_viewer",
    "caldav_sync_status",
    "department_event_changes",
    "department_event_checks",
    "department_event_departments",
    "department_event_may_edit",
    "department_events_for_days",
    "department_events_public_for_days",
    "department_events_upcoming",
    "department_feed_items",
    "departments_with_public_events",
    "feed_token_active",
    "feed_tokens_for_user",
    "officials_for_feed_tokens",
    "public_items",
    "venue_bookings",
]
