"""Background work on stored documents."""

import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _
from django_tasks import task

from documents import hooks, limits
from documents.extraction.runner import Outcome, read_letter, run_limited
from documents.kinds import KINDS, DerivedKind
from documents.models import Document
from documents.storage import storage_errors

logger = logging.getLogger(__name__)


def _save(document_id: int, **values: object) -> None:
    Document.objects.filter(pk=document_id).update(**values)


def _local_copy(document: Document, folder: Path) -> Path:
    """Copy the original into ``folder`` for a child process: it may sit in S3."""
    local = folder / ("original" + Path(document.original_name).suffix[:8])
    with document.file.open("rb") as source, local.open("wb") as target:
        shutil.copyfileobj(source, target, 1024 * 1024)
    return local


@task()
def extract_document_text(document_id: int) -> str:
    """Read a stored document (text, page count, proposed letter fields).

    Idempotent: a document already read is left alone, a failed one is read again. It
    never raises: whatever goes wrong is written to ``extraction_error`` for the clerk,
    and the form simply stays as the clerk typed it.
    """
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
        with tempfile.TemporaryDirectory(prefix="lontar-read-") as folder:
            result = read_letter(
                _local_copy(document, Path(folder)),
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


# Derived files: a searchable PDF/A for scans, a first-page thumbnail. Which function makes
# each, under which limits, is its row in documents/kinds.py; the children's work is
# documents/derived.py.


def _make_derived(kind: DerivedKind, local: Path, folder: Path) -> Outcome:
    """Make the ``kind`` file of ``local`` in ``folder``, in a limited child. ``.value`` is
    the file made, or None when the document needs none (a PDF/A of a text PDF)."""
    target = folder / kind.work_name
    options = [option.current() for option in kind.maker_options]
    outcome = run_limited(
        kind.maker,
        str(local),
        str(target),
        *options,
        limits.IMAGE_PIXELS.current(),
        time_limit=kind.time_limit.current(),
        memory_limit=kind.memory_limit.current(),
    )
    if outcome.ok:
        outcome.value = target if outcome.value["made"] else None
    return outcome


def _derived_failure(kind: DerivedKind, reason: str) -> str:
    return _(kind.failure) % {"reason": reason}


def _derived_reason(problem: str, detail: str) -> str:
    if problem == "timeout":
        return _("melebihi batas waktu %(seconds)s detik") % {"seconds": detail}
    if problem == "memory":
        return _("membutuhkan memori melebihi batas")
    if problem == "died":
        return _("prosesnya berhenti (kode %(code)s)") % {"code": detail}
    return detail  # "refused": already a message; "crashed": the exception, for the admin


def _store_derived(document: Document, kind: DerivedKind, made: Path | None) -> None:
    """Store ``made`` (None: no file of this kind is needed) under a fresh name, then point
    the row at it. The object is written first, so the row never names a missing one; a
    file it replaces is deleted only once the row no longer names it."""
    field_file = getattr(document, kind.field)
    previous = field_file.name or ""
    if made is not None:
        with made.open("rb") as handle:
            field_file.save(kind.storage_name(document), File(handle), save=False)
    else:
        field_file.name = ""
    try:
        Document.objects.filter(pk=document.pk).update(**{kind.field: field_file.name or ""})
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
        # In the table's order: the quick thumbnail first, kept if the PDF/A runs out of time.
        kinds = [kind for kind in KINDS.values() if remake or kind.stored(document) is None]
        with tempfile.TemporaryDirectory(prefix="lontar-derive-") as folder:
            local = _local_copy(document, Path(folder))
            for kind in kinds:
                outcome = _make_derived(kind, local, Path(folder))
                if not outcome.ok:
                    logger.info("%s of document %s: %s", kind.name, document_id, outcome)
                    reason = _derived_reason(outcome.problem, outcome.detail)
                    problems.append(_derived_failure(kind, reason))
                    continue
                try:
                    _store_derived(document, kind, outcome.value)
                except storage_errors() as exc:
                    logger.exception("storing the %s of document %s failed", kind.name, document_id)
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
