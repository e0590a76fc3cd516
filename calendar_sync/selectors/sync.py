"""The protocol office's view of calendar synchronisation."""

from django.db.models import Count, Q, QuerySet

from calendar_sync.models import CalDAVAccount


def caldav_sync_status() -> QuerySet[CalDAVAccount]:
    """Every CalDAV account with its state and how many of its copies wait for a retry."""
    return (
        CalDAVAccount.objects.select_related("official")
        .annotate(
            failing_copies=Count("copies", filter=Q(copies__next_attempt_at__isnull=False)),
            copies_total=Count("copies"),
        )
        .order_by("official__rank", "official__name")
    )
