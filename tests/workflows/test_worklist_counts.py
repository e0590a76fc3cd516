"""Worklists that do not grow with the archive: one count per page, of the open tasks'
numbers the database keeps (the same numbers as the separate counts it replaced),
partial indexes on the open tasks, no session write per list request, and a bounded
number of queries."""

import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from viewflow.workflow.fields import get_task_ref
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from tests.workflows.walk import client_for, open_task, register, review_forward
from workflows.flows import LetterFlow
from workflows.selectors import of_flow, tasks_inbox, tasks_queue
from workflows.viewsets import PIN_LOCATION
from workflows.worklists import worklist_counts

pytestmark = pytest.mark.django_db

MAX_QUERIES = 12
OPEN_TASK_INDEXES = (
    "lontar_task_assigned_owner",
    "lontar_task_assigned_permission",
    "lontar_task_new",
)


def _take(user, letter, node: str) -> None:
    task = open_task(letter, node)
    response = client_for(user).post(
        reverse(f"letter:{node}:assign", args=[task.process_id, task.pk]), {}
    )
    assert response.status_code == 302


@pytest.fixture
def work(world):
    """Two letters at the mayor's (dispose, in the mayor's and the ajudan's inbox), one
    taken by the reviewer (their inbox) and two waiting for review (the queue)."""
    for _ in range(2):
        review_forward(world.reviewer, register(world.clerk), world.mayor)
    _take(world.reviewer, register(world.clerk, subject="Diambil protokol"), "review")
    for _ in range(2):
        register(world.clerk)
    return world


def _users(world) -> list[User]:
    admin = User.objects.create_superuser("admin_tes", "admin@example.org", "x")
    return [
        world.reviewer,
        world.mayor_user,
        world.adc,
        world.deputy_adc,
        world.clerk,
        world.scheduler,
        world.auditor,
        admin,
    ]


def test_one_count_gives_the_numbers_the_separate_counts_gave(work):
    for user in _users(work):
        counts = worklist_counts(user=user, flow_class=LetterFlow)
        inbox = tasks_inbox(user=user, flow_class=LetterFlow)
        # viewflow's own reads: the queue, and the inbox its menu counts.
        viewflow_queue = Task.objects.user_queue(user, flow_class=LetterFlow).filter(
            status=STATUS.NEW
        )
        assert counts.inbox == inbox.count(), user
        assert counts.inbox_dispose == inbox.filter(flow_task__endswith=".dispose").count()
        assert counts.queue == viewflow_queue.count(), user
        assert counts.own == Task.objects.inbox([LetterFlow], user).count(), user
        queue_ids = set(tasks_queue(user=user, flow_class=LetterFlow).values_list("pk", flat=True))
        assert queue_ids == set(viewflow_queue.values_list("pk", flat=True)), user
    counts = worklist_counts(user=work.adc, flow_class=LetterFlow)
    assert (counts.inbox, counts.inbox_dispose, counts.own) == (2, 2, 0)
    counts = worklist_counts(user=work.reviewer, flow_class=LetterFlow)
    assert (counts.inbox, counts.queue, counts.own) == (1, 2, 1)


def test_the_counts_query_is_built_once_per_kind_of_user_and_follows_each_change(work):
    from django.contrib.auth.models import Permission

    from workflows import worklists

    worklists._counts_sql.cache_clear()
    reviewer = worklist_counts(user=work.reviewer, flow_class=LetterFlow)
    worklist_counts(user=User.objects.get(pk=work.reviewer.pk), flow_class=LetterFlow)
    assert worklists._counts_sql.cache_info().currsize == 1  # the same conditions: built once
    clerk = User.objects.get(pk=work.clerk.pk)
    before = worklist_counts(user=clerk, flow_class=LetterFlow)
    assert worklists._counts_sql.cache_info().currsize == 2
    assert before.queue == tasks_queue(user=clerk, flow_class=LetterFlow).count()
    # The clerk may now review: the two letters waiting for review join their queue at
    # once (other conditions, another query), and the reviewer's numbers stay theirs.
    clerk.user_permissions.add(Permission.objects.get(codename="review_letter"))
    clerk = User.objects.get(pk=work.clerk.pk)  # permissions are cached per user object
    after = worklist_counts(user=clerk, flow_class=LetterFlow)
    assert after.queue == before.queue + 2
    assert after.queue == tasks_queue(user=clerk, flow_class=LetterFlow).count()
    assert worklist_counts(user=work.reviewer, flow_class=LetterFlow) == reviewer
    assert (after.inbox, after.own) == (0, 0)


def test_the_flows_tasks_are_found_by_their_step_reference(work):
    by_process = Task.objects.filter(process__flow_class=LetterFlow)
    assert by_process.count() > 10
    assert set(Task.objects.filter(of_flow(LetterFlow)).values_list("pk", flat=True)) == set(
        by_process.values_list("pk", flat=True)
    )


