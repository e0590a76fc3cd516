"""Files derived from a stored original: a searchable PDF/A for scans, a first-page thumbnail.

The original is never touched: it is copied to a temporary folder, each derived file is
made there in a limited child process (``runner.run_limited``: OCRmyPDF, Poppler and
Pillow get a time and a memory limit, as reading does), stored under a fresh random name,
and only then is its name written to the row. So a storage failure leaves the row as it
was, never pointing at a missing object.

Which documents get a PDF/A: a scan (JPEG, PNG, an image-only PDF) and a PDF that mixes
text pages with scanned ones (only the scanned pages get a text layer). A PDF with text
on every page gets none: it is already searchable, and a rewritten copy would add nothing
but a second file that is not the evidence. Every document gets a thumbnail.

The two files are made one after the other, each in its own child: the quick thumbnail
is stored even when the slow PDF/A runs out of time. This module holds the children's
work and knows nothing of Django (the child imports it without settings); which function
makes which kind, under which limits, is ``documents.kinds``; starting the children,
storing and recording is ``documents.tasks.make_derived_files``.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

from documents.extraction import ocr
from documents.extraction.runner import ExtractionError, Progress
from documents.formats import PDF, open_image, sniff_file

THUMBNAIL_QUALITY = 80
# The longer side of an A4 page in inches: an image that states no credible resolution
# is taken to be a full A4 page, so its PDF/A page has a sensible size.
A4_LONG_INCHES = 11.69


def thumbnail_in_process(
    source: str, target: str, width: int, max_pixels: int, progress: Progress | None = None
) -> dict[str, Any]:
    """Write the first page of ``source`` as a JPEG ``width`` pixels wide (every document
    gets one, so always ``"made"``)."""
    from PIL import Image, ImageOps

    path, out = Path(source), Path(target)
    if sniff_file(path) == PDF:
        if shutil.which("pdftoppm") is None:
            raise ExtractionError("pdftoppm (poppler-utils) tidak terpasang.")
        stem = out.with_suffix("")
        done = subprocess.run(
            ["pdftoppm", "-f", "1", "-l", "1", "-scale-to-x", str(width), "-scale-to-y", "-1"]
            + ["-jpeg", "-jpegopt", f"quality={THUMBNAIL_QUALITY}", "-singlefile"]
            + [str(path), str(stem)],
            capture_output=True,
            check=False,
        )
        made = stem.with_suffix(".jpg")
        if done.returncode != 0 or not made.exists():
            raise ExtractionError(f"Halaman pertama {path.name} tidak dapat digambar.")
        if made != out:
            made.rename(out)
    else:
        with open_image(path, max_pixels) as image:
            if image.format == "JPEG":  # decode at a fraction of the size: much less work
                image.draft("L" if image.mode == "L" else "RGB", (width, width))
            page = ImageOps.exif_transpose(image)  # a phone photo says which way is up
            if page.mode not in ("L", "RGB"):
                background = Image.new("RGB", page.size, "white")
                rgba = page.convert("RGBA")
                background.paste(rgba, mask=rgba.getchannel("A"))
                page = background
            height = max(1, round(page.height * width / page.width))
            page = page.resize((width, height), Image.Resampling.LANCZOS)
            page.save(out, "JPEG", quality=THUMBNAIL_QUALITY, optimize=True)
    with Image.open(out) as made_image:
        return {"made": True, "width": made_image.width, "height": made_image.height}


def _image_dpi(path: Path, max_pixels: int) -> int | None:
    """The resolution to tell OCRmyPDF for an image, or None when the image's own is
    credible (between 100 and 1200 dpi, and a page no longer than A3's 16.5 inches)."""
    with open_image(path, max_pixels) as image:
        long_side = max(image.size)
        dpi = image.info.get("dpi", (0, 0))[0] or 0
    if 100 <= dpi <= 1200 and long_side / dpi <= 16.6:
        return None
    return max(72, round(long_side / A4_LONG_INCHES))


def searchable_pdf_in_process(
    source: str, target: str, max_pixels: int, progress: Progress | None = None
) -> dict[str, Any]:
    """Write a PDF/A with a text layer to ``target`` if ``source`` needs one.

    Returns ``{"made": False}`` for a PDF with text on every page (see the module note).
    """
    # pdfplumber takes 0.2 s to import: only in the child that makes a PDF/A.
    from documents.extraction import pdf_text

    path = Path(source)
    keep_text_pages, image_dpi = False, None
    if sniff_file(path) == PDF:
        try:
            with_text = [text is not None for text in pdf_text.pdf_pages_text(path)]
        except Exception as exc:  # pdfminer's many exception types for broken files
            raise ExtractionError(f"PDF {path.name} rusak atau tidak dapat dibaca.") from exc
        if all(with_text):
            return {"made": False}
        keep_text_pages = any(with_text)
    else:
        image_dpi = _image_dpi(path, max_pixels)
    ocr.make_searchable_pdf(
        path,
        target,
        keep_text_pages=keep_text_pages,
        image_dpi=image_dpi,
        max_megapixels=max_pixels / 1_000_000,
    )
    return {"made": True}
