"""Who may use the signed-in request pages, and who may not."""

import pytest
from django.urls import reverse

from organization.models import Department, Official, Role
from tests.factories import make_user
from tests.intake.walk import latest_request, submit_department, submit_public, verify_data
from tests.workflows.walk import client_for, do_task, review_forward
from workflows.models import Letter

MAY_LIST = {"dept_officer", "clerk", "reviewer", "scheduler", "auditor", "admin"}
MAY_ANSWER = {"reviewer", "scheduler"}


def other_departments_officer():
    bappeda = Department.objects.create(name="Bappeda", short_name="Bappeda")
    user = make_user("operator_bappeda", Role.DEPARTMENT_OFFICER)
    Official.objects.create(
        name="Operator Bappeda", position="other", title="Operator", department=bappeda, user=user
    )
    return user


@pytest.mark.parametrize(
    "role",
    [
        "clerk",
        "reviewer",
        "mayor_user",
        "adc",
        "deputy_adc",
        "scheduler",
        "dept_officer",
        "auditor",
        "admin",
    ],
)
def test_the_request_list_is_for_the_office_and_department_officers(world, role):
    response = client_for(getattr(world, role)).get(reverse("permohonan:index"))
    assert response.status_code == (200 if role in MAY_LIST else 403)


@pytest.mark.parametrize(
    "role",
    ["clerk", "reviewer", "mayor_user", "adc", "scheduler", "dept_officer", "auditor", "admin"],
)
def test_only_department_officers_send_department_requests(world, role):
    response = client_for(getattr(world, role)).get(reverse("permohonan:create"))
    assert response.status_code == (200 if role == "dept_officer" else 403)


def test_an_officer_without_a_department_cannot_send(world):
    loose = make_user("operator_tanpa_opd", Role.DEPARTMENT_OFFICER)
    assert client_for(loose).get(reverse("permohonan:create")).status_code == 403


def test_a_department_officer_sees_only_their_own_departments_requests(world):
    submit_department(client_for(world.dept_officer), event_title="Rakor Dinkes rahasia")
    submit_public(event_title="Wisuda kampus")
    other = other_departments_officer()
    page = client_for(other).get(reverse("permohonan:index")).content.decode()
    assert "Rakor Dinkes rahasia" not in page
    assert "Wisuda kampus" not in page
    own = client_for(world.dept_officer).get(reverse("permohonan:index")).content.decode()
    assert "Rakor Dinkes rahasia" in own
    assert "Wisuda kampus" not in own  # the public's requests are the office's
    # Nor the letter page of the other department's request.
    letter = Letter.objects.get(event_title="Rakor Dinkes rahasia")
    assert client_for(other).get(reverse("letters:detail", args=[letter.pk])).status_code == 404


def test_the_office_sees_every_online_request(world):
    submit_department(client_for(world.dept_officer), event_title="Rakor Dinkes")
    submit_public(event_title="Wisuda kampus")
    page = client_for(world.reviewer).get(reverse("permohonan:index")).content.decode()
    assert "Rakor Dinkes" in page and "Wisuda kampus" in page


@pytest.mark.parametrize(
    "role",
    [
        "clerk",
        "reviewer",
        "mayor_user",
        "adc",
        "deputy_adc",
        "scheduler",
        "dept_officer",
        "auditor",
        "admin",
    ],
)
def test_only_the_protocol_office_answers(world, role):
    submit_public()
    letter = latest_request().letter
    do_task(world.clerk, letter, "verify", verify_data(letter))
    review_forward(world.reviewer, letter, world.mayor)
    do_task(world.adc, letter, "dispose", {"outcome": "decline", "note": "Berhalangan."})
    url = reverse("permohonan:answer", args=[letter.pk])
    client = client_for(getattr(world, role))
    response = client.post(url, {"text": "Jawaban."})
    if role in MAY_ANSWER:
        assert response.status_code == 302
    else:
        # Who may not see the letter gets "not found"; who may see it, "not allowed".
        assert response.status_code in (403, 404)
        assert latest_request().answer == ""


def test_an_answer_before_the_disposition_is_refused(world):
    submit_public()
    letter = latest_request().letter
    response = client_for(world.reviewer).post(
        reverse("permohonan:answer", args=[letter.pk]), {"text": "Terlalu cepat."}
    )
    assert response.status_code == 200
    assert "setelah pimpinan memberi disposisi" in response.content.decode()
    assert latest_request().answer == ""


def test_a_department_officer_may_stage_a_scan_for_their_request(world):
    from tests.factories import scan

    response = client_for(world.dept_officer).post(reverse("letters:stage_scan"), {"file": scan()})
    assert response.status_code == 201
    refused = client_for(world.adc).post(reverse("letters:stage_scan"), {"file": scan()})
    assert refused.status_code == 403


def test_the_printable_reply_letter_is_for_the_protocol_office_once_answered(world):
    submit_public(organisation="Universitas Tadulako")
    letter = latest_request().letter
    url = reverse("permohonan:reply", args=[letter.pk])
    reviewer = client_for(world.reviewer)
    assert reviewer.get(url).status_code == 404  # nothing answered yet
    do_task(world.clerk, letter, "verify", verify_data(letter))
    review_forward(world.reviewer, letter, world.mayor)
    do_task(world.adc, letter, "dispose", {"outcome": "decline", "note": "Berhalangan."})
    reviewer.post(
        reverse("permohonan:answer", args=[letter.pk]), {"text": "Mohon maaf, tidak dapat hadir."}
    )
    page = reviewer.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Mohon maaf, tidak dapat hadir." in text and "Universitas Tadulako" in text
    assert "Berhalangan." not in text  # the leader's note is internal
    for role in ("clerk", "adc", "dept_officer", "auditor"):
        assert client_for(getattr(world, role)).get(url).status_code in (403, 404)
