"""The retention arithmetic of a JRA (*Jadwal Retensi Arsip*): from the day a record was
archived, its active period, then its inactive period, then its final disposition.

Pure functions on dates, so the rule is tested without a database."""

from dataclasses import dataclass
from datetime import date


def add_years(day: date, years: int) -> date:
    """``day`` moved ``years`` calendar years on; 29 February becomes 28 February in a
    year that has none (a retention never ends later than the years it names)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Retention:
    active_until: date
    inactive_until: date
    final_disposition: str


def retention_dates(
    *, archived_on: date, active_years: int, inactive_years: int, final_disposition: str
) -> Retention:
    """Active until ``archived_on`` + active years; inactive until that + inactive years;
    what happens then is ``final_disposition`` (destroy, keep permanently, re-appraise)."""
    active_until = add_years(archived_on, active_years)
    return Retention(
        active_until=active_until,
        inactive_until=add_years(active_until, inactive_years),
        final_disposition=final_disposition,
    )
