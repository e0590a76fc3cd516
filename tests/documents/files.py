"""Hostile and unusual files, built in code so the tests show what each one is."""

import io
import struct
import subprocess
import tempfile
import zlib
from pathlib import Path

import pikepdf
from PIL import Image

from tests.pdfs import text_pdf

# Same bytes as tests.factories.MINIMAL_PDF, kept here so this module needs no Django.
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf_with_pages(count: int, **save: object) -> bytes:
    pdf = pikepdf.new()
    for _ in range(count):
        pdf.add_blank_page(page_size=(595, 842))
    out = io.BytesIO()
    pdf.save(out, **save)
    return out.getvalue()


def pdf_needing_a_password() -> bytes:
    return pdf_with_pages(1, encryption=pikepdf.Encryption(user="rahasia", owner="pemilik"))


def pdf_with_permissions_only() -> bytes:
    """Encrypted, but opens with the empty user password (how signed PDFs often come)."""
    permissions = pikepdf.Permissions(modify_other=False, modify_annotation=False)
    return pdf_with_pages(
        1, encryption=pikepdf.Encryption(user="", owner="pemilik", R=6, allow=permissions)
    )


MALFORMED_PDF = b"%PDF-1.7\n1 0 obj<</Type/Catalog/Pages 9 0 R>>garbage\x00\x01 ]]]>>\n%%EOF\n"
TRUNCATED_PDF = pdf_with_pages(3)[:200]


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def png(width: int, height: int, idat: bytes = b"") -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    if not idat:
        row = b"\x00" + b"\x00" * ((width + 7) // 8)
        idat = zlib.compress(row * height, 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", idat)
        + _png_chunk(b"IEND", b"")
    )


def decompression_bomb_png() -> bytes:
    """A few hundred bytes that claim 10 gigapixels."""
    return png(100_000, 100_000, idat=zlib.compress(b"\x00" * 4096, 9))


def pdf_that_never_finishes(levels: int = 12, fan_out: int = 10) -> bytes:
    """A "billion laughs" PDF: each form draws the next one ``fan_out`` times, so reading
    the first page means fan_out ** levels drawing operations; small file, endless parse."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    previous = None
    for _level in range(levels):
        if previous is None:
            content = b"BT /F1 12 Tf 72 720 Td (Undangan) Tj ET 0 0 m 1 1 l S"
            resources = pikepdf.Dictionary()
        else:
            content = b"q /X Do Q " * fan_out
            resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(X=previous))
        form = pikepdf.Stream(pdf, content)
        form.Type = pikepdf.Name.XObject
        form.Subtype = pikepdf.Name.Form
        form.BBox = [0, 0, 595, 842]
        form.Resources = resources
        previous = pdf.make_indirect(form)
    page = pdf.pages[0]
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(X=previous))
    page.Contents = pdf.make_indirect(pikepdf.Stream(pdf, b"q /X Do Q"))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def scan_of(lines: list[str], *, dpi: int = 150) -> Image.Image:
    """The page ``text_pdf(lines)`` as a scanner would give it: grey pixels, no text."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "page.pdf"
        source.write_bytes(text_pdf(lines))
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                str(dpi),
                "-gray",
                "-png",
                "-singlefile",
                source,
                source.with_suffix(""),
            ],
            check=True,
        )
        with Image.open(source.with_suffix(".png")) as image:
            return image.convert("L")


def scanned_pdf(*pages: list[str], dpi: int = 150) -> bytes:
    """An image-only PDF, one scanned page per list of lines (Pillow stores them as JPEG)."""
    images = [scan_of(lines, dpi=dpi) for lines in pages]
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return out.getvalue()


def scanned_image(lines: list[str], *, dpi: int = 150, kind: str = "PNG") -> bytes:
    out = io.BytesIO()
    scan_of(lines, dpi=dpi).save(out, kind, dpi=(dpi, dpi))
    return out.getvalue()


def joined_pdf(*documents: bytes) -> bytes:
    """The pages of these PDFs, one after the other (a mixed text and scan PDF)."""
    pdf = pikepdf.new()
    for content in documents:
        pdf.pages.extend(pikepdf.open(io.BytesIO(content)).pages)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()
