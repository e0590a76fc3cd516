"""What a file is, told from its first bytes, and opening an image within the pixel limit.

The one sniffer: the upload check (``documents.services``), the probe that opens an upload
(``documents.validation``), reading (``documents.extraction.runner``) and the derived
files (``documents.derived``) all ask here, so they can never disagree on what counts as
a PDF, a JPEG or a PNG. The name a file arrives with is never trusted.

The limited child processes import this module, so it imports nothing of Django.
Messages are in Bahasa Indonesia: they end up in front of the clerk.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Pillow is imported where an image is opened: the PDF-only child skips it
    from PIL.Image import Image

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"

# Enough bytes to tell the formats apart; the PDF header may sit a little way in.
HEAD_BYTES = 2048
# A PDF may carry a little junk before its header; readers accept it within 1 KiB.
_PDF_HEADER, _PDF_HEADER_WITHIN = b"%PDF-", 1024
_IMAGE_SIGNATURES: list[tuple[bytes, str]] = [
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
]


class UnreadableFile(Exception):
    """A file the readers will not open; ``str()`` is the message for the clerk.

    The limited runner reports it as "refused" with that message."""


class NotAScan(UnreadableFile):
    def __init__(self, name: str) -> None:
        super().__init__(f"Berkas {name} bukan PDF, JPEG atau PNG.")


class ImageTooLarge(UnreadableFile):
    """More pixels than the limit: a decompression bomb, not a scanned page."""

    def __init__(self, name: str, max_pixels: int) -> None:
        super().__init__(
            f"Gambar {name} terlalu besar untuk dibuka "
            f"(lebih dari {max_pixels / 1_000_000:.0f} megapiksel)."
        )


class ImageBroken(UnreadableFile):
    def __init__(self, name: str) -> None:
        super().__init__(f"Gambar {name} rusak atau tidak dapat dibuka.")


def sniff(head: bytes) -> str | None:
    """The content type of a file starting with ``head`` (PDF, JPEG or PNG), else None."""
    if _PDF_HEADER in head[:_PDF_HEADER_WITHIN]:
        return PDF
    for signature, content_type in _IMAGE_SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def sniff_file(path: Path) -> str:
    """The content type of the file at ``path``; raises NotAScan for anything else."""
    with path.open("rb") as handle:
        content_type = sniff(handle.read(HEAD_BYTES))
    if content_type is None:
        raise NotAScan(path.name)
    return content_type


def open_image(path: Path, max_pixels: int) -> Image:
    """Open an image (only its header is read) with ``max_pixels`` as a hard limit.

    Raises ImageTooLarge above the limit and ImageBroken for what Pillow cannot open.
    The caller closes the image (``with open_image(...) as image``); decoding it is the
    caller's work, under the child's memory limit.
    """
    from PIL import Image as PILImage

    PILImage.MAX_IMAGE_PIXELS = max_pixels
    with warnings.catch_warnings():
        # Pillow only warns between 1x and 2x its limit; here the limit is the limit.
        warnings.simplefilter("error", PILImage.DecompressionBombWarning)
        try:
            image = PILImage.open(path)
        except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning) as exc:
            raise ImageTooLarge(path.name, max_pixels) from exc
        except Exception as exc:  # Pillow's many exception types for a broken file
            raise ImageBroken(path.name) from exc
    width, height = image.size
    if width * height > max_pixels:
        image.close()
        raise ImageTooLarge(path.name, max_pixels)
    return image
