"""Every limit on what an upload may be and what reading a file may cost, in one place.

The upload check (``documents.services``: bytes), the probe that opens an upload
(``documents.validation``: time, memory, pixels), reading a letter
(``documents.extraction``: time, memory, pixels, OCR time per page) and making the derived
files (``documents.kinds``: time and memory per kind, pixels) all take their numbers from
here. The pixel limit is one number for all of them: an image the upload accepts is one
that reading and the derived files will open.

The limited child processes import modules that import this one, so it imports nothing of
Django at its top: a child gets its limits as arguments from the parent, which reads the
settings through ``Setting.current()``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Generic, TypeVar

Number = TypeVar("Number", int, float)


@dataclass(frozen=True)
class Setting(Generic[Number]):
    """A number with its default, which the Django setting named ``name`` overrides."""

    name: str
    default: Number

    def current(self) -> Number:
        """The value in force: the setting if the project sets it, else the default."""
        # Imported here rather than at the top: the children import this module and start
        # without Django (django.conf alone adds some 40 ms to every upload's probe).
        from django.conf import settings
        from django.core.exceptions import ImproperlyConfigured

        try:
            value = getattr(settings, self.name, self.default)
        except ImproperlyConfigured:  # a script without settings: the defaults
            value = self.default
        return type(self.default)(value)


MEGABYTE = 1024 * 1024
GIGABYTE = 1024 * MEGABYTE

# Upload. config/settings.py sets this one from the environment (the same 25 MB default).
UPLOAD_BYTES = Setting("LONTAR_MAX_UPLOAD_BYTES", 25 * MEGABYTE)

# Pixels above this are a decompression bomb, not a scanned page: an A4 page at 600 dpi is
# 35 megapixels. Below Pillow's own default (89.5 megapixels), which the upload once used
# while reading refused above 80: an 85-megapixel scan was accepted and never read.
IMAGE_PIXELS = Setting("LONTAR_MAX_IMAGE_PIXELS", 80_000_000)

# Opening an upload to see that it opens at all, while the clerk waits.
PROBE_SECONDS = Setting("LONTAR_VALIDATION_TIMEOUT", 20.0)
PROBE_MEMORY_BYTES = Setting("LONTAR_VALIDATION_MEMORY_BYTES", GIGABYTE)

# Reading a letter (text and fields) in the background or with ``manage.py extract_letter``.
# From the environment, not the settings: the command and the worker read them alike.
READ_SECONDS = float(os.environ.get("LONTAR_EXTRACTION_TIME_LIMIT", 300))
READ_MEMORY_BYTES = int(os.environ.get("LONTAR_EXTRACTION_MEMORY_MB", 2048)) * MEGABYTE
# One page must not hang a worker: Tesseract on a 300 dpi A4 page takes a few seconds.
OCR_PAGE_SECONDS = 120

# The derived files (documents.kinds), each in its own child.
THUMBNAIL_SECONDS = Setting("LONTAR_THUMBNAIL_TIME_LIMIT", 60.0)
THUMBNAIL_MEMORY_BYTES = Setting("LONTAR_THUMBNAIL_MEMORY_BYTES", GIGABYTE)
# OCRmyPDF reads every scanned page again and writes the PDF/A: about 3 s a page on one
# core, so a 20-page scan takes about a minute.
PDFA_SECONDS = Setting("LONTAR_PDFA_TIME_LIMIT", 900.0)
PDFA_MEMORY_BYTES = Setting("LONTAR_PDFA_MEMORY_BYTES", 2 * GIGABYTE)
