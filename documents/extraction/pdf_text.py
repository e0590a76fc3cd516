"""Text PDFs through pdfplumber, one string per page.

``extract_text()`` without layout mode is used on purpose: it gives one line per printed
line with single spaces, the same shape Tesseract gives for scans, so the field parser
has one input form. A page with (almost) no text is an image and is left to OCR. A page
with /Rotate is read as shown, or as drawn when only that reads as a letter.

Tables are read as tables (``tables``): a ruled table through pdfplumber's table finder,
an unruled header-row table from the words' positions; either is replaced in the page's
text by its "Label : value" lines, where it stood.
"""

from collections.abc import Callable, Iterator
from pathlib import Path

import pdfplumber

from documents.extraction import orientation
from documents.extraction.tables import Word, header_table, table_lines

# Fewer printable characters than this on a page means it is a scanned image.
MIN_TEXT_CHARS = 25


def pdf_pages_text(
    path: str | Path, counted: Callable[[int], None] | None = None
) -> Iterator[str | None]:
    """Yield each page's text, or None where the page needs OCR. ``counted(n)`` is told
    the page count first (the file opened once, not once more to count)."""
    with pdfplumber.open(str(path)) as pdf:
        if counted is not None:
            counted(len(pdf.pages))
        for page in pdf.pages:
            text = _upright_text(page)
            page.flush_cache()
            yield text if len(text.strip()) >= MIN_TEXT_CHARS else None


def _upright_text(page: pdfplumber.page.Page) -> str:
    """The page's text as shown (pdfminer applies /Rotate), unless that reads as a letter
    turned on its side while the text as drawn reads as one: a page an office turned in
    its viewer and saved so is the letter as it was written."""
    text = page_text(page)
    if not page.rotation % 360:
        return text
    page.page_obj.rotate = 0  # pdfminer's copy of /Rotate; a fresh page, no caches
    as_drawn = pdfplumber.page.Page(page.pdf, page.page_obj, page.page_number)
    drawn = page_text(as_drawn)
    as_drawn.flush_cache()
    return drawn if _upright_score(drawn) > _upright_score(text) else text


def _upright_score(text: str) -> float:
    """Common words of a letter, times words per line (capped): text turned a quarter
    comes out one word a line, text upside down spelled backwards."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return 0.0
    per_line = sum(len(line.split()) for line in lines) / len(lines)
    return orientation.text_score(text) * min(per_line, 8.0)


def pdf_page_count(path: str | Path) -> int:
    with pdfplumber.open(str(path)) as pdf:
        return len(pdf.pages)


def page_text(page: "pdfplumber.page.Page") -> str:
    """The page's lines, each table in it as its label lines."""
    text = page.extract_text() or ""
    if len(text.strip()) < MIN_TEXT_CHARS:
        return text
    found: list[tuple[float, float, list[str]]] = []
    try:
        for table in page.find_tables():
            lines = table_lines(table.extract())
            if lines:
                found.append((table.bbox[1], table.bbox[3], lines))
    except Exception:  # a table the finder cannot take apart is read as plain lines
        found = []
    if not found:
        words = [
            Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"])
            for w in page.extract_words(keep_blank_chars=False)
        ]
        header = header_table(words)
        if header:
            found.append(header)
    if not found:
        return text
    parts, top = [], 0.0
    for table_top, table_bottom, lines in sorted(found):
        if table_top > top:
            parts.append(_band_text(page, top, table_top))
        parts.append("\n".join(lines))
        top = max(top, table_bottom)
    parts.append(_band_text(page, top, float(page.height)))
    return "\n".join(part for part in parts if part)


def _band_text(page: "pdfplumber.page.Page", top: float, bottom: float) -> str:
    """The text of the page between two heights (a character belongs where its middle is)."""
    band = page.filter(
        lambda obj: (
            obj.get("object_type") != "char" or top <= (obj["top"] + obj["bottom"]) / 2 < bottom
        )
    )
    return band.extract_text() or ""
