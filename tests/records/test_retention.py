"""The classification scheme and its retention arithmetic (records app)."""

from datetime import date

import pytest
from django.urls import reverse

from records.models import ClassificationCode, FinalDisposition
from records.retention import add_years, retention_dates
from records.starter import STARTER_CODES
from tests.workflows.walk import client_for


def test_active_and_inactive_periods_follow_each_other_from_the_archive_day():
    retention = retention_dates(
        archived_on=date(2026, 12, 3), active_years=2, inactive_years=3, final_disposition="destroy"
    )
    assert retention.active_until == date(2028, 12, 3)
    assert retention.inactive_until == date(2031, 12, 3)
    assert retention.final_disposition == "destroy"


def test_a_leap_day_ends_on_the_28th_in_a_year_without_one():
    assert add_years(date(2028, 2, 29), 1) == date(2029, 2, 28)
    assert add_years(date(2028, 2, 29), 4) == date(2032, 2, 29)


@pytest.mark.django_db
def test_fresh_installs_have_the_starter_scheme_with_the_protocol_series():
    codes = {c.code: c for c in ClassificationCode.objects.all()}
    assert set(codes) == {row[0] for row in STARTER_CODES}
    assert codes["400.14.2"].parent == codes["400.14"]
    assert codes["400.14.5"].final_disposition == FinalDisposition.PERMANENT
    assert codes["400.14.4"].final_disposition == FinalDisposition.REAPPRAISE


@pytest.mark.django_db
def test_a_code_gives_its_own_retention():
    code = ClassificationCode.objects.get(code="400.14.4")  # 2 active, 5 inactive
    retention = code.retention_for(date(2026, 1, 15))
    assert (retention.active_until, retention.inactive_until) == (
        date(2028, 1, 15),
        date(2033, 1, 15),
    )
    assert retention.final_disposition == "reappraise"


def test_the_administrator_adds_and_edits_a_code(world):
    client = client_for(world.admin)
    assert client.get(reverse("records:codes")).status_code == 200
    response = client.post(
        reverse("records:code_add"),
        {
            "code": "400.14.7",
            "title": "Penghargaan",
            "parent": ClassificationCode.objects.get(code="400.14").pk,
            "active_years": 3,
            "inactive_years": 7,
            "final_disposition": "permanent",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    code = ClassificationCode.objects.get(code="400.14.7")
    assert (code.active_years, code.inactive_years, code.final_disposition) == (3, 7, "permanent")
    response = client.post(
        reverse("records:code_edit", args=[code.pk]),
        {
            "code": "400.14.7",
            "title": "Penghargaan daerah",
            "active_years": 1,
            "inactive_years": 1,
            "final_disposition": "destroy",
        },
    )
    assert response.status_code == 302
    code.refresh_from_db()
    assert (code.title, code.is_active, code.final_disposition) == (
        "Penghargaan daerah",
        False,
        "destroy",
    )
    assert "Penghargaan daerah" in client.get(reverse("records:codes")).content.decode()


def test_a_code_cannot_be_its_own_parent(world):
    code = ClassificationCode.objects.get(code="400.14")
    child = ClassificationCode.objects.get(code="400.14.1")
    response = client_for(world.admin).post(
        reverse("records:code_edit", args=[code.pk]),
        {
            "code": "400.14",
            "title": code.title,
            "parent": child.pk,
            "active_years": 2,
            "inactive_years": 3,
            "final_disposition": "reappraise",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    code.refresh_from_db()
    assert code.parent.code == "400"


@pytest.mark.parametrize(
    "role", ["clerk", "reviewer", "scheduler", "auditor", "dept_officer", "mayor_user", "adc"]
)
def test_no_one_but_the_administrator_manages_the_scheme(world, role):
    code = ClassificationCode.objects.get(code="400.14.2")
    client = client_for(getattr(world, role))
    for url in (
        reverse("records:codes"),
        reverse("records:code_add"),
        reverse("records:code_edit", args=[code.pk]),
    ):
        assert client.get(url).status_code == 403, url
    response = client.post(
        reverse("records:code_edit", args=[code.pk]),
        {
            "code": "X",
            "title": "X",
            "active_years": 0,
            "inactive_years": 0,
            "final_disposition": "destroy",
        },
    )
    assert response.status_code == 403
    code.refresh_from_db()
    assert code.code == "400.14.2"