@pytest.mark.parametrize(
    ("page", "who", "rows"),
    [("letter:inbox", "adc", 2), ("letter:inbox", "reviewer", 1), ("letter:queue", "reviewer", 2)],
)
def test_a_worklist_page_counts_once_in_at_most_twelve_queries(work, page, who, rows):
    client = client_for(getattr(work, who))
    client.get(reverse(page))  # the first visit pins the list in the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(page))
    html = response.content.decode()
    assert html.count('<tr class="lt-work"') == rows
    sql = [q["sql"] for q in queries.captured_queries]
    assert len(sql) <= MAX_QUERIES, "\n".join(sql)
    # The numbers come from the counts the database keeps, in one query.
    kept = [s for s in sql if "workflows_taskcountdelta" in s]
    assert len(kept) == 1, kept
    assert not [s for s in sql if "COUNT(" in s and "viewflow_task" in s]
    assert not [s for s in sql if "DISTINCT" in s and "viewflow_task" in s]
    assert not [s for s in sql if 'JOIN "viewflow_process"' in s and "COUNT(" in s]


def test_the_menu_and_the_lines_of_what_waits_keep_their_numbers(work):
    html = client_for(work.reviewer).get(reverse("letter:inbox")).content.decode()
    # The menu: viewflow's numbers (the user's own assigned tasks; the queue).
    inbox_link = re.search(r'href="/letter/inbox/".*?</a>', html, re.S).group(0)
    queue_link = re.search(r'href="/letter/queue/".*?</a>', html, re.S).group(0)
    assert 'mdc-list-item__meta">1<' in inbox_link
    assert 'mdc-list-item__meta">2<' in queue_link
    assert "1 tugas menunggu Anda kerjakan" in html
    assert "2 tugas dalam antrean dapat Anda ambil" in html
    adc = client_for(work.adc).get(reverse("letter:inbox")).content.decode()
    assert "2 surat menunggu disposisi Anda" in adc


def test_a_filtered_worklist_counts_its_own_rows(work):
    client = client_for(work.reviewer)
    response = client.get(reverse("letter:inbox"))
    assert response.context["paginator"].count == 1
    review = get_task_ref(LetterFlow.review)
    schedule = get_task_ref(LetterFlow.schedule)
    # The filter offers the steps in the list, from the same count.
    choices = response.context["view"].filterset.form.fields["flow_task"].choices
    assert [value for value, _label in choices if value] == [review]
    # A filter that narrows the list: its rows are counted, not the worklist's total.
    response = client.get(reverse("letter:inbox"), {"created": "yesterday"})
    assert response.context["paginator"].count == 0
    assert "Tidak ada tugas." in response.content.decode()
    response = client.get(reverse("letter:inbox"), {"flow_task": review, "page": 1})
    assert response.context["paginator"].count == 1
    # A step not in the list is no filter (as before: viewflow's form refuses it).
    response = client.get(reverse("letter:inbox"), {"flow_task": schedule})
    assert response.context["paginator"].count == 1


def test_a_worklist_request_does_not_write_the_session_again(work):
    client = client_for(work.reviewer)
    inbox = reverse("letter:inbox")
    client.get(inbox)
    assert client.session[PIN_LOCATION] == inbox
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(inbox).status_code == 200
        writes = [
            q["sql"]
            for q in queries.captured_queries
            if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")
        ]
        assert writes == []
    # Another list is pinned, so a task page still leads back to where the user came from.
    queue = reverse("letter:queue") + "?page=1"
    with CaptureQueriesContext(connection) as queries:
        client.get(queue)
    assert any("django_session" in q["sql"] for q in queries.captured_queries[1:])
    assert client.session[PIN_LOCATION] == queue


def test_the_open_task_indexes_are_partial_on_both_databases(db):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'viewflow_task'"
            )
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master "
                "WHERE type = 'index' AND tbl_name = 'viewflow_task'"
            )
        definitions = dict(cursor.fetchall())
    for name in OPEN_TASK_INDEXES:
        assert name in definitions, sorted(definitions)
        where = definitions[name].split("WHERE", 1)[1]
        assert "ASSIGNED" in where or "NEW" in where, definitions[name]


def test_the_session_saving_dispatch_refuses_to_skip_a_permission_check():
    from viewflow.workflow.flow import views as flow_views

    from workflows.viewsets import _PinLocationOnce

    with pytest.raises(TypeError, match="DashboardView"):
        # viewflow's dashboard checks the permission in its own dispatch.
        type("Dashboard", (_PinLocationOnce, flow_views.DashboardView), {})
