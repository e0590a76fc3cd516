"""Each role against each endpoint and object: the API answers as the web does, and shows
nothing of a letter its caller may not see (another leader's, another department's)."""

import pytest
from django.urls import reverse
from viewflow.workflow.models import Task

from calendar_sync.models import AgendaItem
from organization.models import Department
from organization.permissions import VIEW_CONFIDENTIAL_AGENDA
from tests.api.conftest import Api, api_for, assert_error_shape
from tests.factories import ROLE_USERS, agenda_item, wita
from tests.workflows.walk import client_for, letter_in_state
from workflows import services
from workflows.flows import LetterFlow
from workflows.models import FollowUp, Letter, LetterState

SECRET = "Pertemuan tertutup dengan investor"


def _letter_through_review(world, leader, **values) -> Letter:
    """A letter registered and forwarded to ``leader`` through the process (so its
    dispose task waits in the queue)."""
    from tests.workflows.walk import register, review_forward

    letter = register(world.clerk, **values)
    review_forward(world.reviewer, letter, leader)
    letter.refresh_from_db()
    return letter


@pytest.fixture
def objects(world):
    kec = Department.objects.get(kind="kecamatan")
    mayors = _letter_through_review(
        world, world.mayor, subject="Rahasia wali kota", letter_number="1/A/2026"
    )
    deputys = _letter_through_review(
        world, world.deputy, subject="Rahasia wakil", letter_number="2/B/2026"
    )
    dinkes_letter = letter_in_state(
        world, "received", sender_department=world.dinkes, letter_number="3/C/2026"
    )
    kec_letter = letter_in_state(world, "received", sender_department=kec, letter_number="4/D/2026")
    delegated = letter_in_state(world, "reviewed", letter_number="5/E/2026")
    services.letter_dispose(
        actor=world.mayor_user,
        letter=delegated,
        outcome="represent",
        delegates=[world.kadis, world.camat],
        instructions=["dilaksanakan"],
    )
    secret = agenda_item(
        world.mayor,
        wita(9),
        wita(10),
        title=SECRET,
        venue="Ruang rapat tertutup",
        visibility=AgendaItem.Visibility.CONFIDENTIAL,
    )
    return {
        "mayors": mayors,
        "deputys": deputys,
        "dinkes": dinkes_letter,
        "kec": kec_letter,
        "delegated": delegated,
        "kadis_followup": FollowUp.objects.get(letter=delegated, official=world.kadis),
        "camat_followup": FollowUp.objects.get(letter=delegated, official=world.camat),
        "secret": secret,
    }


def _dispose_task(letter: Letter) -> Task:
    return Task.objects.get(
        process__letterprocess__letter=letter, flow_task=LetterFlow.dispose, status="ASSIGNED"
    )


LETTERS = ("mayors", "deputys", "dinkes", "kec", "delegated")


def test_a_letter_its_files_and_worklists_answer_as_the_web_does(world, objects):
    for role in ROLE_USERS:
        _letters_answer_as_the_web_does(world, objects, role)


def _letters_answer_as_the_web_does(world, objects, role):
    user = getattr(world, role)
    api, web = api_for(user), client_for(user)
    for name in LETTERS:
        letter = objects[name]
        web_status = web.get(reverse("letters:detail", args=[letter.pk])).status_code
        response = api.get(f"/api/v1/letters/{letter.pk}/")
        assert response.status_code == web_status, (role, name)
        document = letter.documents.first()
        web_file = web.get(reverse("letters:document", args=[letter.pk, document.pk]))
        api_file = api.get(f"/api/v1/letters/{letter.pk}/documents/{document.pk}/")
        assert api_file.status_code == web_file.status_code, (role, name)
        if web_status == 404:
            body = response.content.decode()
            assert letter.subject not in body and letter.letter_number not in body
            assert_error_shape(response, 404, "not_found")
            assert_error_shape(api_file, 404)
    # A task in my worklists shows its letter only when its page opens for me too.
    for worklist in ("inbox", "queue"):
        for row in api.get(f"/api/v1/tasks/{worklist}/").json()["results"]:
            if row["letter"] is not None:
                page = web.get(reverse("letters:detail", args=[row["letter"]["id"]]))
                assert page.status_code == 200, (role, row)


ALLOWED_TO_DISPOSE_MAYORS = {"mayor_user", "adc"}


