"""Background work on stored documents."""

import logging
import os
import shutil
import tempfile
from pathlib import Path

from django.db import transaction
from django_tasks import task

from documents import hooks
from documents.models import Document

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
    if result.error:
        _save(document_id, extraction_status=Failed, extraction_error=result.error)
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
    return "done"


def document_queue_extraction(document_id: int) -> None:
    """Queue the reading of a document; called on commit, so it can never fail the upload."""
    if os.environ.get("LONTAR_EXTRACTION_DISABLED"):
        return
    try:
        extract_document_text.enqueue(document_id)
    except Exception:
        logger.exception("could not queue reading of document %s", document_id)
