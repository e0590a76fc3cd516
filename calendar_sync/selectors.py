"""Reads of the agenda."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import gettext as _

from calendar_sync.models import AgendaItem, ExternalBusy, FeedToken
from organization.backends import leader_ids_for_user
from organization.models import Official, Region, Role
from organization.roles import has_role


@dataclass(frozen=True)
class Clash:
    item: AgendaItem
    kind: str  # "overlap" (times overlap) or "travel" (too close for travel between venues)
    # or "external": busy on the official's own calendar; ``item`` is then an unsaved
    # stand-in built from ``busy``
    busy: ExternalBusy | None = None


# The clash check looks back this far for items still running; the services refuse
# longer items (a longer leave is entered in parts).
LONGEST_ITEM = timedelta(days=31)


def _normalise_venue(venue: str) -> str:
    return " ".join(venue.lower().split())


def agenda_clashes(
    *,
    official: Official | int,
    start: datetime,
    end: datetime | None,
    venue: str = "",
    exclude_source: str = "",
    exclude_ids: tuple[int, ...] = (),
    region: Region | None = None,
) -> list[Clash]:
    """Active items of the same official that overlap [start, end), travel buffer included.

    Open ends count as the region's default duration. Two items at different venues need
    the travel buffer between them; at the same venue they may touch.
    """
    region = region or Region.current()
    buffer = timedelta(minutes=region.travel_buffer_minutes)
    open_default = timedelta(minutes=region.open_end_default_minutes)
    end = end or start + open_default
    official_id = official if isinstance(official, int) else official.pk
    # A clashing item starts before end+buffer and ends after start-buffer. The lower bound
    # on start (no item is longer than LONGEST_ITEM) keeps the (official, start) index
    # scan to a month; the end test in SQL keeps the rows fetched to the real candidates.
    candidates = (
        AgendaItem.objects.filter(
            official_id=official_id,
            start__lt=end + buffer,
            start__gt=start - buffer - LONGEST_ITEM,
        )
        .filter(
            Q(end__gt=start - buffer) | Q(end__isnull=True, start__gt=start - buffer - open_default)
        )
        .exclude(status=AgendaItem.Status.CANCELLED)
    )
    # Each filter costs more in the ORM than in the database: add only those that apply.
    if exclude_ids:
        candidates = candidates.exclude(pk__in=exclude_ids)
    if exclude_source:
        candidates = candidates.exclude(source=exclude_source)
    if isinstance(official, int):
        candidates = candidates.select_related("official")
    venue_key = _normalise_venue(venue)
    clashes: list[Clash] = []
    for item in candidates:
        if not isinstance(official, int):
            item.official = official  # all candidates are this official's: no join needed
        item_end = item.effective_end(open_default)
        if item.start < end and start < item_end:
            clashes.append(Clash(item=item, kind="overlap"))
            continue
        same_venue = venue_key and venue_key == _normalise_venue(item.venue)
        if not same_venue and item.start < end + buffer and start - buffer < item_end:
            clashes.append(Clash(item=item, kind="travel"))
    clashes.extend(_external_clashes(official_id, start, end, region))
    return clashes


def _external_clashes(
    official_id: int, start: datetime, end: datetime, region: Region
) -> list[Clash]:
    """Busy times read back from the official's CalDAV calendar (calendar_sync/tasks.py)
    that overlap [start, end). They have no venue, so only an overlap counts. The entry on
    a personal calendar is not the protocol office's to read: it shows as "busy" only."""
    busy_times = ExternalBusy.objects.filter(
        official_id=official_id,
        start__lt=end,
        end__gt=start,
        account__enabled=True,
        account__read_busy_times=True,
    ).select_related("official")
    return [
        Clash(
            item=AgendaItem(
                official=busy.official,
                title=_("Sibuk"),
                start=busy.start,
                end=busy.end,
                time_zone=region.time_zone,
                venue=_("kalender pribadi"),
            ),
            kind="external",
            busy=busy,
        )
        for busy in busy_times.order_by("start")
    ]


