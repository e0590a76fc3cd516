"""When the process's timers are due. Pure rules on a letter and the region's periods."""

from datetime import datetime, timedelta

from organization.models import Region
from workflows.models import Letter


def archive_due_at(letter: Letter) -> datetime:
    """When a scheduled letter is archived: a configured time after its event ends."""
    region = Region.current()
    end = letter.event_end or letter.event_start + region.open_end_default
    return end + timedelta(hours=region.archive_after_event_hours)


def escalation_due_at(letter: Letter, since: datetime) -> datetime:
    """A pending disposition is escalated after the reminder period, or earlier when the
    event is close."""
    region = Region.current()
    by_wait = since + timedelta(hours=region.disposition_reminder_hours)
    by_event = letter.event_start - timedelta(hours=region.disposition_event_close_hours)
    return max(min(by_wait, by_event), since)
