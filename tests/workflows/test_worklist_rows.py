"""The inbox's and the queue's rows, read as values in one query (``worklist_rows``): the
same texts, links and covers as the rows made of model tasks (``work_items``, which the
dashboard and the task archive use), and a query kept per user's conditions that follows
each change of them."""

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from documents.models import Document
from tests.workflows.walk import client_for, register, review_forward
from workflows.flows import LetterFlow
from workflows.selectors import inbox_filter, queue_filter, tasks_inbox, tasks_queue
from workflows.worklists import _kept_rows, work_item_rows, work_items, worklist_rows

pytestmark = pytest.mark.django_db

COMPARED = (
    "url",
    "cover_id",
    "when",
    "due",
    "title",
    "number",
    "for_whom",
    "thumbnail_url",
    "badges",
)


def _texts(items) -> list[tuple]:
    return [
        (item.task.pk, item.letter.pk if item.letter else None)
        + tuple(getattr(item, name) for name in COMPARED)
        for item in items
    ]


@pytest.fixture
def work(world):
    """Two letters at the mayor's (in the ajudan's inbox: "untuk <mayor>"), one of them with
    a second scan that has a thumbnail (its cover), and two waiting for review."""
    covered = register(world.clerk, subject="Bersampul")
    review_forward(world.reviewer, covered, world.mayor)
    review_forward(world.reviewer, register(world.clerk, subject="Tanpa sampul"), world.mayor)
    for _ in range(2):
        register(world.clerk)
    first, *_rest = covered.documents.order_by("uploaded_at", "pk")
    Document.objects.filter(pk=first.pk).update(thumbnail="thumbnails/sampul.png")
    world.covered = covered
    world.cover = first
    return world


@pytest.mark.parametrize(
    ("who", "condition", "model_tasks"),
    [("adc", inbox_filter, tasks_inbox), ("reviewer", queue_filter, tasks_queue)],
)
def test_rows_read_as_values_say_what_rows_of_model_tasks_say(work, who, condition, model_tasks):
    user = getattr(work, who)
    rows = worklist_rows(condition=condition(user=user), flow_class=LetterFlow)
    items = work_item_rows(rows, user=user)
    assert len(items) == 2
    assert _texts(items) == _texts(
        work_items(model_tasks(user=user, flow_class=LetterFlow), user=user)
    )


def test_a_row_shows_its_letters_cover_and_for_whom_it_waits(work):
    rows = worklist_rows(condition=inbox_filter(user=work.adc), flow_class=LetterFlow)
    by_letter = {item.letter.pk: item for item in work_item_rows(rows, user=work.adc)}
    covered = by_letter[work.covered.pk]
    assert covered.cover_id == work.cover.pk
    assert covered.thumbnail_url == reverse(
        "letters:document_derived", args=[work.covered.pk, work.cover.pk, "thumbnail"]
    )
    assert all(item.for_whom.startswith("untuk ") for item in by_letter.values())
    assert [item.thumbnail_url for pk, item in by_letter.items() if pk != work.covered.pk] == [""]
    page = client_for(work.adc).get(reverse("letter:inbox")).content.decode()
    assert covered.thumbnail_url in page
    assert covered.url in page


def test_the_rows_query_is_kept_per_condition_and_follows_each_change(work):
    _kept_rows.cache_clear()
    reviewer = User.objects.get(pk=work.reviewer.pk)
    queued = worklist_rows(condition=queue_filter(user=reviewer), flow_class=LetterFlow)
    again = User.objects.get(pk=work.reviewer.pk)
    worklist_rows(condition=queue_filter(user=again), flow_class=LetterFlow)
    assert _kept_rows.cache_info().currsize == 1  # the same conditions: built once
    clerk = User.objects.get(pk=work.clerk.pk)
    assert list(worklist_rows(condition=queue_filter(user=clerk), flow_class=LetterFlow)) == []
    # The clerk may now review: the two letters waiting for review are in their queue at
    # once (other conditions, another query), and the reviewer's rows stay theirs.
    clerk.user_permissions.add(Permission.objects.get(codename="review_letter"))
    clerk = User.objects.get(pk=work.clerk.pk)  # permissions are cached per user object
    rows = list(worklist_rows(condition=queue_filter(user=clerk), flow_class=LetterFlow))
    assert len(rows) == 2
    assert _kept_rows.cache_info().currsize == 3  # the reviewer, the clerk before and after
    assert list(
        worklist_rows(condition=queue_filter(user=reviewer), flow_class=LetterFlow)
    ) == list(queued)


def test_a_rows_texts_are_escaped_and_the_archive_says_when_a_task_was_finished(world):
    from django.utils.formats import date_format
    from django.utils.timezone import template_localtime
    from viewflow.workflow.models import Task

    from tests.workflows.walk import do_task

    hostile = '<script>alert("x")</script> & "kutip"'
    letter = register(world.clerk, subject=hostile, sender=f"Dinas {hostile}")
    queue = client_for(world.reviewer).get(reverse("letter:queue")).content.decode()
    assert "<script>alert" not in queue
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;kutip&quot;" in queue
    do_task(world.reviewer, letter, "review", {"decision": "return", "note": "Kurang."})
    reviewed = Task.objects.get(
        process__letterprocess__letter=letter, owner=world.reviewer, status="DONE"
    )
    archive = client_for(world.reviewer).get(reverse("letter:archive"))
    html = archive.content.decode()
    assert "<script>alert" not in html
    finished = date_format(template_localtime(reviewed.finished), "d-m-Y H.i")
    assert f'data-label="Selesai">{finished}</td>' in html
