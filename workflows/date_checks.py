"""The checks a clerk expects on a letter's dates, for the registration and review pages.

Two mistakes the reader or the typist make, and a letter sent late makes: an event that is
already over when the letter is registered, and an event dated before the letter itself
(usually a misread year or month). Neither refuses the letter (the clerk may register a
late letter on purpose, for the record); both are said in words on the page, the
registration's confirmation, and the review task, so the letter is not forwarded without a
word. The registration page's script repeats the same two checks as the clerk types
(``workflows/static/workflows/stage_scan.js``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _


def date_warnings(
    *,
    letter_date: date | None,
    event_start: datetime | None,
    event_end: datetime | None = None,
    now: datetime | None = None,
) -> list[str]:
    """The warnings for these dates, in words (empty when all is plausible). The event's
    times are aware, in the event's own zone (its day is the day on the letter)."""
    warnings: list[str] = []
    if event_start is None:
        return warnings
    now = now or timezone.now()
    over = event_end if event_end is not None and event_end > event_start else event_start
    if over < now:
        warnings.append(
            _("Acara pada surat ini sudah lewat (%(when)s). Periksa tanggalnya.")
            % {"when": _local_day(event_start)}
        )
    if letter_date is not None and event_start.date() < letter_date:
        warnings.append(
            _(
                "Tanggal acara (%(event)s) lebih awal dari tanggal surat (%(letter)s). "
                "Periksa tahun dan bulannya."
            )
            % {"event": _local_day(event_start), "letter": letter_date.strftime("%d-%m-%Y")}
        )
    return warnings


def letter_date_warnings(*, letter: Any, now: datetime | None = None) -> list[str]:
    """``date_warnings`` of a registered letter, its event read in the event's own zone."""
    zone = _zone(letter)
    start = letter.event_start.astimezone(zone) if letter.event_start else None
    end = letter.event_end.astimezone(zone) if getattr(letter, "event_end", None) else None
    return date_warnings(letter_date=letter.letter_date, event_start=start, event_end=end, now=now)


def _zone(letter: Any) -> Any:
    from zoneinfo import ZoneInfo

    try:
        return ZoneInfo(letter.event_time_zone)
    except (TypeError, ValueError, KeyError):
        return timezone.get_default_timezone()


def _local_day(moment: datetime) -> str:
    return moment.strftime("%d-%m-%Y")
