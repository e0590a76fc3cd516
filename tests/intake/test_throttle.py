"""The public forms' limit is a sliding window: no burst gets through at a clock hour."""

from datetime import UTC, datetime, timedelta

from intake.models import ThrottleCount
from intake.throttle import Limit, throttle_hit

THREE_AN_HOUR = Limit("test_scope", "LONTAR_TEST_RATE_UNSET", "3/3600")


def at(hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(2026, 12, 1, hour, minute, second, tzinfo=UTC)


def test_a_burst_across_the_hour_is_refused(db):
    for _ in range(3):
        assert throttle_hit(limit=THREE_AN_HOUR, key="203.0.113.9", now=at(20, 59, 50))
    # A fixed hourly window would start afresh here.
    assert not throttle_hit(limit=THREE_AN_HOUR, key="203.0.113.9", now=at(21, 0, 5))


def test_attempts_older_than_the_window_are_forgotten(db):
    for _ in range(3):
        throttle_hit(limit=THREE_AN_HOUR, key="203.0.113.9", now=at(10, 0))
    assert not throttle_hit(limit=THREE_AN_HOUR, key="203.0.113.9", now=at(10, 30))
    # Four attempts were counted at 10.00-10.30; an hour after the last, all are gone.
    assert throttle_hit(limit=THREE_AN_HOUR, key="203.0.113.9", now=at(11, 31))
    assert ThrottleCount.objects.filter(window_start__lt=at(10, 31)).count() == 0


def test_addresses_are_counted_apart_and_kept_as_hashes(db):
    for _ in range(3):
        throttle_hit(limit=THREE_AN_HOUR, key="198.51.100.1", now=at(9, 0))
    assert throttle_hit(limit=THREE_AN_HOUR, key="198.51.100.2", now=at(9, 0))
    assert not ThrottleCount.objects.filter(key__contains="198.51").exists()
    assert ThrottleCount.objects.filter(window_start__gte=at(9, 0) - timedelta(minutes=1))


def test_attempts_in_one_slice_share_one_row_the_orm_can_read(db):
    for second in (1, 20, 59):
        throttle_hit(limit=THREE_AN_HOUR, key="203.0.113.9", now=at(9, 0, second))
    [row] = ThrottleCount.objects.filter(scope="test_scope")
    assert (row.window_start, row.count) == (at(9, 0), 3)
    assert ThrottleCount.objects.get(window_start=at(9, 0)) == row
