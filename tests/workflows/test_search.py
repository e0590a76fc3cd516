"""Archive search: full-text, ranked, highlighted, filtered, permission-aware, indexed."""

from datetime import date, datetime

import pytest
from django.db import connection
from django.urls import reverse

from documents import hooks
from documents.models import Document
from tests.factories import WITA, letter_values, scan
from tests.workflows.walk import client_for
from workflows import selectors, services
from workflows.models import Letter, LetterSearch, LetterState
from workflows.search import FTS_TABLE, PG_CONFIG, letters_search_index_rebuild
from workflows.selectors import LetterFilters, letters_search


def register(world, **values) -> Letter:
    return services.letter_register(
        actor=world.clerk, values=letter_values(**values), uploads=[scan()]
    )


def extracted(letter: Letter, text: str) -> None:
    """What the extraction task does when a file's text is read: save it, then tell."""
    document = letter.documents.get()
    Document.objects.filter(pk=document.pk).update(text=text)
    hooks.text_extracted(document.pk)


def found(world, query: str = "", user=None, **filters) -> list[Letter]:
    return list(
        letters_search(user=user or world.auditor, query=query, filters=LetterFilters(**filters))
    )


@pytest.fixture
def archive(world):
    """Three letters unlike each other, one of them from a department."""
    imunisasi = register(world)  # "Undangan Pembukaan Pekan Imunisasi", Dinas Kesehatan
    stunting = register(
        world,
        sender="Badan Perencanaan Pembangunan Daerah",
        subject="Rapat Koordinasi Percepatan Penurunan Stunting",
        event_title="Rakor Stunting",
        venue="Ruang Rapat Bappeda",
        letter_number="050/77/Bappeda/2026",
        received_date=date(2026, 10, 5),
        event_start=datetime(2026, 10, 20, 9, tzinfo=WITA),
        event_end=datetime(2026, 10, 20, 12, tzinfo=WITA),
    )
    wisuda = register(
        world,
        sender="Universitas Tadulako",
        sender_department=world.dinkes,
        subject="Undangan Wisuda Periode IV",
        event_title="Wisuda Sarjana",
        venue="Auditorium Untad",
        letter_number="UN28/4411/2026",
    )
    extracted(wisuda, "Dengan hormat, kami mengundang Bapak pada acara wisuda di Gedung Kesenian.")
    return imunisasi, stunting, wisuda


def test_finds_a_letter_by_a_word_of_its_subject(world, archive):
    imunisasi, stunting, wisuda = archive
    assert found(world, "Stunting") == [stunting]


def test_finds_a_letter_by_its_sender(world, archive):
    assert found(world, "Tadulako") == [archive[2]]


def test_finds_a_letter_by_a_word_only_in_its_files_extracted_text(world, archive):
    assert found(world, "Kesenian") == [archive[2]]


def test_search_ignores_case_and_accents_both_ways(world, archive):
    imunisasi = archive[0]
    assert found(world, "pékan IMUNISASI") == [imunisasi]
    extracted(imunisasi, "Acara di Café Sigi")
    assert found(world, "cafe") == [imunisasi]


def test_every_word_must_match(world, archive):
    assert found(world, "wisuda stunting") == []
    assert found(world, "rapat stunting") == [archive[1]]


def test_a_letter_number_is_found_as_typed(world, archive):
    assert found(world, "050/77/Bappeda/2026") == [archive[1]]


def test_a_word_in_the_subject_ranks_above_the_same_word_in_the_text(world, archive):
    in_text = register(world, subject="Undangan Rapat Kerja", event_title="Raker")
    extracted(in_text, "Agenda: laporan percepatan penurunan stunting tahun berjalan.")
    letters = found(world, "stunting")
    assert letters == [archive[1], in_text]
    assert letters[0].rank > letters[1].rank


def test_a_query_without_words_lists_every_letter_newest_first(world, archive):
    assert found(world, "  ?!  ") == list(reversed(archive))


def test_the_list_marks_the_matched_words_and_escapes_the_letters_text(world, archive):
    wisuda = archive[2]
    extracted(wisuda, 'Wisuda <script>alert("x")</script> & <b>pesta</b> di Gedung Kesenian.')
    response = client_for(world.auditor).get(reverse("letters:index"), {"q": "kesenian"})
    html = response.content.decode()
    assert response.status_code == 200
    assert list(response.context["object_list"]) == [wisuda]
    assert "<mark>Kesenian</mark>" in html
    assert "<script>" not in html and "<b>pesta" not in html
    # SQLite shows the tags as text, escaped; PostgreSQL's ts_headline leaves them out.
    snippet = response.context["object_list"][0].snippet
    assert "pesta" in snippet and "<b>" not in snippet
    assert "&lt;b&gt;pesta" in snippet or connection.vendor == "postgresql"


def test_a_snippet_marks_accented_words_found_without_accents(world, archive):
    extracted(archive[0], "Bertempat di Café Sigi.")
    snippets = selectors.letter_search_snippets(letter_ids=[archive[0].pk], query="cafe")
    assert "<mark>Café</mark>" in snippets[archive[0].pk]


