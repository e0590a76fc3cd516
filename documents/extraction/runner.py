"""Work on a file in a child process with a time limit and a memory limit.

A malformed PDF can make a parser loop or eat all memory; neither may take the worker
with it. ``run_limited`` has the child forked by this process's warm fork server
(``documents.extraction.forkserver``: the readers imported once, not once per file); the
child leads its own process group (so Tesseract, Poppler and OCRmyPDF's helpers below it
die with it) and sets RLIMIT_AS on itself before touching the file. The caller waits at
most ``time_limit`` seconds, passing on progress messages, then kills the whole group.
``read_letter`` (text and fields), ``documents.tasks`` (the PDF/A and the thumbnail, made
by ``documents.derived``) and ``documents.validation`` (can an upload be opened at all) use
it, each with its limits from ``documents.limits``.

Messages are in Bahasa Indonesia: they end up in front of the clerk.
"""

import os
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from documents.extraction import forkserver, ocr
from documents.extraction.fields import parse_letter
from documents.formats import PDF, UnreadableFile, open_image, sniff_file
from documents.limits import IMAGE_PIXELS, READ_MEMORY_BYTES, READ_SECONDS

DEFAULT_TARGET = "documents.extraction.runner:read_in_process"

Progress = Callable[[int], None]

# How long a fork server may take to start and fork the job's child.
SERVER_START_SECONDS = 60.0


class ExtractionError(UnreadableFile):
    """The reader refuses the file; the message is for the clerk."""


@dataclass
class ReadResult:
    text: str = ""
    page_count: int | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    ocr: bool = False
    error: str | None = None


def read_in_process(
    path: str, max_pixels: int = IMAGE_PIXELS.default, progress: Progress | None = None
) -> dict[str, Any]:
    """Text, page count and fields of one file, in this process (the child's work).

    ``max_pixels``: the limit the upload applied (``read_letter`` passes the one in force),
    so an image that was accepted is one that is read."""
    report = _Monotonic(progress or (lambda percent: None))
    source = Path(path)
    if not source.exists():
        raise ExtractionError(f"Berkas {source.name} tidak ditemukan.")
    if source.stat().st_size == 0:
        raise ExtractionError(f"Berkas {source.name} kosong.")
    if sniff_file(source) == PDF:
        pages, used_ocr = _read_pdf(source, report)
    else:
        open_image(source, max_pixels).close()  # Tesseract reads the file itself
        pages, used_ocr = [ocr.read_image(source)], True
    report(90)
    text = "\n\f".join(page.text for page in pages)
    words = [page.words for page in pages]  # Tesseract's confidences: a misread is unsure
    fields = parse_letter(text, ocr=used_ocr, words=words).as_dict()
    report(100)
    return {"text": text, "page_count": len(pages), "fields": fields, "ocr": used_ocr}


# An image-only page costs about as much as this many text pages (progress weights).
OCR_PAGE_WEIGHT = 20


class _Monotonic:
    """Progress that never goes back (the estimate grows as scanned pages turn up)."""

    def __init__(self, report: Progress) -> None:
        self.report, self.last = report, -1

    def __call__(self, percent: int) -> None:
        if percent > self.last:
            self.last = percent
            self.report(percent)


def _read_pdf(source: Path, report: Progress) -> tuple[list[ocr.Page], bool]:
    """Each page's text: pdfplumber for text pages, then every image-only page through
    Tesseract in one pass (``ocr.ocr_pdf_pages``: one model load, not one per page)."""
    # pdfplumber takes 0.2 s to import: only where a PDF is read, not in every child.
    from documents.extraction import pdf_text

    try:
        count = [1]
        texts: list[str | None] = []
        scanned = 0
        pages = pdf_text.pdf_pages_text(source, counted=lambda n: count.__setitem__(0, n))
        for number, text in enumerate(pages, start=1):
            texts.append(text)
            scanned += text is None
            report(int(90 * number / (max(count[0], 1) + OCR_PAGE_WEIGHT * scanned)))
    except Exception as exc:  # pdfminer's many exception types for broken files
        if "password" in repr(exc).lower() or "encrypt" in repr(exc).lower():
            raise ExtractionError(f"PDF {source.name} terkunci kata sandi.") from exc
        raise ExtractionError(f"PDF {source.name} rusak atau tidak dapat dibaca.") from exc
    missing = [number for number, text in enumerate(texts, start=1) if text is None]
    if not missing:
        return [ocr.Page(text or "") for text in texts], False
    total = len(texts) + OCR_PAGE_WEIGHT * len(missing)

    def started(done: int) -> None:  # Tesseract begins the next page; ``done`` are read
        report(int(90 * (len(texts) + OCR_PAGE_WEIGHT * done) / total))

    read = ocr.read_pdf_pages(source, missing, started=started)
    pages = [read[n] if text is None else ocr.Page(text) for n, text in enumerate(texts, 1)]
    return pages, True


