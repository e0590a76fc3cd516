"""The letter list's page (``letters:index``): its pages, counted only a little past the one
shown, and its rows as text made once per request.

Why the rows are text made here and not template lookups: at 50 rows a page, each row's
day and month names, choice labels (``get_FOO_display`` hashes every lazy label on each
call), URL and two includes cost the page more than all its queries (75 of 95 ms at
100,000 letters). Here the names and labels are read once per language, the badges are
rendered once per kind of letter, and the URLs are filled into one ``reverse`` each.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.functional import cached_property
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from organization.permissions import VIEW_ALL_LETTERS
from workflows.models import Letter, LetterState
from workflows.search import query_words, search_hits
from workflows.selectors import LetterFilters, letters_search

# How many rows past the start of the shown page are counted. Beyond it the page says
# "lebih dari N" pages: counting all 100,000 letters (or all 6,000 matches of a common
# word) for "1 / 2.001" cost more than reading the page itself.
COUNT_AHEAD = 1000


class CappedPaginator(Paginator):
    """Django's paginator, but counting at most ``count_ahead`` rows past the start of the
    page asked for (``SELECT COUNT(*) FROM (... LIMIT n)``), so a page costs what it shows
    and not what the archive holds. When more rows remain than were counted, ``capped`` is
    true, ``count`` and ``num_pages`` are lower bounds and the page says "more than
    ``pages_more_than``"; a next page is then always offered. A page past the end is an
    empty page (404) as with Django's."""

    count_ahead = COUNT_AHEAD
    capped = False

    def _counted(self, bottom: int) -> int:
        limit = bottom + max(self.count_ahead, self.per_page)
        seen = self.object_list.order_by().values("pk")[: limit + 1].count()
        self.capped = seen > limit
        return seen  # limit + 1 when capped: at least that many, so a next page follows

    @property
    def pages_more_than(self) -> int:
        """With ``capped``: the list has more pages than this."""
        return self.num_pages - 1

    @cached_property
    def count(self) -> int:
        # Only read before a page is asked for (``?page=last``): counted from the start.
        return self._counted(0)

    def validate_number(self, number: Any) -> int:
        # Django's, without the upper bound (that needs the full count): ``page`` checks it.
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError) as exc:
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from exc
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        self.count = self._counted(bottom)
        self.__dict__.pop("num_pages", None)
        if number > 1 and self.count <= bottom:
            raise EmptyPage(self.error_messages["no_results"])
        return self._get_page(self.object_list[bottom : bottom + self.per_page], number, self)


# The page's letters

# What a row reads of its letter: the list fetches only these columns.
ROW_FIELDS = (
    "agenda_number",
    "subject",
    "sender",
    "event_start",
    "event_end",
    "event_time_zone",
    "urgency",
    "security_class",
    "state",
)


def letter_hits(*, user: Any, query: str, filters: LetterFilters) -> QuerySet:
    """What the list pages through: ``selectors.letters_search``'s letters (with only the
    columns a row shows), or, for a search that nothing narrows (no filter, a user who
    sees every letter), the ``(letter id, rank)`` rows of ``search.search_hits``, the same
    letters in the same order at half the cost. ``page_letters`` makes either letters."""
    if filters == LetterFilters() and query_words(query) and _sees_every_letter(user):
        hits = search_hits(query)
        if hits is not None:
            return hits
    letters = letters_search(user=user, query=query, filters=filters)
    return letters.select_related(None).only(*ROW_FIELDS)


def _sees_every_letter(user: Any) -> bool:
    # As selectors.letters_visible_to decides it.
    return user.is_authenticated and (user.is_superuser or user.has_perm(VIEW_ALL_LETTERS))