def _ended_before(moment: datetime) -> Q:
    """Items over by ``moment``; an open end lasts the region's default duration, as in
    the clash check (a morning "s.d. selesai" is not on the next day's agenda)."""
    open_default = timedelta(minutes=Region.current().open_end_default_minutes)
    return Q(end__lte=moment) | Q(end__isnull=True, start__lte=moment - open_default)


def agenda_for_official(
    *, official: Official, first_day: date, days: int, zone: ZoneInfo
) -> QuerySet[AgendaItem]:
    """Items of one official that touch the given local days (in the viewer's zone)."""
    window_start = datetime.combine(first_day, time.min, tzinfo=zone)
    window_end = window_start + timedelta(days=days)
    return (
        AgendaItem.objects.filter(official=official, start__lt=window_end)
        .exclude(_ended_before(window_start))
        .select_related("official")
        .order_by("start")
    )


def agenda_for_day_all(*, day: date, zone: ZoneInfo) -> QuerySet[AgendaItem]:
    window_start = datetime.combine(day, time.min, tzinfo=zone)
    window_end = window_start + timedelta(days=1)
    return (
        AgendaItem.objects.filter(start__lt=window_end)
        .exclude(_ended_before(window_start))
        .exclude(status=AgendaItem.Status.CANCELLED)
        .select_related("official")
        .order_by("official__rank", "start")
    )


# The public agenda and the calendar feeds


def _public_items() -> QuerySet[AgendaItem]:
    """Public items of the leaders (head, deputy, sekda): what anyone may see."""
    return AgendaItem.objects.filter(
        visibility=AgendaItem.Visibility.PUBLIC,
        official__position__in=Official.LEADER_POSITIONS,
    )


def agenda_public_for_days(
    *, first_day: date, days: int, open_end_default: timedelta
) -> list[AgendaItem]:
    """Public, not cancelled items of leaders that touch the given days.

    Each item's days are read in its own zone, as it is shown ("09.00 WITA" is on the day
    of that WITA clock), not in the viewer's. An open end counts as ``open_end_default``.
    """
    # Any zone's day lies within a day either side of the same UTC day; the exact test on
    # each item's own local days is done below.
    window_start = datetime.combine(first_day - timedelta(days=1), time.min, tzinfo=UTC)
    window_end = datetime.combine(first_day + timedelta(days=days + 1), time.min, tzinfo=UTC)
    candidates = (
        _public_items()
        .filter(start__lt=window_end)
        .exclude(
            Q(end__lte=window_start)
            | Q(end__isnull=True, start__lte=window_start - open_end_default)
        )
        .exclude(status=AgendaItem.Status.CANCELLED)
        .select_related("official")
        .order_by("start", "official__rank", "pk")
    )
    last_day = first_day + timedelta(days=days - 1)
    items = []
    for item in candidates:
        zone = item.zone
        local_start = item.local_start
        local_end = item.effective_end(open_end_default).astimezone(zone)
        if local_start.date() <= last_day and local_end > datetime.combine(
            first_day, time.min, tzinfo=zone
        ):
            items.append(item)
    return items


def agenda_feed_items(
    *,
    official: Official | None,
    since: datetime,
    until: datetime,
    cancelled_since: datetime,
) -> QuerySet[AgendaItem]:
    """Items of a calendar feed starting in [since, until): every item of ``official``, or
    with ``official=None`` the public items of the leaders.

    A cancelled item stays while its cancellation is recent (changed after
    ``cancelled_since``): a subscribed calendar then sees STATUS:CANCELLED and removes it.
    """
    if official is None:
        # A handful of leaders: one query for them beats a joined copy on every row.
        items = _public_items().prefetch_related("official")
    else:
        items = AgendaItem.objects.filter(official=official)
    return (
        items.filter(start__gte=since, start__lt=until)
        .exclude(status=AgendaItem.Status.CANCELLED, updated_at__lt=cancelled_since)
        .order_by("start", "pk")
    )


