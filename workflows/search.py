"""Archive search: the letter's search document, and reading it back ranked and highlighted.

One search document per letter (``LetterSearch``: heading, parties, body), indexed by the
database itself: a weighted ``tsvector`` with a GIN index on PostgreSQL, an FTS5 table on
SQLite (both made in migration ``workflows.0003``). Searching reads the index only; the
letter filters (dates, sender, state, outcome, leader) and the permission filter are
ordinary ``WHERE`` clauses on the letters the index returned.

Why the document is written by a service rather than assembled at query time from
``Document.text``: a full-text index needs the words of a letter and of its files in one
place to rank them together and to avoid a scan. Why it is written synchronously inside
the letter services: it is one small row, and the letter and its search document then
commit together. Extraction finishes later in a background task of ``documents``, which
knows nothing of letters; it calls ``documents.hooks.text_extracted(document_id)`` and
``workflows.apps`` registers ``letters_search_index_update_for_document`` there.

Highlighting: the database marks matches with two control characters (``MARK_START``,
``MARK_END``) that cannot come from a letter (``_clean`` drops them); ``render_marks``
escapes everything and only then turns them into ``<mark>`` tags, so a letter's text can
never inject HTML.
"""

import re
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import F, QuerySet, TextField, Value
from django.db.models.functions import Concat
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from workflows.models import Instruction, Letter, LetterSearch

MARK_START, MARK_END = "\x02", "\x03"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_WORD = re.compile(r"\w+")
PG_CONFIG = "lontar"  # migration 0003: the simple dictionary after unaccent
FTS_TABLE = "workflows_letter_fts"
# bm25 column weights on SQLite, in the order heading, parties, body; PostgreSQL uses the
# weights A, B, C of the same columns with ts_rank's defaults (1.0, 0.4, 0.2).
FTS_WEIGHTS = "10.0, 4.0, 1.0"
SNIPPET_WORDS = 16
# What letter_search_document reads of a letter besides its own fields.
SEARCHED_RELATIONS = ("documents", "dispositions__recipients", "followups", "reports")

# Texts said about a letter that live in apps workflows cannot import (the protocol
# office's answer to an online request, in intake): each source maps letter ids to their
# texts, in one query for a batch of letters. Registered in the apps' ready().
SearchTextSource = Callable[[list[int]], dict[int, list[str]]]
_text_sources: list[SearchTextSource] = []


def search_text_source_register(source: SearchTextSource) -> None:
    if source not in _text_sources:
        _text_sources.append(source)


def _texts_from_sources(letter_ids: list[int]) -> dict[int, list[str]]:
    texts: dict[int, list[str]] = {}
    for source in _text_sources:
        for letter_id, found in source(letter_ids).items():
            texts.setdefault(letter_id, []).extend(found)
    return texts


# The search document


def _clean(*parts: str | None) -> str:
    return "\n".join(_CONTROL.sub(" ", p).strip() for p in parts if p and p.strip())


def _instructions(codes: list[str]) -> str:
    # The labels as the sheet prints them ("Siapkan sambutan/bahan"), in the site's
    # language, plus the codes (themselves Indonesian words) so either is found.
    with translation.override(settings.LANGUAGE_CODE):
        labels = {code: str(label) for code, label in Instruction.choices}
    return " ".join(f"{labels.get(code, code)} {code}" for code in codes)


def letter_said(letter: Letter) -> list[str]:
    """Everything said about a letter after it was registered: the dispositions' notes,
    each recipient's instructions and note, each follow-up's instructions, note from the
    one who gave it and answer (accepted, done, passed on), the activity reports."""
    said: list[str] = []
    for disposition in letter.dispositions.all():
        said.append(disposition.note)
        for recipient in disposition.recipients.all():
            said += [_instructions(recipient.instructions), recipient.note]
    for followup in letter.followups.all():
        said += [_instructions(followup.instructions), followup.note, followup.result]
    said += [f"{r.attendees}\n{r.notes}" for r in letter.reports.all()]
    return said