def test_only_the_leader_and_their_staff_dispose_the_leaders_letter(world, objects):
    for role in ROLE_USERS:
        if role not in ALLOWED_TO_DISPOSE_MAYORS:
            _dispose_is_refused(world, objects, role)
    for role in ALLOWED_TO_DISPOSE_MAYORS:  # the adc's own case: tests/api/test_walkthrough
        letter = objects["mayors" if role == "mayor_user" else "deputys"]
        if role == "adc":
            continue
        task = _dispose_task(letter)
        user = getattr(world, role)
        response = api_for(user).post(f"/api/v1/tasks/{task.pk}/dispose/", {"outcome": "attend"})
        assert response.status_code == 200, response.content
        letter.refresh_from_db()
        assert letter.state == LetterState.DISPOSED


def _dispose_is_refused(world, objects, role):
    user = getattr(world, role)
    letter = objects["mayors"]
    task = _dispose_task(letter)
    response = api_for(user).post(f"/api/v1/tasks/{task.pk}/dispose/", {"outcome": "attend"})
    letter.refresh_from_db()
    assert_error_shape(response, 403, "permission_denied")
    assert letter.state == LetterState.REVIEWED
    body = response.content.decode()
    assert letter.subject not in body
    # The web refuses them too (taking the task from the queue).
    web = client_for(user).post(
        reverse("letter:dispose:assign", args=[task.process_id, task.pk]), {}
    )
    assert web.status_code == 403
    assert _dispose_task(letter).owner == world.mayor_user  # still the leader's


def test_only_the_protocol_reviewer_reviews(world):
    from tests.workflows.walk import register

    letter = register(world.clerk, letter_number="9/R/2026")
    task = Task.objects.get(process__letterprocess__letter=letter, flow_task=LetterFlow.review)
    body = {"decision": "forward", "leader": world.mayor.pk}
    reviewers = [r for r in ROLE_USERS if getattr(world, r).has_perm("workflows.review_letter")]
    assert reviewers == ["reviewer"]
    for role in ROLE_USERS:
        if role == "reviewer":
            continue
        response = api_for(getattr(world, role)).post(f"/api/v1/tasks/{task.pk}/review/", body)
        assert_error_shape(response, 403)
        letter.refresh_from_db()
        assert letter.state == LetterState.RECEIVED, role
    response = api_for(world.reviewer).post(f"/api/v1/tasks/{task.pk}/review/", body)
    assert response.status_code == 200


def test_a_task_of_another_step_is_not_found_at_this_steps_address(world, objects):
    task = _dispose_task(objects["mayors"])
    response = api_for(world.reviewer).post(f"/api/v1/tasks/{task.pk}/review/", {})
    assert_error_shape(response, 404, "not_found")
    response = api_for(world.mayor_user).post("/api/v1/tasks/999999/dispose/", {})
    assert_error_shape(response, 404, "not_found")


def test_another_leaders_ajudan_neither_sees_nor_takes_the_task(world, objects):
    task = _dispose_task(objects["mayors"])
    api = api_for(world.deputy_adc)
    inbox = api.get("/api/v1/tasks/inbox/").json()["results"]
    assert task.pk not in [row["id"] for row in inbox]
    assert _dispose_task(objects["deputys"]).pk in [row["id"] for row in inbox]
    assert_error_shape(api.post(f"/api/v1/tasks/{task.pk}/assign/"), 403)
    assert_error_shape(api.post(f"/api/v1/tasks/{task.pk}/dispose/", {"outcome": "file"}), 403)
    for worklist in ("inbox", "queue"):
        assert "Rahasia wali kota" not in api.get(f"/api/v1/tasks/{worklist}/").content.decode()


def test_the_leaders_task_waits_in_his_inbox_and_his_staffs_not_in_a_queue(world, objects):
    task = _dispose_task(objects["mayors"])
    for user in (world.mayor_user, world.adc):
        api = api_for(user)
        assert task.pk in [row["id"] for row in api.get("/api/v1/tasks/inbox/").json()["results"]]
        queue = api.get("/api/v1/tasks/queue/").json()["results"]
        assert task.pk not in [row["id"] for row in queue]
    # Already the leader's: nobody takes it from him.
    assert_error_shape(api_for(world.adc).post(f"/api/v1/tasks/{task.pk}/assign/"), 403)


