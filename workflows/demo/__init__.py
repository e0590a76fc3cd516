"""Demo data for ``manage.py seed_demo``: the letters, the walker and the bulk builder."""