def page_letters(hits: Any) -> list[Letter]:
    """The letters of one page of ``letter_hits``, in its order, each with ``rank`` when
    searched (one query for the page's letters when the hits were search rows)."""
    hits = list(hits)
    if not hits or isinstance(hits[0], Letter):
        return hits
    found = Letter.objects.only(*ROW_FIELDS).in_bulk([pk for pk, _rank in hits])
    letters = []
    for pk, rank in hits:
        if pk in found:  # a letter deleted since: its search row went with it
            found[pk].rank = rank
            letters.append(found[pk])
    return letters


# The covers: the picture a list shows beside a letter


def cover_candidates() -> QuerySet:
    """A letter's files that have a thumbnail, first the one a list shows beside it (its
    cover): the rule of ``letter_cover_documents`` and of the worklists' cover subquery."""
    return (
        Letter.documents.through.objects.exclude(document__thumbnail="")
        .order_by("document__uploaded_at", "document_id")
        .values_list("document_id", flat=True)
    )


def letter_cover_documents(*, letter_ids: list[int]) -> dict[int, int]:
    """For each letter, its first file that has a thumbnail (letter id -> document id):
    the picture a list shows beside the letter. One query for the whole page."""
    rows = (
        cover_candidates()
        .filter(letter_id__in=letter_ids)
        .order_by("letter_id", "document__uploaded_at", "document_id")
        .values_list("letter_id", "document_id")
    )
    covers: dict[int, int] = {}
    for letter_id, document_id in rows:
        covers.setdefault(letter_id, document_id)
    return covers


# The rows


