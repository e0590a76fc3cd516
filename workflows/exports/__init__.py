"""Letters out of Lontar: an auditor's dossier as a BagIt bag (``dossier``), and the
CSV/JSON/BagIt export for other systems such as SRIKANDI (``srikandi``). Every export
passes ``recorded.export_recorded``, the one place that records who exported what."""
