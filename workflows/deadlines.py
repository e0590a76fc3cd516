"""When things are due: the process's timers, the reports after an event. Rules on a
letter, its follow-ups and the region's periods."""

from datetime import date, datetime, timedelta

from django.utils import timezone

from organization.models import Region
from workflows.models import FollowUp, Letter

# An attending official reports the event within this many days after it.
REPORT_DAYS = 2


def archive_due_at(letter: Letter) -> datetime:
    """When a scheduled letter is archived: a configured time after its event ends, or
    as soon as every attending official's report is in."""
    region = Region.current()
    end = letter.event_end or letter.event_start + region.open_end_default
    due = end + timedelta(hours=region.archive_after_event_hours)
    if letter.pk is None:  # a letter being built (bulk demo rows): no reports yet
        return due
    reports = FollowUp.objects.filter(letter=letter, kind=FollowUp.Kind.REPORT)
    if reports.exists() and not reports.filter(status__in=FollowUp.OPEN_STATUSES).exists():
        return min(due, timezone.now())
    return due


def report_due_on(letter: Letter) -> date:
    """The day an attending official's report of the event is due: two days after it."""
    end = letter.local_end or letter.local_start
    return end.date() + timedelta(days=REPORT_DAYS)


def escalation_due_at(letter: Letter, since: datetime) -> datetime:
    """A pending disposition is escalated after the reminder period, or earlier when the
    event is close."""
    region = Region.current()
    by_wait = since + timedelta(hours=region.disposition_reminder_hours)
    by_event = letter.event_start - timedelta(hours=region.disposition_event_close_hours)
    return max(min(by_wait, by_event), since)


def material_due_on(letter: Letter) -> date:
    """The day a speech or material must be ready: the region's lead time before the
    event (24 hours by default), on the event's own calendar."""
    lead = timedelta(hours=Region.current().material_lead_hours)
    return (letter.event_start - lead).astimezone(letter.zone).date()