@lru_cache(maxsize=8)
def _date_names(language: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The day names (Monday first) and month names (January first) in ``language``, the
    active one when called: what the ``date`` filter's ``l`` and ``F`` print."""
    return tuple(str(WEEKDAYS[d]) for d in range(7)), tuple(str(MONTHS[m]) for m in range(1, 13))


def _long_date(moment: datetime, days: tuple[str, ...], months: tuple[str, ...]) -> str:
    # "l, j F Y, H.i"
    return (
        f"{days[moment.weekday()]}, {moment.day} {months[moment.month - 1]} "
        f"{moment.year:04d}, {moment:%H.%M}"
    )


def event_time(letter: Any) -> str:
    """The letter's event time as the letter pages say it, in the event's zone, with day
    and month names in the active language: "Rabu, 2 Desember 2026, 09.00–12.00 WITA",
    "… 09.00 s.d. selesai WITA", or both dates when it spans days. What
    ``workflows/_event_time.html`` prints (its filter ``event_time``)."""
    return _event_time(letter, *_date_names(get_language()))


def _event_time(letter: Any, days: tuple[str, ...], months: tuple[str, ...]) -> str:
    start, end = letter.local_start, letter.local_end
    text = _long_date(start, days, months)
    if end is None:
        text += " s.d. selesai"
    elif end.date() != start.date():
        text += f" s.d. {_long_date(end, days, months)}"
    else:
        text += f"–{end:%H.%M}"
    return f"{text} {letter.zone_word}"


@dataclass(frozen=True)
class LetterRow:
    """One row of the letter list, everything it shows as text."""

    letter: Letter
    url: str
    cover_url: str  # the first page's thumbnail, or ""
    number: str
    subject: str
    snippet: SafeString | str
    sender: str
    when: str
    badges: SafeString  # workflows/_work_badges.html, rendered once per kind of letter
    state: str
    state_label: str


class UrlPattern:
    """``reverse(name)`` once, then filled with each row's ids (a ``{% url %}`` per row
    resolved the pattern again each time). Ids are integers: nothing to quote. With
    ``reverse_with``, the URL comes from that function of the arguments (a viewflow
    node's ``reverse``, whose URL names are its viewset's)."""

    _MARKS = ("7350918642", "8461029753")  # stand-ins no path holds

    def __init__(
        self, name: str, ids: int, *args: str, reverse_with: Callable[..., str] | None = None
    ) -> None:
        marked = [*self._MARKS[:ids], *args]
        url = reverse(name, args=marked) if reverse_with is None else reverse_with(name, marked)
        url = url.replace("{", "{{").replace("}", "}}")
        for i, mark in enumerate(self._MARKS[:ids]):
            url = url.replace(mark, f"{{{i}}}")
        self._format = url.format

    def __call__(self, *ids: int) -> str:
        return self._format(*ids)


def letter_badges(letter: Letter, kept: dict[tuple[str, str], SafeString]) -> SafeString:
    """The letter's urgency and security badges (``workflows/_work_badges.html``), rendered
    once per kind of letter into ``kept`` (one dict per page): ``get_FOO_display`` per row
    hashes every lazy choice label on each call."""
    kind = (letter.urgency, letter.security_class)
    if kind not in kept:
        kept[kind] = render_to_string("workflows/_work_badges.html", {"letter": letter})
    return kept[kind]


def letter_rows(
    letters: list[Letter], *, snippets: dict[int, SafeString], covers: dict[int, int]
) -> list[LetterRow]:
    """The rows of ``letters`` (one page), with their search snippets and cover files
    (from ``selectors.letter_search_snippets`` and ``letter_cover_documents``)."""
    detail = UrlPattern("letters:detail", 1)
    thumbnail = UrlPattern("letters:document_derived", 2, "thumbnail")
    unnumbered = _("(belum bernomor)")
    states = {value: str(label) for value, label in LetterState.choices}
    names = _date_names(get_language())
    badges: dict[tuple[str, str], SafeString] = {}
    rows = []
    for letter in letters:
        cover = covers.get(letter.pk)
        rows.append(
            LetterRow(
                letter=letter,
                url=detail(letter.pk),
                cover_url=thumbnail(letter.pk, cover) if cover else "",
                number=letter.agenda_number or unnumbered,
                subject=letter.subject,
                snippet=snippets.get(letter.pk, ""),
                sender=letter.sender,
                when=_event_time(letter, *names),
                badges=letter_badges(letter, badges),
                state=letter.state,
                state_label=states.get(letter.state, letter.state),
            )
        )
    return rows


def thumbnail_cell(url: str) -> str:
    """A row's first cell (the letter list's, a worklist's): the cover's thumbnail, if any."""
    if not url:
        return '<td class="lt-work__thumb"></td>'
    return (
        f'<td class="lt-work__thumb"><img class="lt-thumb lt-thumb--small" src="{escape(url)}" '
        'alt="" loading="lazy" width="36"></td>'
    )


def letter_rows_html(rows: list[LetterRow]) -> SafeString:
    """The table rows of the letter list (``workflows/letter_list.html``), made here: as a
    template loop they were ~10 variable lookups and escapes a row, 50 rows a page. Every
    text is escaped; the snippet (its matched words marked) and the badges are already
    HTML. On a phone each row is a card, its cells labelled by ``data-label``."""
    if not rows:
        return mark_safe(f'<tr><td colspan="7">{escape(_("Tidak ada surat."))}</td></tr>')
    label_from, label_event = escape(_("Dari")), escape(_("Acara"))
    lines = []
    for row in rows:
        snippet = (
            f'<div class="lt-snippet">{conditional_escape(row.snippet)}</div>'
            if row.snippet
            else ""
        )
        lines.append(
            f'<tr class="lt-work">{thumbnail_cell(row.cover_url)}'
            f'<td class="lt-work__number"><a href="{escape(row.url)}">{escape(row.number)}</a></td>'
            f'<td class="lt-work__subject">{escape(row.subject)}{snippet}</td>'
            f'<td class="lt-work__sender" data-label="{label_from}">{escape(row.sender)}</td>'
            f'<td class="lt-work__event" data-label="{label_event}">{escape(row.when)}</td>'
            f'<td class="lt-work__badges">{row.badges}</td>'
            f'<td><span class="lt-state lt-state--{escape(row.state)}">'
            f"{escape(row.state_label)}</span></td></tr>"
        )
    return mark_safe("\n".join(lines))
