"""Can this file be opened at all? Checked in a child process with a time and memory limit.

A letter is evidence, but a file nobody can open proves nothing: a PDF that needs a
password, a PDF whose structure is broken, or an image that would take gigabytes to
decode is refused at registration, while the clerk still holds the paper and can scan it
again. A PDF that is encrypted only to carry permissions or a signature (it opens with
the empty user password, as every reader does) is accepted and kept byte-identical,
because rewriting it would break the signature.

The parsers (pdfminer through pdfplumber, Pillow) run in a child process under a time and
memory limit (``documents.extraction.runner.run_limited``, the same runner that reads
letters and makes derived files), so that a file that makes them loop or allocate without
end costs a killed child, never the web worker. This module's top level imports nothing
from Django models, so the child starts quickly and needs no settings.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from documents import formats
from documents.extraction.runner import run_limited


@dataclass(frozen=True)
class Probe:
    """What the child found: ``ok`` with a page count, or a problem code."""

    ok: bool
    page_count: int | None = None
    problem: str = ""  # encrypted, malformed, no_pages, bomb, broken_image, timeout, crashed
    detail: str = ""


# --------------------------------------------------------------------------------------
# In the child
# --------------------------------------------------------------------------------------


def _probe_pdf(path: str) -> dict[str, Any]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        # password "" is what every reader tries first: a permissions-only or signed PDF
        # opens with it, a PDF that needs a password to open does not.
        with pdfplumber.open(path, password="") as pdf:
            pages = len(pdf.pages)
            if pages == 0:
                return {"problem": "no_pages"}
            # Reading the first page's content proves the file can be shown, and is
            # where a hostile content stream makes a parser loop.
            pdf.pages[0].chars  # noqa: B018
    except Exception as exc:  # noqa: BLE001 - any parser failure means "cannot be opened"
        # pdfplumber wraps pdfminer's exception; the cause says what really happened.
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        cause = exc.__cause__ or cause
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            return {"problem": "encrypted", "detail": type(cause).__name__}
        return {"problem": "malformed", "detail": f"{type(cause).__name__}: {cause}"[:300]}
    return {"page_count": pages}


def _probe_image(path: str, max_pixels: int) -> dict[str, Any]:
    try:
        with formats.open_image(Path(path), max_pixels) as image:
            frames = getattr(image, "n_frames", 1)
            image.load()  # the decompression itself, under the child's memory limit
    except formats.ImageTooLarge as exc:
        return {"problem": "bomb", "detail": str(exc)[:300]}
    except MemoryError:
        return {"problem": "bomb", "detail": "MemoryError"}
    except Exception as exc:  # noqa: BLE001 - ImageBroken, or a decoder failing on load
        return {"problem": "broken_image", "detail": f"{type(exc).__name__}: {exc}"[:300]}
    return {"page_count": frames}


def probe_in_child(
    content_type: str, path: str, max_pixels: int, progress: Any = None
) -> dict[str, Any]:
    """The child's work: open the file as the parsers will later."""
    if content_type == formats.PDF:
        return _probe_pdf(path)
    return _probe_image(path, max_pixels)


# --------------------------------------------------------------------------------------
# In the parent
# --------------------------------------------------------------------------------------


def probe_file(
    path: str | os.PathLike[str],
    content_type: str,
    *,
    timeout: float,
    memory_bytes: int,
    max_pixels: int,
) -> Probe:
    """Open ``path`` in a child process under these limits (``documents.limits``); never
    raises for a bad file."""
    outcome = run_limited(
        "documents.validation:probe_in_child",
        content_type,
        os.fspath(path),
        max_pixels,
        time_limit=timeout,
        memory_limit=memory_bytes,
    )
    if outcome.problem == "timeout":
        return Probe(ok=False, problem="timeout", detail=f"{timeout:g} s")
    if outcome.problem == "memory":
        # The parser asked for more memory than any letter needs.
        problem = "malformed" if content_type == formats.PDF else "bomb"
        return Probe(ok=False, problem=problem, detail="MemoryError")
    if outcome.problem:  # died without a word, or an unexpected exception
        return Probe(ok=False, problem="crashed", detail=f"{outcome.problem} {outcome.detail}")
    result = outcome.value or {}
    if "problem" in result:
        return Probe(ok=False, problem=result["problem"], detail=result.get("detail", ""))
    return Probe(ok=True, page_count=result.get("page_count"))


def probe_upload(
    upload: Any, content_type: str, *, timeout: float, memory_bytes: int, max_pixels: int
) -> Probe:
    """Probe an uploaded file, writing it to a temporary file if it lives in memory."""
    limits = {"timeout": timeout, "memory_bytes": memory_bytes, "max_pixels": max_pixels}
    temporary_path = getattr(upload, "temporary_file_path", None)
    if callable(temporary_path):
        return probe_file(temporary_path(), content_type, **limits)
    upload.seek(0)
    with tempfile.NamedTemporaryFile(prefix="lontar-probe-", suffix=".bin") as handle:
        for chunk in iter(lambda: upload.read(1024 * 1024), b""):
            handle.write(chunk)
        handle.flush()
        upload.seek(0)
        return probe_file(handle.name, content_type, **limits)
