"""Reading letters in layouts beyond the sample set's, made by ``letter_gen``: tables of
both shapes, labels whose colon OCR mangled, OCR punctuation in dates and times, the
event told from a reply deadline and from a programme, two letters in one PDF, honest
doubt (``fields_meta``), and a handful of the same letters as scans through Tesseract."""

import datetime as dt
import json
import shutil
from io import StringIO

import pytest
from django.core.management import call_command

from documents.extraction.dates import find_date_range, find_time_range
from documents.extraction.fields import FIELDS, parse_letter
from documents.extraction.runner import read_in_process
from documents.extraction.tables import Word, with_header_table, word_lines
from tests.documents.letter_gen import make_letter, scan_image

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None,
    reason="tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-ind)",
)
EVENT = ("event_date", "event_end_date", "start_time", "end_time", "timezone")


def read(tmp_path, letter, *, scan=False):
    path = tmp_path / ("letter.png" if scan else "letter.pdf")
    path.write_bytes(scan_image(letter.pdf, seed=letter.seed) if scan else letter.pdf)
    return read_in_process(str(path))["fields"]


def words(text):
    return set((text or "").lower().replace(",", " ").split())


@pytest.mark.parametrize(
    "layout", ["table_rows", "table_header", "table_header_plain", "table_plain", "labels_ocr"]
)
@pytest.mark.parametrize("seed", [1, 2])
def test_the_event_block_is_read_from_every_table_shape_in_a_text_pdf(tmp_path, layout, seed):
    letter = make_letter(seed, layout, "held")
    fields = read(tmp_path, letter)
    for name in EVENT:
        assert fields[name] == letter.truth[name], name
    assert words(fields["venue"]) == words(letter.truth["venue"])
    assert words(fields["event_title"]) == words(letter.truth["event_title"])
    assert fields["letter_number"] == letter.truth["letter_number"]


def test_a_ruled_header_row_table_gives_each_column_its_field():
    rows = "Hari/Tanggal : Rabu, 8 Juli 2026\nWaktu : 09.00 WIT s.d. 12.00 WIT\n"
    result = parse_letter(f"Dengan hormat,\n{rows}Tempat : Aula Dinas\nAcara : Rapat Kerja\n")
    assert result.values["venue"] == "Aula Dinas"
    assert result.values["event_date"] == "2026-07-08"


def test_labels_are_recognised_whatever_ocr_made_of_the_colon():
    result = parse_letter(
        "Nomor : 440/12/Dinkes/2026\nSifat \u201c1 Penting\nPerihal - Undangan Rapat\n"
        "Dengan hormat,\nHari/Tanggal : Rabu, 8 Juli 2026\nTempat - Aula Dinas Kesehatan\n"
        "Acara . Rapat Kerja\n"
    )
    assert result.values["classification"] == "penting"
    assert result.values["subject"] == "Undangan Rapat"
    assert result.values["venue"] == "Aula Dinas Kesehatan"
    assert result.values["event_title"] == "Rapat Kerja"


def test_a_hyphenated_word_is_not_a_label():
    result = parse_letter("Hal-hal yang perlu disiapkan oleh peserta\n")
    assert result.values["subject"] is None


def test_a_value_stops_at_the_next_label_the_closing_or_a_blank_line():
    result = parse_letter(
        "Acara : Rapat Koordinasi\nPenanganan Stunting\nTempat Aula Dinas\n"
        "Pukul 09.00 WIB\n\nKantor Baru\n"
    )
    assert result.values["event_title"] == "Rapat Koordinasi Penanganan Stunting"
    assert result.values["venue"] == "Aula Dinas"
    closing = parse_letter("Tempat : Aula Dinas\nDemikian Undangan Kami\n")
    assert closing.values["venue"] == "Aula Dinas"


def test_ocr_punctuation_in_dates_and_times_is_put_right():
    found = find_date_range("10 s.d..12 April 2026")
    assert (found.start, found.end) == (dt.date(2026, 4, 10), dt.date(2026, 4, 12))
    times = find_time_range("Pukul :.10.00 WITA s/d 13.00")
    assert (times.start, times.end, times.zone) == ("10:00", "13:00", "Asia/Makassar")
    times = find_time_range("10.15's.d. 13.30")
    assert (times.start, times.end) == ("10:15", "13:30")


def test_a_weekday_that_does_not_match_the_date_is_marked_unsure():
    result = parse_letter("Palu, 1 Juli 2026\nHari/Tanggal : Senin, 8 Juli 2026\n")  # a Wednesday
    assert result.values["event_date"] == "2026-07-08"
    assert "event_date" in result.unsure