def test_filters_narrow_the_search(world, archive):
    imunisasi, stunting, wisuda = archive
    assert set(found(world, "undangan", received_from=date(2026, 11, 1))) == {wisuda, imunisasi}
    assert found(world, "", received_to=date(2026, 10, 31)) == [stunting]
    assert found(world, "", event_from=date(2026, 12, 1), event_to=date(2026, 12, 2)) == [
        wisuda,
        imunisasi,
    ]
    assert found(world, "", event_to=date(2026, 10, 20)) == [stunting]
    assert found(world, "undangan", sender="tadulako") == [wisuda]
    services.letter_forward(actor=world.reviewer, letter=stunting, leader=world.deputy)
    assert found(world, "", state=LetterState.REVIEWED) == [stunting]
    assert found(world, "", leader_id=world.deputy.pk) == [stunting]
    assert found(world, "", leader_id=world.mayor.pk) == []
    services.letter_dispose(
        actor=world.deputy_user, letter=stunting, outcome="decline", note="Berhalangan"
    )
    assert found(world, "", outcome="decline") == [stunting]
    assert found(world, "rakor", outcome="attend") == []


def test_letters_archived_at_once_are_found_by_the_state_they_passed(world, archive):
    imunisasi, stunting, wisuda = archive
    services.letter_reject(actor=world.reviewer, letter=imunisasi, reason="Bukan untuk pimpinan")
    services.letter_archive(letter=imunisasi)
    services.letter_forward(actor=world.reviewer, letter=stunting, leader=world.deputy)
    services.letter_dispose(
        actor=world.deputy_user, letter=stunting, outcome="decline", note="Berhalangan"
    )
    services.letter_archive(letter=stunting)
    for letter in (imunisasi, stunting):
        letter.refresh_from_db()
        assert letter.state == LetterState.ARCHIVED
    assert found(world, "", state=LetterState.REJECTED) == [imunisasi]
    assert found(world, "", state=LetterState.DECLINED) == [stunting]
    assert found(world, "rakor", state=LetterState.DECLINED) == [stunting]
    assert found(world, "", state=LetterState.CANCELLED) == []
    assert set(found(world, "", state=LetterState.ARCHIVED)) == {imunisasi, stunting}


def test_the_leader_a_letter_was_forwarded_to_is_searchable(world, archive):
    services.letter_forward(actor=world.reviewer, letter=archive[1], leader=world.deputy)
    assert found(world, "Wakil Wali Kota") == [archive[1]]


def test_the_list_page_applies_the_filters_from_the_query_string(world, archive):
    client = client_for(world.auditor)
    response = client.get(reverse("letters:index"), {"q": "undangan", "sender": "tadulako"})
    assert list(response.context["object_list"]) == [archive[2]]


def test_a_department_officer_finds_only_their_departments_letters(world, archive):
    assert found(world, "undangan", user=world.dept_officer) == [archive[2]]
    assert found(world, "stunting", user=world.dept_officer) == []


def test_an_auditor_finds_every_letter(world, archive):
    assert set(found(world, "undangan", user=world.auditor)) == {archive[0], archive[2]}
    assert len(found(world, "", user=world.auditor)) == 3


def test_a_corrected_letter_is_found_by_its_new_words(world, archive):
    stunting = archive[1]
    services.letter_return(actor=world.reviewer, letter=stunting, reason="Perihal salah")
    services.letter_correct(
        actor=world.clerk,
        letter=stunting,
        values={"subject": "Rapat Koordinasi Pengendalian Inflasi"},
        uploads=[],
    )
    assert found(world, "inflasi") == [stunting]
    assert found(world, "penurunan") == []


def test_rebuilding_the_index_restores_missing_search_documents(world, archive):
    LetterSearch.objects.all().delete()
    assert found(world, "stunting") == []
    assert letters_search_index_rebuild(only_missing=True, batch_size=2) == 3
    assert found(world, "stunting") == [archive[1]]
    assert found(world, "kesenian") == [archive[2]]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 is SQLite's index")
def test_on_sqlite_the_search_reads_the_fts5_index_not_the_letters(world, archive):
    letters = letters_search(user=world.auditor, query="stunting")
    sql, params = letters.query.sql_with_params()
    with connection.cursor() as cursor:
        plan = cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
    details = [row[-1] for row in plan]
    assert any("VIRTUAL TABLE INDEX" in d and FTS_TABLE in d for d in details), details
    assert not any(d.startswith("SCAN workflows_letter") and "fts" not in d for d in details), (
        details
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index is PostgreSQL's")
def test_on_postgresql_the_search_can_use_the_gin_index(world, archive):
    # How the planner joins a handful of test letters varies; what must hold is that the
    # text match itself can be answered from the GIN index (the 100k benchmark shows the
    # whole search using it).
    assert letters_search(user=world.auditor, query="stunting").exists()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT letter_id FROM workflows_lettersearch "
            "WHERE vector @@ plainto_tsquery(%s::regconfig, %s)",
            [PG_CONFIG, "stunting"],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "workflows_lettersearch_vector_gin" in plan, plan
