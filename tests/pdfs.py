"""PDFs for tests, without Django.

``text_pdf(lines)``: a one-page text PDF, as an office prints a letter; the same writer
makes the demo letters (``workflows.demo.letters.letter_pdf``).
``pages_pdf(pages)``: a text PDF of several pages, one list of lines each.
"""

from documents.pdf_objects import pdf_from_objects
from workflows.demo.letters import letter_pdf as text_pdf

__all__ = ["pages_pdf", "text_pdf"]


def _escape(text: str) -> str:
    text = text.encode("latin-1", "replace").decode("latin-1")
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pages_pdf(pages: list[list[str]]) -> bytes:
    """An A4 PDF with one page per item of ``pages`` (its lines as the text layer, in
    Helvetica), with a correct xref."""
    count = len(pages)
    # Objects: 1 catalog, 2 pages, 3 font, then a page and its content per page.
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(count))
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        f"<</Type/Pages/Kids[{kids}]/Count {count}>>".encode(),
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>",
    ]
    for index, lines in enumerate(pages):
        ops = ["BT", "/F1 11 Tf", "14 TL", "72 770 Td", *(f"({_escape(li)}) '" for li in lines)]
        stream = "\n".join([*ops, "ET"]).encode("latin-1")
        objects.append(
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]"
            b"/Resources<</Font<</F1 3 0 R>>>>/Contents %d 0 R>>" % (5 + 2 * index)
        )
        objects.append(b"<</Length %d>>stream\n" % len(stream) + stream + b"\nendstream")
    return pdf_from_objects(objects)
