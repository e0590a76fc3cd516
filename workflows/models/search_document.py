from django.contrib.postgres.search import SearchVectorField
from django.db import models

from workflows.models.letter import Letter


class LetterSearch(models.Model):
    """A letter's search document: what the archive search reads, one row per letter.

    Why a table of its own rather than joining Document.text at query time: a full-text
    index needs one document per letter, with the letter's fields and its files' text
    together, so that ranking sees them at once and the index (GIN on PostgreSQL, FTS5 on
    SQLite) is the only thing a search reads. It lives in ``workflows`` because it knows
    letters; ``documents`` tells it when a text is ready through ``documents.hooks``.

    The three text columns carry the weights: ``heading`` (subject, event) ranks above
    ``parties`` (numbers, sender, addressee, venue, leader), which ranks above ``body``
    (the files' extracted text). Rows are written only by
    ``workflows.search.letter_search_index_update`` and the ``rebuild_search_index``
    command; the database keeps the index in step with them by triggers made in migration
    0003 (PostgreSQL fills ``vector``; SQLite mirrors the rows into the FTS5 table
    ``workflows_letter_fts``), so every write path, bulk ones included, stays indexed.
    On SQLite ``vector`` is an unused, always-empty column.
    """

    letter = models.OneToOneField(
        Letter, primary_key=True, on_delete=models.CASCADE, related_name="search_document"
    )
    heading = models.TextField(blank=True)
    parties = models.TextField(blank=True)
    body = models.TextField(blank=True)
    vector = SearchVectorField(null=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"search document of letter {self.letter_id}"
