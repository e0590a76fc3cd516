"""The letter search document and its full-text index, one per database.

PostgreSQL: the ``unaccent`` extension (trusted since PostgreSQL 13, so the database owner
may create it; otherwise a superuser runs ``CREATE EXTENSION unaccent`` once), a text
search configuration ``lontar`` (the ``simple`` dictionary, no stemming: Indonesian has
no snowball stemmer in PostgreSQL, and names and numbers must match as typed, after
``unaccent``), a trigger that fills ``vector`` with weighted columns, and a GIN index.

SQLite: an external-content FTS5 table ``workflows_letter_fts`` over the rows of
``workflows_lettersearch`` (tokenizer ``unicode61 remove_diacritics 2``: case- and
accent-insensitive), kept in step by triggers.

The rows themselves are filled by ``manage.py rebuild_search_index`` (existing letters)
and by the letter services (new and changed letters).
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

POSTGRES_UP = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """DO $$ BEGIN
         IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'lontar') THEN
           CREATE TEXT SEARCH CONFIGURATION lontar (COPY = pg_catalog.simple);
           ALTER TEXT SEARCH CONFIGURATION lontar
             ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
         END IF;
       END $$""",
    """CREATE FUNCTION workflows_lettersearch_vector() RETURNS trigger AS $$
       BEGIN
         NEW.vector :=
           setweight(to_tsvector('lontar', coalesce(NEW.heading, '')), 'A')
           || setweight(to_tsvector('lontar', coalesce(NEW.parties, '')), 'B')
           || setweight(to_tsvector('lontar', coalesce(NEW.body, '')), 'C');
         RETURN NEW;
       END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER workflows_lettersearch_vector
       BEFORE INSERT OR UPDATE OF heading, parties, body ON workflows_lettersearch
       FOR EACH ROW EXECUTE FUNCTION workflows_lettersearch_vector()""",
    "CREATE INDEX workflows_lettersearch_vector_gin ON workflows_lettersearch USING gin (vector)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS workflows_lettersearch_vector_gin",
    "DROP TRIGGER IF EXISTS workflows_lettersearch_vector ON workflows_lettersearch",
    "DROP FUNCTION IF EXISTS workflows_lettersearch_vector()",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS lontar",
]

SQLITE_UP = [
    """CREATE VIRTUAL TABLE workflows_letter_fts USING fts5(
         heading, parties, body,
         content='workflows_lettersearch', content_rowid='letter_id',
         tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER workflows_lettersearch_fts_insert AFTER INSERT ON workflows_lettersearch
       BEGIN
         INSERT INTO workflows_letter_fts(rowid, heading, parties, body)
         VALUES (new.letter_id, new.heading, new.parties, new.body);
       END""",
    """CREATE TRIGGER workflows_lettersearch_fts_delete AFTER DELETE ON workflows_lettersearch
       BEGIN
         INSERT INTO workflows_letter_fts(workflows_letter_fts, rowid, heading, parties, body)
         VALUES ('delete', old.letter_id, old.heading, old.parties, old.body);
       END""",
    """CREATE TRIGGER workflows_lettersearch_fts_update AFTER UPDATE ON workflows_lettersearch
       BEGIN
         INSERT INTO workflows_letter_fts(workflows_letter_fts, rowid, heading, parties, body)
         VALUES ('delete', old.letter_id, old.heading, old.parties, old.body);
         INSERT INTO workflows_letter_fts(rowid, heading, parties, body)
         VALUES (new.letter_id, new.heading, new.parties, new.body);
       END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS workflows_lettersearch_fts_update",
    "DROP TRIGGER IF EXISTS workflows_lettersearch_fts_delete",
    "DROP TRIGGER IF EXISTS workflows_lettersearch_fts_insert",
    "DROP TABLE IF EXISTS workflows_letter_fts",
]


def _run(statements: dict[str, list[str]]):
    def run(apps, schema_editor) -> None:
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0002_registration_key"),
    ]

    operations = [
        migrations.CreateModel(
            name="LetterSearch",
            fields=[
                (
                    "letter",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="workflows.letter",
                    ),
                ),
                ("heading", models.TextField(blank=True)),
                ("parties", models.TextField(blank=True)),
                ("body", models.TextField(blank=True)),
                (
                    "vector",
                    django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
                ),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
        ),
        migrations.RunPython(
            _run({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}),
            _run({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN}),
        ),
    ]