def test_an_event_before_the_letter_s_date_is_marked_unsure():
    result = parse_letter("Palu, 10 Juli 2026\nHari/Tanggal : Rabu, 8 Juli 2026\n")
    assert "event_date" in result.unsure


def test_an_end_before_the_start_is_dropped_and_the_start_doubted():
    result = parse_letter("Hari/Tanggal : Rabu, 8 Juli 2026\nPukul : 13.00 s.d. 10.00 WIB\n")
    assert result.values["end_time"] is None
    assert "start_time" in result.unsure


def test_a_reply_deadline_written_before_the_event_is_not_the_event(tmp_path):
    letter = make_letter(3, "deadline_first", "held")
    fields = read(tmp_path, letter)
    for name in EVENT:
        assert fields[name] == letter.truth[name], name


def test_without_a_time_the_programme_gives_the_event_s_start_and_end(tmp_path):
    letter = make_letter(4, "programme", "held")
    fields = read(tmp_path, letter)
    assert (fields["start_time"], fields["end_time"]) == (
        letter.truth["start_time"],
        letter.truth["end_time"],
    )


def test_two_letters_in_one_pdf_are_told_apart(tmp_path):
    letter = make_letter(5, "two_letters", "held")
    fields = read(tmp_path, letter)
    assert fields["split"]["multiple_letters"] is True
    first, second = fields["split"]["letters"]
    assert (first["pages"], second["pages"]) == ([1, 1], [2, 2])
    assert fields["letter_number"] == letter.letters[0]["letter_number"]
    assert second["letter_number"] == letter.letters[1]["letter_number"]
    assert second["event_date"] == letter.letters[1]["event_date"]


def test_one_letter_says_so(tmp_path):
    fields = read(tmp_path, make_letter(5, "labels", "held"))
    assert fields["split"] == {"multiple_letters": False, "letters": [{"pages": [1, 1]}]}


def test_a_field_not_found_is_not_found_not_unsure():
    result = parse_letter("Perihai : Undangan\nNomor : 440/12/Dinkes/2026\n", ocr=True).as_dict()
    assert result["fields_meta"]["venue"] == {"confidence": 0.0, "status": "not_found"}
    assert result["fields_meta"]["subject"]["status"] == "unsure"
    assert result["fields_meta"]["letter_number"]["status"] == "found"
    assert "venue" not in result["unsure"]


def test_a_value_another_label_ran_into_is_marked_unsure():
    result = parse_letter("Tempat : Aula Dinas Acara Rapat Kerja Tahunan\n")
    assert "venue" in result.unsure


def test_a_letter_number_that_lost_its_tail_or_another_month_is_marked_unsure():
    head = "Palu, 4 Februari 2026\n"
    assert "letter_number" in parse_letter(head + "Nomor : 050/2881/Bappeda\n").unsure
    assert "letter_number" in parse_letter(head + "Nomor : 050/2881/Bappeda/IX/2026\n").unsure
    assert "letter_number" not in parse_letter(head + "Nomor : 050/2881/Bappeda/II/2026\n").unsure


def test_extract_letter_adds_fields_meta_and_split_and_keeps_its_keys(tmp_path):
    path = tmp_path / "dua.pdf"
    path.write_bytes(make_letter(6, "two_letters", "held").pdf)
    out = StringIO()
    call_command("extract_letter", str(path), stdout=out)
    (line,) = [json.loads(text) for text in out.getvalue().splitlines()]
    assert set(FIELDS) | {"file", "pages", "ocr", "unsure", "confidence"} <= set(line)
    assert set(line["fields_meta"]) == set(FIELDS)
    for name, meta in line["fields_meta"].items():
        assert meta["status"] == ("not_found" if line[name] is None else meta["status"])
        assert meta["status"] in ("found", "unsure", "not_found")
        assert meta["confidence"] == line["confidence"][name]
    assert line["split"]["multiple_letters"] is True and line["pages"] == 2


# Scans: few, Tesseract is slow on a shared machine.


@needs_tesseract
@pytest.mark.parametrize("layout", ["table_rows", "table_plain", "deadline_first", "labels_ocr"])
def test_a_scanned_letter_gives_its_event(tmp_path, layout):
    letter = make_letter(0, layout, "tune")
    fields = read(tmp_path, letter, scan=True)
    assert fields["event_date"] == letter.truth["event_date"]
    assert fields["start_time"] == letter.truth["start_time"]
    assert fields["timezone"] == letter.truth["timezone"]


