"""The triggers that keep ``TaskCountDelta`` (see its module) and its compaction.

Both databases run the same rule on every INSERT, UPDATE and DELETE of a row of
``viewflow_task``: the old row, if it was open, is taken away (-1); the new row, if it is
open, is added (+1); an UPDATE that changes none of the counted columns (a start time, a
token) adds nothing. PostgreSQL's TRUNCATE fires no row trigger, and Django's ``flush``
empties this table as well; on SQLite ``flush`` is a DELETE, whose trigger rows are
removed after it (``sqlite_flush_clearing_counts``).
"""

from typing import Any

from django.db import connection, transaction

TABLE = "workflows_taskcountdelta"
OPEN = "('NEW', 'ASSIGNED')"  # viewflow's STATUS.NEW and STATUS.ASSIGNED
COLUMNS = ("flow_task", "status", "owner_id", "owner_permission", "flow_task_type")
_INTO = f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}, n)"


def _row(prefix: str) -> str:
    return ", ".join(f"{prefix}.{column}" for column in COLUMNS)


PG_SQL = [
    f"""
CREATE OR REPLACE FUNCTION lontar_task_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND ROW({_row("OLD")}) IS NOT DISTINCT FROM ROW({_row("NEW")}) THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' AND OLD.status IN {OPEN} THEN
        {_INTO} VALUES ({_row("OLD")}, -1);
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.status IN {OPEN} THEN
        {_INTO} VALUES ({_row("NEW")}, 1);
    END IF;
    RETURN NULL;
END
$$;
""",
    "DROP TRIGGER IF EXISTS lontar_task_count ON viewflow_task;",
    "CREATE TRIGGER lontar_task_count AFTER INSERT OR UPDATE OR DELETE ON viewflow_task "
    "FOR EACH ROW EXECUTE FUNCTION lontar_task_count();",
]

_CHANGED = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in COLUMNS)
SQLITE_SQL = [
    f"CREATE TRIGGER IF NOT EXISTS lontar_task_count_insert AFTER INSERT ON viewflow_task "
    f"WHEN NEW.status IN {OPEN} BEGIN {_INTO} VALUES ({_row('NEW')}, 1); END;",
    f"CREATE TRIGGER IF NOT EXISTS lontar_task_count_delete AFTER DELETE ON viewflow_task "
    f"WHEN OLD.status IN {OPEN} BEGIN {_INTO} VALUES ({_row('OLD')}, -1); END;",
    f"CREATE TRIGGER IF NOT EXISTS lontar_task_count_update AFTER UPDATE ON viewflow_task "
    f"WHEN (OLD.status IN {OPEN} OR NEW.status IN {OPEN}) AND ({_CHANGED}) BEGIN "
    f"{_INTO} SELECT {_row('OLD')}, -1 WHERE OLD.status IN {OPEN}; "
    f"{_INTO} SELECT {_row('NEW')}, 1 WHERE NEW.status IN {OPEN}; END;",
]

DROP_SQL = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS lontar_task_count ON viewflow_task;",
        "DROP FUNCTION IF EXISTS lontar_task_count();",
    ],
    "sqlite": [
        f"DROP TRIGGER IF EXISTS lontar_task_count_{op};" for op in ("insert", "delete", "update")
    ],
}

# The open tasks as they are, in one row per combination: the start, and the check.
COUNT_OPEN_SQL = (
    f"SELECT {', '.join(COLUMNS)}, COUNT(*) FROM viewflow_task "
    f"WHERE status IN {OPEN} GROUP BY {', '.join(COLUMNS)}"
)


def install(schema_editor: Any) -> None:
    """Create the triggers and count the open tasks there are now (a migration step)."""
    vendor = schema_editor.connection.vendor
    for statement in {"postgresql": PG_SQL, "sqlite": SQLITE_SQL}.get(vendor, []):
        schema_editor.execute(statement, params=None)
    schema_editor.execute(f"DELETE FROM {TABLE}", params=None)
    schema_editor.execute(f"{_INTO} {COUNT_OPEN_SQL}", params=None)


def uninstall(schema_editor: Any) -> None:
    for statement in DROP_SQL.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement, params=None)


def task_counts_compact() -> int:
    """Fold the rows of +1 and -1 into one row per combination (zeros dropped); the
    sums are unchanged. Returns how many rows were folded. Safe beside writers: on
    PostgreSQL one statement deletes the rows it sees and writes their sums (rows of
    transactions not yet committed stay for the next round); SQLite has one writer."""
    if connection.vendor == "postgresql":
        columns = ", ".join(COLUMNS)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"WITH gone AS (DELETE FROM {TABLE} RETURNING {columns}, n), "
                f"folded AS ({_INTO} SELECT {columns}, SUM(n) FROM gone "
                f"GROUP BY {columns} HAVING SUM(n) <> 0 RETURNING 1) "
                "SELECT (SELECT COUNT(*) FROM gone), (SELECT COUNT(*) FROM folded)"
            )
            return cursor.fetchone()[0]
    columns = ", ".join(COLUMNS)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns}, SUM(n) FROM {TABLE} GROUP BY {columns} HAVING SUM(n) <> 0"
        )
        sums = cursor.fetchall()
        cursor.execute(f"DELETE FROM {TABLE}")
        folded = cursor.rowcount
        cursor.executemany(f"{_INTO} VALUES ({', '.join(['%s'] * 6)})", sums)
        return folded


def task_counts_differences() -> list[tuple]:
    """Combinations whose kept number differs from the open tasks counted now, as
    ``(flow_task, status, owner_id, owner_permission, flow_task_type, kept, counted)``;
    empty when the triggers have kept up (the tests, ``verify`` after a restore)."""
    columns = ", ".join(COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns}, SUM(n) FROM {TABLE} GROUP BY {columns} HAVING SUM(n) <> 0"
        )
        kept = {tuple(row[:-1]): row[-1] for row in cursor.fetchall()}
        cursor.execute(COUNT_OPEN_SQL)
        counted = {tuple(row[:-1]): row[-1] for row in cursor.fetchall()}
    return [
        (*key, kept.get(key, 0), counted.get(key, 0))
        for key in sorted(kept.keys() | counted.keys(), key=repr)
        if kept.get(key, 0) != counted.get(key, 0)
    ]


def sqlite_flush_clearing_counts(original: Any) -> Any:
    """Wrap SQLite's ``sql_flush``: its ``DELETE FROM viewflow_task`` fires the trigger,
    which leaves -1 rows here if this table was emptied first; empty it once more last."""

    def sql_flush(self: Any, style: Any, tables: Any, **kwargs: Any) -> list[str]:
        statements = original(self, style, tables, **kwargs)
        if statements and TABLE in tables:
            statements = [*statements, f"DELETE FROM {TABLE};"]
        return statements

    return sql_flush
