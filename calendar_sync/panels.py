"""Blocks other apps add to an agenda item's page (``workflows``: the letter an item was
scheduled from, with its speech and material). calendar_sync knows nothing of them."""

from organization.panels import Panels

agenda_item_panels = Panels()
