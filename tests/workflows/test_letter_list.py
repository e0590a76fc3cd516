"""The letter list's pages, counted only a little past the one shown, and its rows made as
text once per request (workflows.letter_list)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.contrib.auth.models import Permission
from django.core.paginator import EmptyPage, Paginator
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from documents import hooks
from documents.models import Document
from tests.factories import WITA, letter_values, scan
from tests.workflows.walk import client_for
from workflows import services
from workflows.forms import LetterSearchForm
from workflows.letter_list import CappedPaginator, event_time
from workflows.models import Letter
from workflows.views.pages import LetterListView
from workflows.widgets import draw_in_python

# What workflows/_event_time.html printed before it called the filter: the reference.
EVENT_TIME_TEMPLATE = (
    "{% load i18n tz %}{% localtime off %}{% with s=letter.local_start e=letter.local_end %}"
    '{{ s|date:"l, j F Y" }}, {{ s|date:"H.i" }}{% if e %}{% if letter.is_multi_day %} s.d. '
    '{{ e|date:"l, j F Y" }}, {{ e|date:"H.i" }}{% else %}–{{ e|date:"H.i" }}{% endif %}'
    "{% else %} s.d. selesai{% endif %} {{ letter.zone_word }}{% endwith %}{% endlocaltime %}"
)


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize(
    ("start", "end", "zone"),
    [
        (datetime(2026, 12, 2, 9, 0, tzinfo=WITA), datetime(2026, 12, 2, 12, 30, tzinfo=WITA), ""),
        (datetime(2026, 12, 2, 9, 0, tzinfo=WITA), None, ""),
        (datetime(2026, 1, 31, 19, 5, tzinfo=WITA), datetime(2026, 2, 1, 8, 0, tzinfo=WITA), ""),
        # Stored in UTC, shown in the event's zone (07.00 in Jakarta is 09.00 in Jayapura).
        (
            datetime(2026, 12, 6, 0, 0, tzinfo=ZoneInfo("UTC")),
            datetime(2026, 12, 6, 2, 0, tzinfo=ZoneInfo("UTC")),
            "Asia/Jayapura",
        ),
    ],
)
def test_the_event_time_reads_as_the_template_wrote_it(language, start, end, zone):
    letter = Letter(event_start=start, event_end=end, event_time_zone=zone or "Asia/Makassar")
    reference = engines["django"].from_string(EVENT_TIME_TEMPLATE)
    include = engines["django"].from_string('{% include "workflows/_event_time.html" %}')
    with translation.override(language):
        expected = reference.render({"letter": letter})
        assert event_time(letter) == expected
        assert include.render({"letter": letter}) == expected
    assert "selesai" in expected or "–" in expected or " s.d. " in expected


# The paginator, on a list every test database has (Django's permissions)


def _permissions():
    return Permission.objects.order_by("pk")


def _capped(per_page: int, ahead: int) -> CappedPaginator:
    paginator = CappedPaginator(_permissions(), per_page)
    paginator.count_ahead = ahead
    return paginator


@pytest.mark.django_db
def test_a_short_list_is_paged_as_djangos_paginator_pages_it():
    total = _permissions().count()
    assert total > 30
    exact = Paginator(_permissions(), 10)
    for number in exact.page_range:
        page = _capped(10, total).page(number)
        expected = exact.page(number)
        assert list(page.object_list) == list(expected.object_list)
        assert page.has_next() == expected.has_next()
        assert page.has_previous() == expected.has_previous()
        assert page.paginator.num_pages == exact.num_pages
        assert not page.paginator.capped


@pytest.mark.django_db
def test_a_long_list_is_counted_only_a_little_past_the_page():
    total = _permissions().count()
    paginator = _capped(10, 20)
    with CaptureQueriesContext(connection) as queries:
        page = paginator.page(1)
        rows = list(page.object_list)
    assert rows == list(_permissions()[:10])
    assert paginator.capped and page.has_next() and not page.has_previous()
    assert paginator.pages_more_than == 2  # "1 / lebih dari 2": 21 rows counted
    count_sql = queries.captured_queries[0]["sql"]
    assert "COUNT(*)" in count_sql and "LIMIT 21" in count_sql, count_sql

    last = (total - 1) // 10 + 1
    page = _capped(10, 20).page(last)
    assert not page.paginator.capped and not page.has_next()
    assert page.paginator.num_pages == last
    assert list(page.object_list) == list(_permissions()[(last - 1) * 10 :])
    # The page before the last knows it has a next one, counted or not.
    assert _capped(10, 5).page(last - 1).has_next()


@pytest.mark.django_db
def test_a_page_past_the_end_is_empty():
    last = (_permissions().count() - 1) // 10 + 1
    with pytest.raises(EmptyPage):
        _capped(10, 20).page(last + 1)
    with pytest.raises(EmptyPage):
        _capped(10, 20).page(0)


# The page


@pytest.fixture
def three_letters(world):
    return [
        services.letter_register(
            actor=world.clerk,
            values=letter_values(subject=f"Rapat Koordinasi Stunting {n}"),
            uploads=[scan()],
        )
        for n in range(3)
    ]


def test_the_list_offers_a_next_page_while_letters_remain_uncounted(
    world, three_letters, monkeypatch
):
    monkeypatch.setattr(LetterListView, "paginate_by", 1)
    monkeypatch.setattr(CappedPaginator, "count_ahead", 1)
    client = client_for(world.auditor)
    first = client.get(reverse("letters:index"))
    html = first.content.decode()
    assert first.context["object_list"] == [three_letters[2]]
    assert "1 / lebih dari 1" in html and '<a href="?page=2">' in html

    last = client.get(reverse("letters:index"), {"page": 3, "q": "stunting"})
    html = last.content.decode()
    assert len(last.context["object_list"]) == 1
    assert "3 / 3" in html and "?page=4" not in html
    assert '<a href="?page=2&amp;q=stunting">' in html or '<a href="?page=2&q=stunting">' in html

    assert client.get(reverse("letters:index"), {"page": 4}).status_code == 404


def test_each_row_shows_the_letter_with_its_link_badges_and_state(world, three_letters):
    letter = three_letters[0]
    html = client_for(world.auditor).get(reverse("letters:index")).content.decode()
    assert f'<a href="{reverse("letters:detail", args=[letter.pk])}">' in html
    assert letter.agenda_number and f">{letter.agenda_number}</a>" in html
    assert event_time(letter) in html
    assert f'<span class="lt-state lt-state--{letter.state}">{letter.get_state_display()}' in html
    assert f'<span class="lt-badge lt-badge--{letter.urgency}"' in html
    assert f">{letter.get_security_class_display()}</span>" in html


def test_a_search_lists_the_best_match_first_with_or_without_filters(world):
    in_subject = services.letter_register(
        actor=world.clerk,
        values=letter_values(subject="Rapat Koordinasi Penurunan Stunting"),
        uploads=[scan()],
    )
    in_text = services.letter_register(
        actor=world.clerk,
        values=letter_values(subject="Undangan Rapat Kerja", event_title="Raker"),
        uploads=[scan()],
    )  # newer: newest first would list it first
    document = in_text.documents.get()
    Document.objects.filter(pk=document.pk).update(text="Laporan penurunan stunting.")
    hooks.text_extracted(document.pk)
    client = client_for(world.auditor)  # sees every letter: the search table alone
    for params in ({"q": "stunting"}, {"q": "stunting", "sender": "Dinas Kesehatan"}):
        letters = client.get(reverse("letters:index"), params).context["object_list"]
        assert letters == [in_subject, in_text], params
        assert letters[0].rank > letters[1].rank
        assert "<mark>" in str(letters[1].snippet)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {
            "received_from": "2026-13-45",
            "state": "archived",
            "sender": '<b>"x',
            "outcome": "attend",
        },
        {"state": "nope", "leader": "999", "event_to": "2026-12-01"},
        {"leader": "mayor"},
    ],
)
def test_the_search_form_drawn_in_python_is_the_markup_of_djangos_templates(world, data):
    if data.get("leader") == "mayor":
        data = {"leader": str(world.mayor.pk)}
    plain, drawn = LetterSearchForm(data), draw_in_python(LetterSearchForm(data))
    plain.is_valid(), drawn.is_valid()
    for name in plain.fields:
        assert str(drawn[name]) == str(plain[name]), name
    assert type(LetterSearchForm().fields["state"].widget) is forms.Select  # class untouched
