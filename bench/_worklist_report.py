"""bench_worklists.py's measuring aids and its tables: the time inside the database per
request, EXPLAIN ANALYZE of a page's queries, the table of each run, the growth from the
small run to the large one and against the plain views, and the slowest plans."""

import argparse
import os
import time
from typing import Any

from _common import Column, print_table

WARM_UP = 5
# The pages compared at both sizes (Page.key), and each worklist's plain view.
WORKLISTS = {"inbox": "plain_inbox", "queue": "plain_queue"}
COMPARED = ("inbox", "queue", "plain_inbox", "plain_queue", "list", "search")


class SqlClock:
    """Milliseconds spent inside the database driver's execute (an execute wrapper)."""

    def __init__(self) -> None:
        self.ms = 0.0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.ms += (time.perf_counter() - began) * 1000


def explain(sql: list[str]) -> list[dict[str, Any]]:
    """EXPLAIN ANALYZE of each SELECT (PostgreSQL): its execution time and plan."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return []
    plans = []
    for statement in sql:
        select = statement.split(" FOR ", 1)[1] if statement.startswith("DECLARE") else statement
        if not select.startswith("SELECT"):
            continue
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {select}")
            lines = [row[0] for row in cursor.fetchall()]
        ms = next(float(line.split()[2]) for line in lines if line.startswith("Execution Time"))
        plans.append({"ms": ms, "sql": select, "plan": lines})
    return sorted(plans, key=lambda p: -p["ms"])


def print_run(run: dict[str, Any], args: argparse.Namespace) -> None:
    print()
    print(
        f"{run['version']}; DEBUG={run['debug']}; {os.cpu_count()} CPUs; "
        f"{run['letters']:,} letters, {run['tasks']:,} tasks ({run['open_tasks']:,} open); "
        f"{args.requests} timed requests per page after {WARM_UP} warm-up"
    )
    print()
    print_table(
        [
            Column("page", "<40"),
            Column("queries", ">7"),
            Column("query count check", "<32", gap=2),
            Column("rows", ">7"),
            Column("median ms", ">9.1f"),
            Column("p95 ms", ">8.1f"),
            Column("SQL ms", ">7.1f"),
            Column("KB", ">7.1f"),
        ],
        [
            (
                r["page"]["label"],
                r["queries"],
                r["check"],
                r["rows"],
                r["median_ms"],
                r["p95_ms"],
                r["sql_ms"],
                r["kilobytes"],
            )
            for r in run["results"]
        ],
    )


def print_ratios(small: dict[str, Any], large: dict[str, Any]) -> None:
    """Each compared page at both sizes, and each worklist against its plain view."""
    by_key = [{r["page"]["key"]: r for r in run["results"]} for run in (small, large)]
    print()
    print(f"Growth with the archive ({small['letters']:,} -> {large['letters']:,} letters)")
    print()
    rows = []
    for key in COMPARED:
        s, big = by_key[0][key], by_key[1][key]
        plain = WORKLISTS.get(key)
        against_plain = f"{big['median_ms'] / by_key[1][plain]['median_ms']:.2f}x" if plain else ""
        label = big["page"]["label"].split(" (")[0].strip()
        rows.append(
            (
                label,
                f"{s['queries']}/{big['queries']}",
                s["median_ms"],
                big["median_ms"],
                f"{big['median_ms'] / s['median_ms']:.2f}x",
                s["sql_ms"],
                big["sql_ms"],
                against_plain,
            )
        )
    print_table(
        [
            Column("page", "<32"),
            Column("queries", ">8"),
            Column("small ms", ">9.1f"),
            Column("large ms", ">9.1f"),
            Column("large/small", ">11"),
            Column("SQL small", ">9.1f"),
            Column("SQL large", ">9.1f"),
            Column("vs plain view", ">13"),
        ],
        rows,
    )
    print()
    print("median ms of the whole request; SQL: median ms inside the database driver;")
    print("vs plain view: the worklist's median over the plain view's, at the large size")


def print_plans(run: dict[str, Any]) -> None:
    print(f"\nEXPLAIN ANALYZE at {run['letters']:,} letters (execution time in the database)")
    for r in run["results"]:
        if not r["plans"]:
            continue
        total = sum(p["ms"] for p in r["plans"])
        print(f"\n== {r['page']['label']}: {len(r['plans'])} SELECTs, {total:.1f} ms in all")
        for p in r["plans"]:
            print(f"   {p['ms']:7.2f} ms  {p['sql'][:150]}")
        for p in r["plans"][:2]:
            if p["ms"] >= 0.5:
                print(f"\n   -- {p['ms']:.2f} ms: {p['sql'][:300]}")
                print("\n".join(f"      {line}" for line in p["plan"]))
