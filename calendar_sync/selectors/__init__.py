"""Reads of the agenda, one module per concern; every name is re-exported here, so callers
import from ``calendar_sync.selectors``.

- ``clashes``: an official's clashes and a venue's double bookings.
- ``agenda``: the items of the agenda pages and the public agenda.
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
    "feed_token_active",
    "feed_tokens_for_user",
    "officials_for_feed_tokens",
    "public_items",
    "venue_bookings",
]
