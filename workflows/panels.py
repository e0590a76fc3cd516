"""Blocks other apps add to a letter's pages: ``letter_panels`` on the letter's page
(``intake``: the online request behind it); ``dossier_panels`` on the auditor's dossier
page, in its actions bar (the records app's BagIt export button registers here)."""

from organization.panels import Panels

letter_panels = Panels()
dossier_panels = Panels()