def agenda_feed_version(items: QuerySet[AgendaItem]) -> tuple[int, datetime | None]:
    """How many items a feed holds and their latest change, in one aggregate query."""
    found = items.order_by().aggregate(count=Count("pk"), last=Max("updated_at"))
    return found["count"], found["last"]


def feed_token_active(*, token: str) -> FeedToken | None:
    """The unrevoked feed token with this secret, with its official."""
    return (
        FeedToken.objects.filter(token=token, revoked_at__isnull=True)
        .select_related("official")
        .first()
    )


def officials_for_feed_tokens(*, user: Any) -> QuerySet[Official]:
    """Officials whose private feed addresses ``user`` may hand out and revoke: their own,
    the leaders they serve as ajudan/sespri, or everyone's for the protocol office
    (scheduler role or ``workflows.schedule_letter``) and administrators."""
    if not user.is_authenticated or not user.is_active:
        return Official.objects.none()
    if has_role(user, Role.PROTOCOL_SCHEDULER, Role.ADMINISTRATOR) or user.has_perm(
        "workflows.schedule_letter"
    ):
        return Official.objects.filter(is_active=True)
    return Official.objects.filter(pk__in=leader_ids_for_user(user), is_active=True)


def feed_tokens_for_user(*, user: Any) -> QuerySet[FeedToken]:
    """The feed tokens of the officials ``user`` may manage, newest first."""
    return (
        FeedToken.objects.filter(official__in=officials_for_feed_tokens(user=user))
        .select_related("official", "created_by")
        .order_by("official__rank", "-created_at")
    )


# Manual entry, double-booked venues and confidentiality (the internal agenda pages)

AGENDA_EDITOR_ROLES = (Role.PROTOCOL_SCHEDULER, Role.PROTOCOL_REVIEWER, Role.ADMINISTRATOR)
SEE_ALL_PERMISSION = "workflows.view_all_letters"


def agenda_may_edit(*, user: Any, official: Official) -> bool:
    """Whether ``user`` may enter and change items on ``official``'s agenda by hand: the
    protocol office and administrators for every official; a leader and their own
    ajudan/sespri for that leader's agenda."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or has_role(user, *AGENDA_EDITOR_ROLES):
        return official.is_active
    return official.is_leader and official.pk in leader_ids_for_user(user)


def agenda_editable_officials(*, user: Any) -> QuerySet[Official]:
    """The officials ``agenda_may_edit`` allows, in protocol order."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Official.objects.none()
    active = Official.objects.filter(is_active=True)
    if user.is_superuser or has_role(user, *AGENDA_EDITOR_ROLES):
        return active
    return active.filter(pk__in=leader_ids_for_user(user), position__in=Official.LEADER_POSITIONS)


def venue_bookings(
    *,
    venue: str,
    start: datetime,
    end: datetime | None,
    exclude_ids: Iterable[int] = (),
    exclude_officials: Iterable[int] = (),
    exclude_source: str = "",
    region: Region | None = None,
) -> list[AgendaItem]:
    """Active items of other officials at the same venue (compared without case and extra
    spaces) overlapping [start, end): a double-booked room, a warning and not a refusal.

    No travel buffer here: the room is taken only while the event runs. Open ends count
    as the region's default duration, as in ``agenda_clashes``.
    """
    key = _normalise_venue(venue)
    if not key:
        return []
    region = region or Region.current()
    open_default = timedelta(minutes=region.open_end_default_minutes)
    end = end or start + open_default
    candidates = (
        AgendaItem.objects.filter(start__lt=end, start__gt=start - LONGEST_ITEM)
        .filter(Q(end__gt=start) | Q(end__isnull=True, start__gt=start - open_default))
        .exclude(status=AgendaItem.Status.CANCELLED)
        .exclude(venue="")
        .exclude(pk__in=list(exclude_ids))
        .exclude(official_id__in=list(exclude_officials))
        .select_related("official")
        .order_by("start", "official__rank")
    )
    if exclude_source:
        candidates = candidates.exclude(source=exclude_source)
    return [item for item in candidates if _normalise_venue(item.venue) == key]