@dataclass
class Outcome:
    """What came back from the child: ``value`` when ``problem`` is empty.

    ``problem`` is ``timeout`` (killed at the time limit), ``died`` (ended without a word:
    the memory limit hit outside Python, a crash; ``detail`` is the exit code), ``memory``
    (MemoryError), ``refused`` (an UnreadableFile, ``detail`` is its message for the
    clerk) or ``crashed`` (any other exception, ``detail`` names it).
    """

    value: Any = None
    problem: str = ""
    detail: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem


def run_limited(
    target: str,
    *args: Any,
    time_limit: float = READ_SECONDS,
    memory_limit: int = READ_MEMORY_BYTES,
    progress: Progress | None = None,
) -> Outcome:
    """Call ``target`` ("module:function") as ``function(*args, progress)`` in a child
    process under the limits (forked by this process's warm fork server,
    ``documents.extraction.forkserver``). The arguments and the result must pickle.
    Never raises for what the child does; safe to call from several threads at once."""
    # The clock starts when the child does: a fork server being (re)started, which takes
    # a second on a busy machine, does not count against the job's limit.
    deadline = time.monotonic() + SERVER_START_SECONDS + time_limit
    try:
        connection = forkserver.open_job()
    except forkserver.ServerGone as exc:
        return Outcome(problem="died", detail=f"server: {exc}")
    pid = 0
    outcome: tuple[str, Any] | None = None
    exit_code: int | None = None
    try:
        while outcome is None and exit_code is None:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not connection.poll(remaining):
                break
            try:
                kind, payload = connection.recv()
            except (EOFError, OSError):
                break  # the server died with the child
            if kind == "pid":
                pid, deadline = payload, time.monotonic() + time_limit
                connection.send((target, args, memory_limit))
            elif kind == "progress":
                if progress is not None:
                    progress(int(payload))
            elif kind == "exit":
                exit_code = payload  # ended without a word: a limit hit outside Python
            else:
                outcome = (kind, payload)
    finally:
        if outcome is None and pid:
            _kill_group(pid)  # over the time limit (or gone): the server reaps it
        connection.close()
    if outcome is None:
        if exit_code is None and time.monotonic() >= deadline:
            if not pid:
                return Outcome(problem="died", detail="server did not start")
            return Outcome(problem="timeout", detail=f"{time_limit:g}")
        return Outcome(problem="died", detail=str(exit_code))
    kind, payload = outcome
    if kind == "ok":
        return Outcome(value=payload)
    return Outcome(problem=kind, detail=payload)


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def read_letter(
    path: str | Path,
    *,
    time_limit: float = READ_SECONDS,
    memory_limit: int = READ_MEMORY_BYTES,
    max_pixels: int | None = None,
    progress: Progress | None = None,
    target: str = DEFAULT_TARGET,
) -> ReadResult:
    """Read ``path`` in a child process. Never raises for a bad file: see ``.error``.

    ``max_pixels`` None: the limit in force (``LONTAR_MAX_IMAGE_PIXELS``), the upload's."""
    if max_pixels is None:
        max_pixels = IMAGE_PIXELS.current()
    outcome = run_limited(
        target,
        str(path),
        max_pixels,
        time_limit=time_limit,
        memory_limit=memory_limit,
        progress=progress,
    )
    if not outcome.ok:
        return ReadResult(error=_read_error(outcome))
    payload = outcome.value
    return ReadResult(
        text=payload["text"],
        page_count=payload["page_count"],
        fields=payload["fields"],
        ocr=payload["ocr"],
    )


def _read_error(outcome: Outcome) -> str:
    if outcome.problem == "timeout":
        return f"Pembacaan dihentikan: melebihi batas waktu {outcome.detail} detik."
    if outcome.problem == "died":
        return f"Pembacaan gagal: proses pembaca berhenti (kode {outcome.detail})."
    if outcome.problem == "memory":
        return "Berkas membutuhkan memori melebihi batas; tidak dibaca."
    if outcome.problem == "refused":
        return outcome.detail
    return f"Berkas tidak dapat dibaca: {outcome.detail}"