def letter_search_document(letter: Letter, said_elsewhere: Iterable[str] = ()) -> dict[str, str]:
    """The three weighted texts of a letter (its leader, documents, dispositions,
    follow-ups and reports are read); ``said_elsewhere``: the registered sources' texts."""
    leader = letter.leader
    return {
        "heading": _clean(letter.subject, letter.event_title),
        "parties": _clean(
            letter.agenda_number,
            letter.sender,
            letter.letter_number,
            letter.addressee,
            letter.venue,
            leader.title if leader else "",
            leader.name if leader else "",
        ),
        # What was decided and reported is searched too ("sambutan" finds the letter
        # whose disposition asked for a speech).
        "body": _clean(
            *_unique(letter_said(letter)),
            *_unique(said_elsewhere),
            *(document.text for document in letter.documents.all()),
        ),
    }


def _unique(texts: Iterable[str]) -> list[str]:
    # A disposition's note is copied to each follow-up: once is enough for the index.
    return list(dict.fromkeys(t for t in texts if t and t.strip()))


@transaction.atomic
def letter_search_index_update(*, letter_id: int) -> LetterSearch | None:
    """Write (or rewrite) one letter's search document; the database reindexes it.
    Idempotent; a letter that no longer exists is ignored and None returned."""
    letter = (
        Letter.objects.select_related("leader")
        .prefetch_related(*SEARCHED_RELATIONS)
        .filter(pk=letter_id)
        .first()
    )
    if letter is None:
        return None
    said = _texts_from_sources([letter.pk]).get(letter.pk, [])
    row, _ = LetterSearch.objects.update_or_create(
        letter=letter, defaults=letter_search_document(letter, said)
    )
    return row


def letters_search_index_update_for_document(*, document_id: int) -> None:
    """Reindex every letter a document belongs to (called when its text is extracted)."""
    letter_ids = Letter.documents.through.objects.filter(document_id=document_id).values_list(
        "letter_id", flat=True
    )
    for letter_id in list(letter_ids):
        letter_search_index_update(letter_id=letter_id)


def letters_search_index_rebuild(
    *, only_missing: bool = False, batch_size: int = 2000, progress: Any = None
) -> int:
    """Write the search documents of all letters (or only those without one) in batches
    of ``batch_size``, each batch one transaction. Returns the number written."""
    letters = Letter.objects.order_by("pk")
    if only_missing:
        letters = letters.filter(search_document__isnull=True)
    written, last_pk = 0, 0
    while True:
        batch = list(
            letters.filter(pk__gt=last_pk)
            .select_related("leader")
            .prefetch_related(*SEARCHED_RELATIONS)[:batch_size]
        )
        if not batch:
            return written
        with transaction.atomic():
            said = _texts_from_sources([letter.pk for letter in batch])
            LetterSearch.objects.filter(letter__in=batch).delete()
            LetterSearch.objects.bulk_create(
                LetterSearch(
                    letter=letter, **letter_search_document(letter, said.get(letter.pk, ()))
                )
                for letter in batch
            )
        written += len(batch)
        last_pk = batch[-1].pk
        if progress:
            progress(written)


# Reading


def query_words(query: str) -> list[list[str]]:
    """The user's query as terms (split on spaces), each a list of words: ``005/12/2026``
    is one term of three words, matched as a phrase."""
    terms = (_WORD.findall(term) for term in query.split())
    return [words for words in terms if words]


def _fts5_match(terms: list[list[str]]) -> str:
    # Each term quoted as an FTS5 phrase: no user text reaches FTS5's query syntax
    # (\w never matches a double quote); phrases side by side are ANDed.
    return " ".join('"' + " ".join(words) + '"' for words in terms)


def _pg_query(query: str) -> SearchQuery:
    # The text as typed: plainto_tsquery accepts anything, and parses "050/77/2026" into
    # the same (file) token that to_tsvector made of the stored number.
    return SearchQuery(" ".join(query.split()), config=PG_CONFIG, search_type="plain")


