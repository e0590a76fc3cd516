"""Blocks other apps add to a letter's page (``intake``: the online request behind it)."""

from organization.panels import Panels

letter_panels = Panels()