def test_follow_ups_answer_as_the_web_does(world, objects):
    # Answering accepts the follow-up: the roles that may are tried last.
    for role in sorted(ROLE_USERS, key=lambda r: r in ("dept_officer", "admin")):
        _followups_answer_as_the_web_does(world, objects, role)


def _followups_answer_as_the_web_does(world, objects, role):
    user = getattr(world, role)
    api, web = api_for(user), client_for(user)
    listed = {row["id"] for row in api.get("/api/v1/followups/").json()["results"]}
    for name in ("kadis_followup", "camat_followup"):
        followup = objects[name]
        web_status = web.get(reverse("tindak-lanjut:detail", args=[followup.pk])).status_code
        assert (followup.pk in listed) == (web_status == 200), (role, name)
        followup.refresh_from_db()
        if followup.status != FollowUp.Status.OPEN:
            continue  # accepted by an earlier role
        response = api.post(f"/api/v1/followups/{followup.pk}/respond/", {"action": "accept"})
        if web_status == 200:
            assert response.status_code == 200, response.content
            assert response.json()["status"] == FollowUp.Status.ACCEPTED
        else:
            assert_error_shape(response, 404, "not_found")
            followup.refresh_from_db()
            assert followup.status == FollowUp.Status.OPEN


def test_a_department_officer_answers_their_department_only(world, objects):
    api = api_for(world.dept_officer)
    kadis, camat = objects["kadis_followup"], objects["camat_followup"]
    ok = api.post(f"/api/v1/followups/{kadis.pk}/respond/", {"action": "accept"})
    assert ok.status_code == 200
    refused = api.post(f"/api/v1/followups/{camat.pk}/respond/", {"action": "accept"})
    assert_error_shape(refused, 404)
    camat.refresh_from_db()
    assert camat.status == FollowUp.Status.OPEN


def test_a_confidential_agenda_item_is_busy_to_whoever_may_not_read_it(world, objects):
    for role in ROLE_USERS:
        _agenda_answers_as_the_web_does(world, role)


def _agenda_answers_as_the_web_does(world, role):
    user = getattr(world, role)
    response = api_for(user).get(
        "/api/v1/agenda/", official=world.mayor.pk, start="2026-12-02", end="2026-12-02"
    )
    assert response.status_code == 200
    (entry,) = response.json()
    may_read = role in ("mayor_user", "adc") or user.has_perm(VIEW_CONFIDENTIAL_AGENDA)
    assert entry["details_visible"] is may_read
    if may_read:
        assert (entry["title"], entry["venue"]) == (SECRET, "Ruang rapat tertutup")
    else:
        assert entry["title"] == "Sibuk" and entry["venue"] == "" and entry["description"] == ""
        assert SECRET not in response.content.decode()
    # The web's agenda page says the same.
    page = client_for(user).get(
        reverse("jadwal:official_day", args=[world.mayor.pk]), {"day": "2026-12-02"}
    )
    assert (SECRET in page.content.decode()) is may_read


def test_the_public_agenda_shows_public_items_only_without_login(world, objects):
    agenda_item(
        world.mayor,
        wita(13),
        wita(14),
        title="Pembukaan pasar murah",
        visibility=AgendaItem.Visibility.PUBLIC,
        status=AgendaItem.Status.CONFIRMED,
    )
    response = Api().get("/api/v1/public/agenda/", start="2026-12-02", days=1)
    assert response.status_code == 200
    assert [row["title"] for row in response.json()] == ["Pembukaan pasar murah"]
    assert SECRET not in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/tasks/inbox/",
        "/api/v1/tasks/queue/",
        "/api/v1/letters/1/",
        "/api/v1/followups/",
        "/api/v1/agenda/?official=1",
    ],
)
def test_every_internal_endpoint_needs_a_token(db, url):
    assert_error_shape(Api().get(url), 401)


def test_registration_is_for_the_mailroom_only(world):
    from tests.factories import MINIMAL_PDF, letter_form_data, upload_bytes

    for role in ROLE_USERS:
        user = getattr(world, role)
        data = {**letter_form_data(), "scans": [upload_bytes(MINIMAL_PDF, "s.pdf")]}
        response = api_for(user).post("/api/v1/letters/", data, multipart=True)
        if user.has_perm("workflows.register_letter"):
            assert response.status_code == 201, (role, response.content)
        else:
            assert_error_shape(response, 403)
    assert Letter.objects.count() == sum(
        getattr(world, r).has_perm("workflows.register_letter") for r in ROLE_USERS
    )
