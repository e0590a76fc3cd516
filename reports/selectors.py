"""The figures of a monthly or yearly report: letters received and what was decided,
per month, per leader and per department; how long each step took (median and p90);
overdue dispositions and follow-ups; activity reports filed.

Every count is one aggregate query grouped by month, leader or department, over the
letters received in the period (``Letter.received_date``, indexed with the leader and the
department: migration ``workflows.0011_report_indexes``). A letter counts in the month it
was received, whatever happened to it later, so a month's figures do not move when an
older letter is decided. Step times come from the letter's history (``LetterEvent``): one
``values_list`` query returns each letter's step times, and the percentiles are computed in
Python, or by PostgreSQL's ``percentile_cont`` (``reports.steps``): the same figures.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import ExtractMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organization.backends import leader_ids_for_user
from organization.models import Department, Official, Role
from organization.roles import has_role, user_department_ids
from reports.steps import StepTime, step_times
from workflows.models import EventReport, FollowUp, Letter, Outcome

# Who sees every figure; leaders (and their staff) see their own letters' figures and a
# department officer their department's.
SEE_ALL_ROLES = (Role.PROTOCOL_REVIEWER, Role.AUDITOR, Role.ADMINISTRATOR)
# The outcome columns, in the order the tables and charts show them; "" is a letter not
# (yet) disposed: rejected, cancelled, or still waiting.
OUTCOMES: tuple[str, ...] = (Outcome.ATTEND, Outcome.REPRESENT, Outcome.DECLINE, Outcome.FILE, "")
UNDECIDED_LABEL = _("Belum/tanpa disposisi")
MONTH_NAMES = (
    _("Januari"),
    _("Februari"),
    _("Maret"),
    _("April"),
    _("Mei"),
    _("Juni"),
    _("Juli"),
    _("Agustus"),
    _("September"),
    _("Oktober"),
    _("November"),
    _("Desember"),
)
MONTH_SHORT = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")


def outcome_label(outcome: str) -> str:
    return str(dict(Outcome.choices).get(outcome, UNDECIDED_LABEL))


@dataclass(frozen=True)
class Period:
    """A calendar year, or one month of it (the dates are the region's, as on the letter)."""

    year: int
    month: int | None = None

    @property
    def start(self) -> date:
        return date(self.year, self.month or 1, 1)

    @property
    def end(self) -> date:
        """The first day after the period."""
        if self.month is None or self.month == 12:
            return date(self.year + 1, 1, 1)
        return date(self.year, self.month + 1, 1)

    @property
    def months(self) -> list[int]:
        return [self.month] if self.month else list(range(1, 13))

    @property
    def label(self) -> str:
        if self.month:
            return f"{MONTH_NAMES[self.month - 1]} {self.year}"
        return str(_("Tahun %(year)s") % {"year": self.year})

    @property
    def slug(self) -> str:
        return f"{self.year}-{self.month:02d}" if self.month else str(self.year)


@dataclass(frozen=True)
class ReportAccess:
    """Whose letters' figures a user may read: all, or those of some leaders and some
    departments (a letter counts when either matches)."""

    sees_all: bool
    leader_ids: frozenset[int] = frozenset()
    department_ids: frozenset[int] = frozenset()

    def letters(self) -> QuerySet[Letter]:
        if self.sees_all:
            return Letter.objects.all()
        return Letter.objects.filter(
            Q(leader_id__in=self.leader_ids) | Q(sender_department_id__in=self.department_ids)
        )

    def leaders(self) -> QuerySet[Official]:
        leaders = Official.objects.filter(position__in=Official.LEADER_POSITIONS)
        return leaders if self.sees_all else leaders.filter(pk__in=self.leader_ids)

    def departments(self) -> QuerySet[Department]:
        departments = Department.objects.all()
        return departments if self.sees_all else departments.filter(pk__in=self.department_ids)


def report_access_for(*, user: Any) -> ReportAccess | None:
    """What ``user`` may read of the reports, or None: nothing (no report page at all)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser or has_role(user, *SEE_ALL_ROLES):
        return ReportAccess(sees_all=True)
    leaders = (
        frozenset(leader_ids_for_user(user))
        if has_role(user, Role.LEADER, Role.LEADER_STAFF)
        else frozenset()
    )
    departments = (
        frozenset(user_department_ids(user))
        if has_role(user, Role.DEPARTMENT_OFFICER)
        else frozenset()
    )
    if not leaders and not departments:
        return None
    return ReportAccess(sees_all=False, leader_ids=leaders, department_ids=departments)


@dataclass
class Row:
    """One line of a table: a month, a leader, a department, or the total."""

    key: Any
    label: str
    outcomes: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OUTCOMES, 0))
    overdue_dispositions: int = 0
    overdue_followups: int = 0
    reports_filed: int = 0

    @property
    def received(self) -> int:
        return sum(self.outcomes.values())

    @property
    def outcome_counts(self) -> list[int]:
        return [self.outcomes[o] for o in OUTCOMES]


@dataclass
class Report:
    period: Period
    scope_label: str
    total: Row
    by_month: list[Row]
    by_leader: list[Row]
    by_department: list[Row]
    steps: list[StepTime]
    made_at: datetime

    @property
    def outcome_labels(self) -> list[str]:
        return [outcome_label(o) for o in OUTCOMES]


def report_letters(
    *,
    access: ReportAccess,
    period: Period,
    leader_id: int | None = None,
    department_id: int | None = None,
) -> QuerySet[Letter]:
    """The letters a report counts: received in ``period``, readable under ``access``,
    narrowed to one leader or one department when asked."""
    letters = access.letters().filter(received_date__gte=period.start, received_date__lt=period.end)
    if leader_id:
        letters = letters.filter(leader_id=leader_id)
    if department_id:
        letters = letters.filter(sender_department_id=department_id)
    return letters


def _overdue_followups(today: date) -> Q:
    """A follow-up that went past its due date: still open after it, answered late, or
    lapsed (a report never filed)."""
    return Q(due_date__isnull=False) & (
        Q(status__in=FollowUp.OPEN_STATUSES, due_date__lt=today)
        | Q(status=FollowUp.Status.LAPSED)
        | Q(answered_at__date__gt=F("due_date"))
    )


def _group_by(key: str, prefix: str = "") -> Any:
    """The grouping expression: a letter's month of receipt, leader or department."""
    if key == "month":
        return ExtractMonth(f"{prefix}received_date")
    return F(f"{prefix}{key}")


def _grouped(letters: QuerySet[Letter], key: str, rows: dict[Any, Row], today: date) -> set[Any]:
    """Fill ``rows`` (by ``key``: "month", "leader_id" or "sender_department_id") with one
    query each for the outcomes, the overdue follow-ups and the reports filed; a key with
    no row yet gets one (its label is set by the caller). Returns the keys seen."""
    outcome_rows = (
        letters.order_by()
        .annotate(group=_group_by(key))
        .values("group", "outcome")
        .annotate(n=Count("pk"), late=Count("pk", filter=Q(escalated_at__isnull=False)))
        .values_list("group", "outcome", "n", "late")
    )

    def row(group: Any) -> Row:
        if group not in rows:
            rows[group] = Row(key=group, label="")
        return rows[group]

    for group, outcome, n, late in outcome_rows:
        target = row(group)
        target.outcomes[outcome if outcome in target.outcomes else ""] += n
        target.overdue_dispositions += late
    related = {"letter__in": letters.values("pk")}
    followups = (
        FollowUp.objects.filter(**related)
        .filter(_overdue_followups(today))
        .order_by()
        .annotate(group=_group_by(key, "letter__"))
        .values("group")
        .annotate(n=Count("pk"))
        .values_list("group", "n")
    )
    for group, n in followups:
        row(group).overdue_followups += n
    reports = (
        EventReport.objects.filter(**related)
        .order_by()
        .annotate(group=_group_by(key, "letter__"))
        .values("group")
        .annotate(n=Count("pk"))
        .values_list("group", "n")
    )
    for group, n in reports:
        row(group).reports_filed += n
    return set(rows)


def report_build(
    *,
    access: ReportAccess,
    period: Period,
    leader_id: int | None = None,
    department_id: int | None = None,
    today: date | None = None,
) -> Report:
    """The figures of ``period`` for what ``access`` allows (optionally one leader or one
    department). ``today`` decides which open follow-ups are overdue (default: today in
    the site's zone)."""
    today = today or timezone.localdate()
    letters = report_letters(
        access=access, period=period, leader_id=leader_id, department_id=department_id
    )
    by_month = {m: Row(key=m, label=str(MONTH_NAMES[m - 1])) for m in period.months}
    _grouped(letters, "month", by_month, today)
    # Every leader (or the user's own) and department is listed, with nothing or not.
    leaders = access.leaders().filter(pk=leader_id) if leader_id else access.leaders()
    by_leader = {o.pk: Row(key=o.pk, label=o.title) for o in leaders}
    _grouped(letters, "leader_id", by_leader, today)
    departments = access.departments()
    if department_id:
        departments = departments.filter(pk=department_id)
    by_department = {d.pk: Row(key=d.pk, label=d.name) for d in departments}
    _grouped(letters, "sender_department_id", by_department, today)
    _label(by_leader, Official, "title", _("Belum diteruskan ke pimpinan"))
    _label(by_department, Department, "name", _("Bukan dari OPD (instansi lain)"))
    total = Row(key="total", label=str(_("Jumlah")))
    for row in by_month.values():
        for outcome, n in row.outcomes.items():
            total.outcomes[outcome] += n
        total.overdue_dispositions += row.overdue_dispositions
        total.overdue_followups += row.overdue_followups
        total.reports_filed += row.reports_filed
    scope = _scope_label(access, leader_id, department_id)
    return Report(
        period=period,
        scope_label=scope,
        total=total,
        by_month=list(by_month.values()),
        by_leader=_sorted(by_leader),
        by_department=_sorted(by_department),
        steps=step_times(letters),
        made_at=timezone.now(),
    )


def _label(rows: dict[Any, Row], model: type, attribute: str, none_label: Any) -> None:
    """Name the rows made for keys found in the data (a leader outside the user's own)."""
    unnamed = [key for key, row in rows.items() if not row.label and key is not None]
    names = dict(model.objects.filter(pk__in=unnamed).values_list("pk", attribute))
    for key, row in rows.items():
        if not row.label:
            row.label = str(none_label) if key is None else names.get(key, str(key))


def _sorted(rows: dict[Any, Row]) -> list[Row]:
    """Named rows in their order (protocol rank, name), then the row of letters without."""
    return [r for r in rows.values() if r.key is not None] + (
        [rows[None]] if None in rows and rows[None].received else []
    )


def _scope_label(access: ReportAccess, leader_id: int | None, department_id: int | None) -> str:
    if leader_id:
        return ", ".join(Official.objects.filter(pk=leader_id).values_list("title", flat=True))
    if department_id:
        return ", ".join(Department.objects.filter(pk=department_id).values_list("name", flat=True))
    if access.sees_all:
        return str(_("Semua pimpinan dan OPD"))
    names = list(access.leaders().values_list("title", flat=True))
    names += list(access.departments().values_list("name", flat=True))
    return ", ".join(names)