def test_a_scan_s_table_rules_are_painted_out_before_tesseract_reads_it(tmp_path):
    from PIL import Image

    from documents.extraction.rules import without_rules

    ruled = tmp_path / "ruled.png"
    ruled.write_bytes(scan_image(make_letter(0, "table_rows", "tune").pdf))
    plain = tmp_path / "plain.png"
    plain.write_bytes(scan_image(make_letter(0, "labels", "tune").pdf))
    assert without_rules(plain, tmp_path) == plain  # no table: the page as it is
    cleaned = without_rules(ruled, tmp_path)
    assert cleaned != ruled
    with Image.open(ruled) as before, Image.open(cleaned) as after:
        dark = lambda image: sum(image.convert("L").point(lambda v: v < 80).histogram()[1:])  # noqa: E731
        assert dark(after) < dark(before)


def _ocr_words(line_words, conf=96.0, low=()):
    """Tesseract-like words, one printed line per list, 30 px apart."""
    return [
        Word(text, 100 + 80 * i, 160 + 80 * i, 40 * n, 40 * n + 20, 30.0 if text in low else conf)
        for n, line in enumerate(line_words)
        for i, text in enumerate(line.split())
    ]


LETTER = "Nomor : 440/851/Dinkes/2026\nPerihal : Undangan Rapat\nPalu, 2 Juli 2026\n"


def test_a_word_tesseract_was_unsure_of_marks_its_field_unsure_and_no_other():
    words = _ocr_words(LETTER.splitlines(), low={"440/851/Dinkes/2026"})
    result = parse_letter(LETTER, ocr=True, words=[words]).as_dict()
    meta = result["fields_meta"]
    assert meta["letter_number"]["status"] == "unsure"
    assert meta["letter_number"]["word_confidence"] == 30.0
    assert meta["subject"]["status"] == "found"
    assert meta["letter_date"]["status"] == "found"
    sure = parse_letter(LETTER, ocr=True, words=[_ocr_words(LETTER.splitlines())]).as_dict()
    assert sure["fields_meta"]["letter_number"]["status"] == "found"


def test_a_text_pdf_has_no_word_confidences_and_keeps_its_statuses():
    meta = parse_letter(LETTER).as_dict()["fields_meta"]
    assert all("word_confidence" not in item for item in meta.values())
    assert meta["letter_number"]["status"] == "found"


def test_a_scan_s_header_row_table_becomes_label_lines_where_it_stood():
    lines = ["dilaksanakan pada:", "Hari/Tanggal Waktu Tempat Acara", "Rabu 09.00 Aula Rapat"]
    words = _ocr_words(lines)
    for word, x in zip(words[2:], (100, 400, 700, 1000, 100, 400, 700, 1000), strict=True):
        word.x0, word.x1 = x, x + 200  # the header's four columns and the row below
    text = "\n".join([*lines, "Demikian undangan ini"])
    assert with_header_table(text, words).splitlines() == [
        "dilaksanakan pada:",
        "Hari/Tanggal : Rabu",
        "Waktu : 09.00",
        "Tempat : Aula",
        "Acara : Rapat",
        "Demikian undangan ini",
    ]
    assert with_header_table(text, []) == text


def test_tesseract_s_own_lines_hold_a_skewed_line_together():
    skewed = [Word("Senin,", 100, 160, 100, 120, line=(1, 1, 2)), Word("23", 170, 190, 88, 108,
              line=(1, 1, 2)), Word("Februari", 100, 180, 130, 150, line=(1, 1, 3))]  # fmt: skip
    assert [[w.text for w in line] for line in word_lines(skewed)] == [
        ["Senin,", "23"],
        ["Februari"],
    ]
    for word in skewed:
        word.line = None  # a text PDF's words: by their heights, 12 apart of 20 high
    assert [[w.text for w in line] for line in word_lines(skewed)][0] == ["23"]


@needs_tesseract
@pytest.mark.parametrize(("layout", "seed"), [("table_header_plain", 1), ("table_header", 100)])
def test_a_scanned_header_row_table_gives_each_column_its_field(tmp_path, layout, seed):
    letter = make_letter(seed, layout, "held")
    fields = read(tmp_path, letter, scan=True)
    for name in ("event_date", "start_time", "end_time", "timezone"):
        assert fields[name] == letter.truth[name], name
    assert words(fields["venue"]) == words(letter.truth["venue"])
    assert words(fields["event_title"]) == words(letter.truth["event_title"])
