"""Triggers that make a table append-only in the database itself: UPDATE and DELETE are
refused on SQLite and PostgreSQL, whoever connects (the ORM, raw SQL, a console).

PostgreSQL's TRUNCATE fires no row trigger (Django's ``flush`` uses it); a truncated log
is caught by checking against an exported head (``verify_audit --head FILE``)."""

from typing import Any

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION lontar_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'append-only table %: % refused', TG_TABLE_NAME, TG_OP;
END
$$;
"""


def _name(table: str, op: str) -> str:
    return f"{table}_no_{op.lower()}"


def create_sql(vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        return [
            PG_FUNCTION,
            f"CREATE TRIGGER {_name(table, 'change')} BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION lontar_refuse_change();",
        ]
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER {_name(table, op)} BEFORE {op} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, 'append-only table {table}: {op} refused'); END;"
            for op in ("UPDATE", "DELETE")
        ]
    return []


def drop_sql(vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {_name(table, 'change')} ON {table};"]
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {_name(table, op)};" for op in ("UPDATE", "DELETE")]
    return []


# The append-only tables, for whoever must empty a whole SQLite database (``flush``).
APPEND_ONLY_TABLES = ["audit_auditentry", "workflows_letterevent"]


def migration_forwards(table: str) -> Any:
    def forwards(apps: Any, schema_editor: Any) -> None:
        for statement in create_sql(schema_editor.connection.vendor, table):
            schema_editor.execute(statement, params=None)

    return forwards


def migration_backwards(table: str) -> Any:
    def backwards(apps: Any, schema_editor: Any) -> None:
        for statement in drop_sql(schema_editor.connection.vendor, table):
            schema_editor.execute(statement, params=None)

    return backwards


def sqlite_flush_keeping_triggers(original: Any) -> Any:
    """Wrap SQLite's ``sql_flush`` so that emptying the whole database (``manage.py
    flush``, the test runner between transactional tests) drops the append-only
    triggers for its DELETEs and puts them back in the same transaction. PostgreSQL's
    flush is a TRUNCATE, which row triggers do not see."""

    def sql_flush(self: Any, style: Any, tables: Any, **kwargs: Any) -> list[str]:
        statements = original(self, style, tables, **kwargs)
        guarded = [t for t in APPEND_ONLY_TABLES if t in tables]
        if not statements or not guarded:
            return statements
        before = [s for t in guarded for s in drop_sql("sqlite", t)]
        after = [s for t in guarded for s in create_sql("sqlite", t)]
        return [*before, *statements, *after]

    return sql_flush
