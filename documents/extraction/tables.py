"""Tables in a letter, turned into the label lines the field parser reads.

An event block is often a table: rows of label | value (with or without a column of
colons), or a header row (Hari/Tanggal | Waktu | Tempat | Acara) over one row of values.
Either way each cell pair becomes one "Label : value" line, a wrapped cell joined into one
line, so ``labels.find_labels`` reads a table as it reads a label block.

Two sources of cells: pdfplumber's table finder on a text PDF (ruled tables), and word
boxes (pdfplumber's words on a text PDF, Tesseract's TSV on a scan) clustered into lines
and into the header's columns, for tables drawn without rules.
"""

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from documents.extraction.labels import STOP_START, label_key


def _cell(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip(" :|")


def _is_label(text: str) -> bool:
    key, exact = label_key(text)
    return key is not None and (exact or len(text) >= 5)


def table_lines(rows: Sequence[Sequence[str | None]]) -> list[str] | None:
    """The "Label : value" lines of a table, or None when it is no table of labels."""
    rows = [[_cell(cell) for cell in row] for row in rows]
    rows = [[cell for cell in row if cell] for row in rows]
    rows = [row for row in rows if row]
    if not rows:
        return None
    # Label | value rows: most rows start with a label.
    labelled = [row for row in rows if len(row) >= 2 and _is_label(row[0])]
    if len(labelled) >= max(1, len(rows) // 2) and not (
        len(rows[0]) >= 3 and all(_is_label(cell) for cell in rows[0])
    ):
        return [f"{row[0]} : {' '.join(row[1:])}" if len(row) >= 2 else row[0] for row in rows]
    # A header row of labels over rows of values.
    header = rows[0]
    if len(header) >= 2 and sum(_is_label(cell) for cell in header) >= 2:
        lines = []
        for row in rows[1:]:
            if len(row) != len(header):
                continue
            lines += [f"{label} : {value}" for label, value in zip(header, row, strict=True)]
        return lines or None
    return None


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    conf: float = 100.0  # Tesseract's confidence in the word, 0-100 (a text PDF's: 100)
    line: tuple[int, int, int] | None = None  # Tesseract's (block, paragraph, line)


def word_lines(words: Sequence[Word]) -> list[list[Word]]:
    """Words grouped into printed lines (by their vertical middles; on a scan, as
    Tesseract grouped them, which a slight skew does not split), left to right."""
    if words and all(w.line is not None for w in words):
        grouped: dict[tuple[int, int, int], list[Word]] = {}
        for word in words:
            grouped.setdefault(word.line, []).append(word)  # type: ignore[arg-type]
        ordered = sorted(
            grouped.values(), key=lambda ws: sum(w.top + w.bottom for w in ws) / len(ws)
        )
        return [sorted(line, key=lambda w: w.x0) for line in ordered]
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: ((w.top + w.bottom) / 2, w.x0)):
        middle = (word.top + word.bottom) / 2
        if lines:
            last = lines[-1]
            height = max(w.bottom - w.top for w in last)
            if abs(middle - (last[0].top + last[0].bottom) / 2) <= 0.5 * height:
                last.append(word)
                continue
        lines.append([word])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def _header_columns(line: list[Word]) -> list[tuple[float, str]] | None:
    """The columns of a header line (x where each starts, its label), if it is one: every
    word belongs to a label, and there are two labels or more, set apart."""
    columns: list[tuple[float, str]] = []
    index = 0
    while index < len(line):
        for size in (3, 2, 1):
            piece = line[index : index + size]
            height = max(w.bottom - w.top for w in piece)
            if any(b.x0 - a.x1 > height for a, b in zip(piece, piece[1:], strict=False)):
                continue  # words a column apart: two labels, not one ("Tempat | Kegiatan")
            text = " ".join(w.text for w in piece)
            key, exact = label_key(text)
            if key is not None and exact and len(piece) == size:
                columns.append((piece[0].x0, text))
                index += size
                break
        else:
            return None
    return columns if len(columns) >= 2 else None


def header_table(words: Sequence[Word]) -> tuple[float, float, list[str]] | None:
    """An unruled header-row table among ``words``: (top, bottom, its label lines).

    The header's labels give the columns; the lines below it, up to a gap of more than
    one and a half lines' height or the closing, are its values, each word going to the
    column it starts in."""
    lines = word_lines(words)
    for number, line in enumerate(lines):
        columns = _header_columns(line)
        if columns is None:
            continue
        cells = [[] for _ in columns]
        bottom = line[0].bottom
        height = max(w.bottom - w.top for w in line)
        for row in lines[number + 1 :]:
            if row[0].top - bottom > 1.5 * height or STOP_START.match(row[0].text):
                break  # a paragraph's gap, or the closing ("Demikian ...")
            if row[0].x0 < columns[0][0] - 2 * height:
                break  # back at the margin: the paragraph after the table
            for word in row:
                column = max(i for i, (x, _) in enumerate(columns) if i == 0 or word.x0 >= x - 2)
                cells[column].append(word.text)
            bottom = max(w.bottom for w in row)
        if not any(cells):
            continue
        values = [" ".join(cell) for cell in cells]
        return (
            line[0].top,
            bottom,
            [
                f"{label} : {value}"
                for (_, label), value in zip(columns, values, strict=True)
                if value
            ],
        )
    return None


def with_header_table(text: str, words: Sequence[Word]) -> str:
    """A scan's text with its unruled header-row table (found among Tesseract's TSV words)
    as label lines, where it stood; the text as it is when there is none.

    Tesseract's text lines are its TSV words joined by spaces, so the table's lines are
    the run of text lines made only of the words inside the table's band."""
    # A rule Tesseract read as "|", "_" or a quote mark, or as a short doubtful scrap
    # ("a", "laa" where a rule crossed a line), is no word of the table.
    cleaned = [
        Word(w.text.strip('|_\u201c\u201d"[]'), w.x0, w.x1, w.top, w.bottom, w.conf, w.line)
        for w in words
    ]
    cleaned = [
        w
        for w in cleaned
        if w.text and not (w.conf < 60 and len(w.text) <= 3 and not re.search(r"\d", w.text))
    ]
    found = header_table(cleaned) if cleaned else None
    if found is None:
        return text
    top, bottom, labels = found
    band = Counter(w.text for w in words if top <= (w.top + w.bottom) / 2 <= bottom)
    out: list[str] = []
    state = "before"  # then "inside" the table's lines, then "after"
    for line in text.split("\n"):
        tokens = Counter(line.split())
        if state != "after" and tokens and not tokens - band:
            band -= tokens
            if state == "before":
                out += labels
                state = "inside"
            continue
        if state == "inside" and tokens:
            state = "after"
        out.append(line)
    return "\n".join(out) if state != "before" else text
