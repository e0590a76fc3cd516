"""Text PDFs through pdfplumber, one string per page.

``extract_text()`` without layout mode is used on purpose: it gives one line per printed
line with single spaces, the same shape Tesseract gives for scans, so the field parser
has one input form. A page with (almost) no text is an image and is left to OCR.
"""

from collections.abc import Iterator
from pathlib import Path

import pdfplumber

# Fewer printable characters than this on a page means it is a scanned image.
MIN_TEXT_CHARS = 25


def pdf_pages_text(path: str | Path) -> Iterator[str | None]:
    """Yield each page's text, or None where the page needs OCR."""
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            text = page.extract_text() or ""
            page.flush_cache()
            yield text if len(text.strip()) >= MIN_TEXT_CHARS else None


def pdf_page_count(path: str | Path) -> int:
    with pdfplumber.open(str(path)) as pdf:
        return len(pdf.pages)
