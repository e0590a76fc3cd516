"""Background work on stored documents."""

import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _
from django_tasks import task

from documents import hooks, limits
from documents.models import Document
from documents.services import DERIVED_FIELDS, derived_download_name, fresh_storage_name

logger = logging.getLogger(__name__)


def _save(document_id: int, **values: object) -> None:
    Document.objects.filter(pk=document_id).update(**values)


@task()
def extract_document_text(document_id: int) -> str:
    """Read a stored document (text, page count, proposed letter fields).

    Idempotent: a document already read is left alone, a failed one is read again. It
    never raises: whatever goes wrong is written to ``extraction_error`` for the clerk,
    and the form simply stays as the clerk typed it.
    """
    from documents.extraction.runner import read_letter

    Done, Failed = Document.Extraction.DONE, Document.Extraction.FAILED
    try:
        with transaction.atomic():
            document = Document.objects.select_for_update().filter(pk=document_id).first()
            if document is None:
                return "missing"
            if document.extraction_status == Done:
                return "done"
            document.extraction_status = Document.Extraction.RUNNING
            document.extraction_progress = 0
            document.extraction_error = ""
            document.save(
                update_fields=["extraction_status", "extraction_progress", "extraction_error"]
            )
        # The child process reads a local copy: the original may sit in S3.
        with tempfile.TemporaryDirectory(prefix="lontar-read-") as folder:
            local = Path(folder) / ("original" + Path(document.original_name).suffix[:8])
            with document.file.open("rb") as source, local.open("wb") as target:
                shutil.copyfileobj(source, target, 1024 * 1024)
            result = read_letter(
                local,
                progress=lambda percent: _save(document_id, extraction_progress=min(percent, 99)),
            )
    except Exception as exc:  # the storage gone, the database gone: record, never raise
        logger.exception("reading document %s failed", document_id)
        try:
            _save(document_id, extraction_status=Failed, extraction_error=str(exc)[:2000])
        except Exception:
            logger.exception("could not record the failure of document %s", document_id)
        return "failed"
    # The derived files (slow: OCRmyPDF reads every scan again) come after the text is
    # saved, whether or not it could be read: the thumbnail may still be made.
    if result.error:
        _save(document_id, extraction_status=Failed, extraction_error=result.error)
        transaction.on_commit(lambda: document_queue_derived(document_id), robust=True)
        return "failed"
    _save(
        document_id,
        extraction_status=Done,
        extraction_progress=100,
        extraction_error="",
        text=result.text,
        page_count=result.page_count,
        extracted_fields=result.fields,
    )
    # The letter search indexes the text (documents/hooks.py); it runs after the commit.
    transaction.on_commit(lambda: hooks.text_extracted(document_id), robust=True)
    transaction.on_commit(lambda: document_queue_derived(document_id), robust=True)
    return "done"


def document_queue_extraction(document_id: int) -> None:
    """Queue the reading of a document; called on commit, so it can never fail the upload."""
    if os.environ.get("LONTAR_EXTRACTION_DISABLED"):
        return
    try:
        extract_document_text.enqueue(document_id)
    except Exception:
        logger.exception("could not queue reading of document %s", document_id)


# Derived files: a searchable PDF/A for scans, a first-page thumbnail (documents/derived.py)


def _derived_options(kind: str) -> dict[str, Any]:
    from documents import derived

    options: dict[str, Any] = {"max_pixels": limits.IMAGE_PIXELS.current()}
    if kind == "thumbnail":
        options["width"] = type(derived.THUMBNAIL_WIDTH)(
            getattr(settings, "LONTAR_THUMBNAIL_WIDTH", derived.THUMBNAIL_WIDTH)
        )
        options["time_limit"] = limits.THUMBNAIL_SECONDS.current()
        options["memory_limit"] = limits.THUMBNAIL_MEMORY_BYTES.current()
    else:
        options["time_limit"] = limits.PDFA_SECONDS.current()
        options["memory_limit"] = limits.PDFA_MEMORY_BYTES.current()
    return options


def _derived_failure(kind: str, reason: str) -> str:
    if kind == "thumbnail":
        message = _("Gambar kecil halaman pertama tidak dapat dibuat: %(reason)s")
    else:
        message = _("PDF/A yang dapat dicari tidak dapat dibuat: %(reason)s")
    return message % {"reason": reason}


def _derived_reason(problem: str, detail: str) -> str:
    if problem == "timeout":
        return _("melebihi batas waktu %(seconds)s detik") % {"seconds": detail}
    if problem == "memory":
        return _("membutuhkan memori melebihi batas")
    if problem == "died":
        return _("prosesnya berhenti (kode %(code)s)") % {"code": detail}
    return detail  # "refused": already a message; "crashed": the exception, for the admin