def letters_matching(letters: QuerySet[Letter], query: str) -> QuerySet[Letter]:
    """``letters`` narrowed to those whose search document matches every word of
    ``query``, annotated with ``rank`` (higher is better) and ordered by it. An empty
    query (no words) returns ``letters`` unchanged."""
    terms = query_words(query)
    if not terms:
        return letters
    if connection.vendor == "postgresql":
        search = _pg_query(query)
        return (
            letters.filter(search_document__vector=search)
            .annotate(rank=SearchRank(F("search_document__vector"), search))
            # Ties by -pk (the search row's key too): PostgreSQL can then rank and cut the
            # page in the search table and fetch only the shown letters.
            .order_by("-rank", "-pk")
        )
    if connection.vendor == "sqlite":
        table = Letter._meta.db_table
        # A join with the FTS5 table, not a subquery per letter: bm25() is then computed
        # once per match (18 ms for 6,000 matches at 100,000 letters, against 1.8 s for a
        # correlated subquery). The ORM has no join to a virtual table, hence extra().
        return letters.extra(
            tables=[FTS_TABLE],
            where=[f'{FTS_TABLE}.rowid = "{table}"."id"', f"{FTS_TABLE} MATCH %s"],
            params=[_fts5_match(terms)],
            # bm25 is lower for better matches; negated so that rank reads as on PG.
            select={"rank": f"-bm25({FTS_TABLE}, {FTS_WEIGHTS})"},
        ).order_by("-rank", "-pk")
    raise NotImplementedError(f"Letter search does not support {connection.vendor}.")


def search_hits(query: str) -> QuerySet[LetterSearch] | None:
    """Every letter whose search document matches ``query``, as ``(letter id, rank)`` rows,
    best first, read from the search table alone: for a search that nothing else narrows
    (no filter, a user who sees every letter). PostgreSQL then ranks and cuts the page in
    the search table and only the page's letters are fetched, where joining each match to
    its letter first cost twice as much (29 against 12 ms for the 6,242 matches of one word
    at 100,000 letters). None on SQLite, whose join with the FTS5 table is the cheap way;
    None for a query without words."""
    if connection.vendor != "postgresql" or not query_words(query):
        return None
    search = _pg_query(query)
    return (
        LetterSearch.objects.filter(vector=search)
        .annotate(rank=SearchRank(F("vector"), search))
        .order_by("-rank", "-pk")
        .values_list("pk", "rank")
    )


def render_marks(text: str) -> SafeString:
    """Escape a highlighted text, then turn the database's match marks into <mark>."""
    escaped = escape(text)
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def letter_search_snippets(*, letter_ids: Iterable[int], query: str) -> dict[int, SafeString]:
    """For each letter, a short passage of its search document around the matched words,
    with the words in <mark>. One query, for the letters of one page only (making a
    snippet costs far more than ranking)."""
    ids, terms = list(letter_ids), query_words(query)
    if not ids or not terms:
        return {}
    if connection.vendor == "postgresql":
        separator = Value(" · ")
        rows = (
            LetterSearch.objects.filter(pk__in=ids)
            .annotate(
                snippet=SearchHeadline(
                    Concat(
                        "heading",
                        separator,
                        "parties",
                        separator,
                        "body",
                        output_field=TextField(),
                    ),
                    _pg_query(query),
                    config=PG_CONFIG,
                    start_sel=MARK_START,
                    stop_sel=MARK_END,
                    max_words=SNIPPET_WORDS + 8,
                    min_words=SNIPPET_WORDS // 2,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                )
            )
            .values_list("pk", "snippet")
        )
    else:
        placeholders = ", ".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, snippet({FTS_TABLE}, -1, %s, %s, '…', {SNIPPET_WORDS}) "
                f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND rowid IN ({placeholders})",
                [MARK_START, MARK_END, _fts5_match(terms), *ids],
            )
            rows = cursor.fetchall()
    return {pk: render_marks(snippet) for pk, snippet in rows}
