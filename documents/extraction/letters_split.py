"""Several letters in one file: where each starts.

Offices scan a day's post into one PDF. A later page that opens with a letterhead (the
government or the organisation in capitals) and carries a Nomor block is the first page of
another letter; a page without both continues the letter before it.
"""

import re

from documents.extraction.labels import find_labels, normalise_text

_LETTERHEAD = re.compile(
    r"^(?:PEMERINTAH|DINAS|BADAN|KANTOR|SEKRETARIAT|KEMENTERIAN|INSPEKTORAT|DEWAN|"
    r"RUMAH\s+SAKIT|UNIVERSITAS|KEPOLISIAN|KOMANDO|KOMISI|LEMBAGA|PT\b|YAYASAN)",
)


def starts_letter(page: str) -> bool:
    lines = [line for line in normalise_text(page) if line][:30]
    if not any(_LETTERHEAD.match(line) for line in lines[:6]):
        return False
    return any(item.key == "number" for item in find_labels(lines))


def letter_page_ranges(pages: list[str]) -> list[tuple[int, int]]:
    """(first, last) page, 1-based and inclusive, of each letter in the file."""
    starts = [0] + [i for i, page in enumerate(pages) if i > 0 and starts_letter(page)]
    ends = [*starts[1:], len(pages)]
    return [(start + 1, end) for start, end in zip(starts, ends, strict=True)]
