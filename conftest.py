"""Repository-wide pytest setup.

The test database (SQLite, or a temporary PostgreSQL cluster with LONTAR_TEST_DB=postgres)
is chosen by the plugin in tests/pg.py; registering it here makes it apply to every test
path, not only to tests/.
"""

pytest_plugins = ["tests.pg"]
