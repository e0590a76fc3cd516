from io import StringIO

from django.core.management import call_command

from calendar_sync.models import DepartmentEvent


def test_the_demo_events_fill_the_departments_calendar(db):
    call_command("seed_demo_events", stdout=StringIO())
    events = DepartmentEvent.objects.select_related("department")
    assert events.count() == 7
    assert {e.department.name for e in events} >= {"Dinas Kesehatan", "Bappeda", "BPBD"}
    assert events.filter(visibility="public").count() >= 4
    assert events.filter(visibility="internal").exists()
    shared = events.get(title="Pelatihan Kader Posyandu")
    assert shared.venue_override_reason  # the room was taken; kept with its reason
    assert shared.changes.get().actor.username == "operator_dinkes"
    call_command("seed_demo_events", "--if-empty", stdout=StringIO())
    assert DepartmentEvent.objects.count() == 7
