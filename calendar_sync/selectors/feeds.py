"""The calendar feeds' reads: their items, their version, and the private addresses."""

from datetime import datetime
from typing import Any

from django.db.models import Count, Max, QuerySet

from calendar_sync.models import AgendaItem, FeedToken
from calendar_sync.selectors.visibility import officials_for_feed_tokens, public_items
from organization.models import Official


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
        items = public_items().prefetch_related("official")
    else:
        items = AgendaItem.objects.filter(official=official)
    return (
        items.filter(start__gte=since, start__lt=until)
        .exclude(status=AgendaItem.Status.CANCELLED, updated_at__lt=cancelled_since)
        .order_by("start", "pk")
    )


def agenda_feed_version(items: QuerySet[Any]) -> tuple[int, datetime | None]:
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


def feed_tokens_for_user(*, user: Any) -> QuerySet[FeedToken]:
    """The feed tokens of the officials ``user`` may manage, newest first."""
    return (
        FeedToken.objects.filter(official__in=officials_for_feed_tokens(user=user))
        .select_related("official", "created_by")
        .order_by("official__rank", "-created_at")
    )
