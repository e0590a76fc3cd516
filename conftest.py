import sys

from django.db import connections

print("settings imported:", "config.settings" in sys.modules, "conn settings cached:", "settings" in connections.__dict__, "apps ready:", __import__("django.apps").apps.apps.ready, file=sys.stderr)
def pytest_configure(config):
    print("configure: cached:", "settings" in connections.__dict__, file=sys.stderr)
