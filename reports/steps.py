"""How long each step of the letters took: median and 90th percentile in hours.

One query gives each letter's registration and the first time its history
(``LetterEvent``) reached each later step. On PostgreSQL the percentiles are computed in
the database (``percentile_cont`` over that query, so one row comes back); elsewhere in
Python from the same query's rows, interpolating as ``percentile_cont`` does. Both give
the same figures."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Min, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from workflows.models import Letter, Outcome

REVIEW_ACTIONS = ("forward", "return", "reject")
DISPOSE_ACTIONS = tuple(f"dispose_{o}" for o in Outcome.values) + ("decline",)
COLUMNS = ("registered_at", "reviewed", "forwarded", "disposed", "scheduled", "archived")
# (key, label, from, to): each from and to a column above.
STEPS = (
    ("review", _("Registrasi sampai telaah"), "registered_at", "reviewed"),
    ("dispose", _("Telaah sampai disposisi"), "forwarded", "disposed"),
    ("schedule", _("Disposisi sampai terjadwal"), "disposed", "scheduled"),
    ("whole", _("Registrasi sampai arsip"), "registered_at", "archived"),
)


@dataclass(frozen=True)
class StepTime:
    key: str
    label: str
    count: int
    median_hours: float | None
    p90_hours: float | None


def percentile(values: list[float], fraction: float) -> float | None:
    """Linear interpolation between closest ranks, as PostgreSQL's percentile_cont."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _step_rows(letters: QuerySet[Letter]) -> QuerySet:
    def first(actions: Iterable[str]) -> Min:
        return Min("events__at", filter=Q(events__action__in=list(actions)))

    return (
        letters.order_by()
        .annotate(
            reviewed=first(REVIEW_ACTIONS),
            forwarded=first(["forward"]),
            disposed=first(DISPOSE_ACTIONS),
            scheduled=first(["schedule"]),
            archived=first(["archive"]),
        )
        .values_list(*COLUMNS)
    )


def _in_python(letters: QuerySet[Letter]) -> list[StepTime]:
    hours: dict[str, list[float]] = defaultdict(list)
    for values in _step_rows(letters):
        at = dict(zip(COLUMNS, values, strict=True))
        for key, _label, start, end in STEPS:
            if at[start] is not None and at[end] is not None and at[end] >= at[start]:
                hours[key].append((at[end] - at[start]).total_seconds() / 3600)
    return [
        StepTime(
            key=key,
            label=str(label),
            count=len(hours[key]),
            median_hours=percentile(hours[key], 0.5),
            p90_hours=percentile(hours[key], 0.9),
        )
        for key, label, _start, _end in STEPS
    ]


def _in_postgresql(letters: QuerySet[Letter]) -> list[StepTime]:
    inner, params = _step_rows(letters).query.sql_with_params()
    # Column names are ours (COLUMNS), never user input; the user's filters are params.
    durations = ", ".join(
        f'CASE WHEN t."{end}" >= t."{start}" '
        f'THEN EXTRACT(EPOCH FROM (t."{end}" - t."{start}")) / 3600.0 END AS "{key}"'
        for key, _label, start, end in STEPS
    )
    figures = ", ".join(
        f'count(d."{key}"), '
        f'percentile_cont(0.5) WITHIN GROUP (ORDER BY d."{key}"), '
        f'percentile_cont(0.9) WITHIN GROUP (ORDER BY d."{key}")'
        for key, _label, _start, _end in STEPS
    )
    sql = f"SELECT {figures} FROM (SELECT {durations} FROM ({inner}) AS t) AS d"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return [
        StepTime(
            key=key,
            label=str(label),
            count=row[3 * i],
            median_hours=None if row[3 * i + 1] is None else float(row[3 * i + 1]),
            p90_hours=None if row[3 * i + 2] is None else float(row[3 * i + 2]),
        )
        for i, (key, label, _start, _end) in enumerate(STEPS)
    ]


def step_times(letters: QuerySet[Letter]) -> list[StepTime]:
    """Each step's count of letters, median and p90 in hours, over ``letters``."""
    if connection.vendor == "postgresql":
        return _in_postgresql(letters)
    return _in_python(letters)