@dataclass(frozen=True)
class AgendaViewer:
    """What one user may read of confidential items."""

    sees_all: bool
    official_ids: frozenset[int]

    def sees_details(self, item: AgendaItem) -> bool:
        return (
            item.visibility != AgendaItem.Visibility.CONFIDENTIAL
            or self.sees_all
            or item.official_id in self.official_ids
        )


def agenda_viewer(*, user: Any) -> AgendaViewer:
    """A confidential item is read in full by the official, their ajudan/sespri, and whoever
    may read every letter (protocol, auditors, administrators); others see "Sibuk"."""
    if user is None or not user.is_authenticated or not user.is_active:
        return AgendaViewer(sees_all=False, official_ids=frozenset())
    return AgendaViewer(
        sees_all=user.is_superuser or user.has_perm(SEE_ALL_PERMISSION),
        official_ids=frozenset(leader_ids_for_user(user)),
    )


@dataclass(frozen=True)
class AgendaEntry:
    """An agenda item as one viewer may read it. Pages and the share text read only these
    fields, so a confidential item cannot show its title, place or notes by mistake."""

    item: AgendaItem
    visible: bool

    @property
    def pk(self) -> int:
        return self.item.pk

    @property
    def official(self) -> Official:
        return self.item.official

    @property
    def title(self) -> str:
        return self.item.title if self.visible else _("Sibuk")

    @property
    def venue(self) -> str:
        return self.item.venue if self.visible else ""

    @property
    def role_note(self) -> str:
        return self.item.role_note if self.visible else ""

    @property
    def description(self) -> str:
        return self.item.description if self.visible else ""

    @property
    def kind_display(self) -> str:
        return self.item.get_kind_display() if self.visible else ""

    @property
    def outside_region(self) -> bool:
        return self.item.outside_region and self.visible

    @property
    def status(self) -> str:
        return self.item.status

    @property
    def status_display(self) -> str:
        return self.item.get_status_display()

    @property
    def is_cancelled(self) -> bool:
        return self.item.status == AgendaItem.Status.CANCELLED

    @property
    def start(self) -> datetime:
        return self.item.start

    @property
    def end(self) -> datetime | None:
        return self.item.end

    @property
    def local_start(self) -> datetime:
        return self.item.local_start

    @property
    def local_end(self) -> datetime | None:
        return self.item.local_end

    @property
    def zone_word(self) -> str:
        return self.item.zone_word

    @property
    def is_multi_day(self) -> bool:
        local_end = self.item.local_end
        return local_end is not None and local_end.date() != self.item.local_start.date()


def agenda_entries(*, items: Iterable[AgendaItem], viewer: AgendaViewer) -> list[AgendaEntry]:
    return [AgendaEntry(item=item, visible=viewer.sees_details(item)) for item in items]


def agenda_for_officials_day(
    *, officials: Iterable[Official], day: date, zone: ZoneInfo
) -> QuerySet[AgendaItem]:
    """Active items of the given officials touching one local day (in ``zone``)."""
    window_start = datetime.combine(day, time.min, tzinfo=zone)
    return (
        AgendaItem.objects.filter(
            official__in=list(officials), start__lt=window_start + timedelta(days=1)
        )
        .exclude(_ended_before(window_start))
        .exclude(status=AgendaItem.Status.CANCELLED)
        .select_related("official")
        .order_by("official__rank", "start")
    )


def agenda_item_changes(*, item: AgendaItem) -> QuerySet:
    """Who changed an item by hand, oldest first."""
    return item.changes.select_related("actor").order_by("at", "pk")


def caldav_sync_status() -> QuerySet:
    """Every CalDAV account with its state and how many of its copies wait for a retry."""
    from django.db.models import Count

    from calendar_sync.models import CalDAVAccount

    return (
        CalDAVAccount.objects.select_related("official")
        .annotate(
            failing_copies=Count("copies", filter=Q(copies__next_attempt_at__isnull=False)),
            copies_total=Count("copies"),
        )
        .order_by("official__rank", "official__name")
    )