def _derived_name(document: Document, kind: str) -> str:
    """A fresh object name: the name the browser gets, behind a random prefix."""
    return fresh_storage_name(derived_download_name(document=document, kind=kind))


def _store_derived(document: Document, kind: str, made: Path | None) -> None:
    """Store ``made`` (None: no file of this kind is needed) under a fresh name, then point
    the row at it. The object is written first, so the row never names a missing one; a
    file it replaces is deleted only once the row no longer names it."""
    field_name = DERIVED_FIELDS[kind]
    field_file = getattr(document, field_name)
    previous = field_file.name or ""
    if made is not None:
        with made.open("rb") as handle:
            field_file.save(_derived_name(document, kind), File(handle), save=False)
    else:
        field_file.name = ""
    try:
        Document.objects.filter(pk=document.pk).update(**{field_name: field_file.name or ""})
    except Exception:
        if made is not None:  # the row still names the old file: drop the new object
            _delete_quietly(field_file.storage, field_file.name)
        raise
    if previous and previous != field_file.name:
        _delete_quietly(field_file.storage, previous)


def _delete_quietly(storage: Any, name: str) -> None:
    try:
        storage.delete(name)
    except Exception:
        logger.exception("could not delete derived file %s", name)


@task(priority=-10)
def make_derived_files(document_id: int, remake: bool = False) -> str:
    """Make a document's missing derived files: its thumbnail, and its PDF/A if a scan.

    Queued when the text extraction ends (``extract_document_text``), not on commit of the
    upload: the clerk waits for the text, nobody waits for the PDF/A, and OCRmyPDF reading
    the same scan at the same time as the extraction would halve the speed of both on a
    small machine. The lower priority also lets text extractions queued meanwhile run
    first on a busy worker. ``remake``: make both files again (``make_derived_files
    --all``), the previous objects deleted once replaced.

    Idempotent: a document whose files are done is left alone, a failed one is tried
    again for what is still missing. It never raises: each failure is written to
    ``derived_error`` (``derived_status`` failed) and the files that could be made are kept.
    """
    from documents import derived
    from documents.storage import storage_errors

    Derived = Document.Derived
    problems: list[str] = []
    try:
        with transaction.atomic():
            document = Document.objects.select_for_update().filter(pk=document_id).first()
            if document is None:
                return "missing"
            if document.derived_status == Derived.DONE and not remake:
                return "done"
            document.derived_status = Derived.RUNNING
            document.derived_error = ""
            document.save(update_fields=["derived_status", "derived_error"])
        # The quick thumbnail first: it is kept even if the PDF/A runs out of time.
        missing = [k for k in ("thumbnail", "pdfa") if not getattr(document, DERIVED_FIELDS[k])]
        kinds = ["thumbnail", "pdfa"] if remake else missing
        with tempfile.TemporaryDirectory(prefix="lontar-derive-") as folder:
            # The children work on a local copy: the original may sit in S3.
            local = Path(folder) / ("original" + Path(document.original_name).suffix[:8])
            with document.file.open("rb") as source, local.open("wb") as target:
                shutil.copyfileobj(source, target, 1024 * 1024)
            for kind in kinds:  # the quick thumbnail first
                outcome = derived.make_file(kind, local, Path(folder), **_derived_options(kind))
                if not outcome.ok:
                    logger.info("%s of document %s: %s", kind, document_id, outcome)
                    reason = _derived_reason(outcome.problem, outcome.detail)
                    problems.append(_derived_failure(kind, reason))
                    continue
                try:
                    _store_derived(document, kind, outcome.value)
                except storage_errors() as exc:
                    logger.exception("storing the %s of document %s failed", kind, document_id)
                    reason = _("penyimpanan berkas tidak dapat dihubungi (%(error)s)")
                    problems.append(_derived_failure(kind, reason % {"error": exc}))
    except Exception as exc:  # the storage gone, the database gone: record, never raise
        logger.exception("making the derived files of document %s failed", document_id)
        problems.append(str(exc)[:500] or type(exc).__name__)
    try:
        _save(
            document_id,
            derived_status=Derived.FAILED if problems else Derived.DONE,
            derived_error="\n".join(problems)[:2000],
        )
    except Exception:
        logger.exception("could not record the derived files of document %s", document_id)
        return "failed"
    return "failed" if problems else "done"


def document_queue_derived(document_id: int, *, remake: bool = False) -> None:
    """Queue the making of a document's derived files; never fails its caller."""
    if os.environ.get("LONTAR_DERIVED_DISABLED"):
        return
    try:
        make_derived_files.enqueue(document_id, remake)
    except Exception:
        logger.exception("could not queue derived files of document %s", document_id)
