"""Region.current(): read once per process, forgotten when a Region is saved or deleted."""

import pytest

from organization.models import Region

pytestmark = pytest.mark.django_db


def test_a_second_call_issues_no_query(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        first = Region.current()
    with django_assert_num_queries(0):
        second = Region.current()
    assert second is first
    assert second.pk == world.region.pk


def test_a_saved_region_is_seen_by_the_next_call(world):
    assert Region.current().travel_buffer_minutes == 30
    world.region.travel_buffer_minutes = 45
    world.region.save()
    assert Region.current().travel_buffer_minutes == 45


def test_the_first_region_created_replaces_the_unsaved_default():
    assert Region.current().pk is None
    created = Region.objects.create(name="Kabupaten Sigi", short_name="Sigi")
    assert Region.current().pk == created.pk


def test_a_deleted_region_is_forgotten(world):
    assert Region.current().pk == world.region.pk
    Region.objects.all().delete()  # a queryset delete: Region.delete() is not called
    assert Region.current().pk is None


def test_no_region_is_left_over_from_an_earlier_test(django_assert_num_queries):
    # The tests above cached a region that their rolled-back transaction never committed;
    # the autouse fixture in tests/conftest.py forgets it before each test.
    with django_assert_num_queries(1):
        assert Region.current().pk is None


def test_a_change_made_by_another_process_is_seen_within_a_minute(db, monkeypatch):
    """Another process's save sends no signal here: the copy expires instead."""
    import organization.models as models_module

    Region.objects.create(name="Kota Palu", short_name="Palu")
    clock = [1000.0]
    monkeypatch.setattr(models_module, "monotonic", lambda: clock[0])
    assert Region.current().archive_after_event_hours == 24
    Region.objects.update(archive_after_event_hours=6)  # as another process would
    clock[0] += models_module.REGION_CACHE_SECONDS - 1
    assert Region.current().archive_after_event_hours == 24
    clock[0] += 2
    assert Region.current().archive_after_event_hours == 6
