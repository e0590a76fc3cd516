"""Storing uploaded originals: sniff, check, hash, write once."""

import hashlib
import itertools
import logging
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from documents import formats, limits, validation
from documents.kinds import fresh_storage_name
from documents.models import Document, DocumentAccess
from documents.storage import storage_errors
from documents.tasks import document_queue_extraction

logger = logging.getLogger(__name__)


def _read_checked(upload: IO[bytes], name: str) -> tuple[str, str, int]:
    """Return (content type, sha256, size) or raise ValidationError with a clear message."""
    limit = limits.UPLOAD_BYTES.current()
    upload.seek(0)
    head = upload.read(formats.HEAD_BYTES)
    if not head:
        raise ValidationError(_("Berkas %(name)s kosong.") % {"name": name}, code="empty")
    content_type = formats.sniff(head)
    if content_type is None:
        raise ValidationError(
            _("Berkas %(name)s bukan PDF, JPEG atau PNG. Unggah hasil pindaian surat.")
            % {"name": name},
            code="type",
        )
    digest = hashlib.sha256()
    size = 0
    # The head counts too: a limit under 2 KiB must not let a small file through.
    for chunk in itertools.chain([head], iter(lambda: upload.read(1024 * 1024), b"")):
        size += len(chunk)
        if size > limit:
            raise ValidationError(
                # filesizeformat: "25,0 MB", and "1,5 MB" rather than a rounded-down "1 MB"
                _("Berkas %(name)s melebihi batas %(limit)s.")
                % {"name": name, "limit": filesizeformat(limit)},
                code="size",
            )
        digest.update(chunk)
    upload.seek(0)
    return content_type, digest.hexdigest(), size


@dataclass(frozen=True)
class Inspection:
    content_type: str
    sha256: str
    size: int
    page_count: int | None


# Why a file the parser cannot open is refused, message by message (see validation.py).
_PROBLEMS = {
    "encrypted": _(
        "Berkas %(name)s dikunci dengan kata sandi sehingga tidak dapat dibuka. "
        "Unggah salinan tanpa kata sandi atau pindai ulang suratnya."
    ),
    "malformed": _(
        "Berkas %(name)s rusak dan tidak dapat dibuka sebagai PDF. Pindai ulang suratnya."
    ),
    "no_pages": _("Berkas %(name)s tidak berisi halaman. Pindai ulang suratnya."),
    "timeout": _(
        "Berkas %(name)s tidak selesai dibaca dalam %(seconds)s detik; kemungkinan berkas "
        "rusak. Pindai ulang suratnya."
    ),
    "bomb": _(
        "Gambar %(name)s terlalu besar untuk dibuka (lebih dari %(megapixels)s megapiksel). "
        "Pindai ulang dengan resolusi 300 dpi."
    ),
    "broken_image": _("Gambar %(name)s rusak dan tidak dapat dibuka. Pindai ulang suratnya."),
    "crashed": _("Berkas %(name)s tidak dapat dibuka. Pindai ulang suratnya."),
}


def _inspect(upload: Any, name: str) -> Inspection:
    """Check size, type and that the file opens; remembered on the upload object so the
    form and the service do not parse the same file twice."""
    cached = getattr(upload, "_lontar_inspection", None)
    if isinstance(cached, Inspection):
        return cached
    content_type, sha256, size = _read_checked(upload, name)
    timeout = limits.PROBE_SECONDS.current()
    max_pixels = limits.IMAGE_PIXELS.current()
    probe = validation.probe_upload(
        upload,
        content_type,
        timeout=timeout,
        max_pixels=max_pixels,
        memory_bytes=limits.PROBE_MEMORY_BYTES.current(),
    )
    if not probe.ok:
        logger.info("refused upload %r: %s %s", name, probe.problem, probe.detail)
        message = _PROBLEMS.get(probe.problem, _PROBLEMS["crashed"]) % {
            "name": name,
            "seconds": f"{timeout:g}",
            "megapixels": f"{max_pixels / 1_000_000:.0f}",
        }
        raise ValidationError(message, code=probe.problem)
    inspection = Inspection(content_type, sha256, size, probe.page_count)
    try:
        upload._lontar_inspection = inspection
    except AttributeError:  # an object that takes no attributes is simply checked again
        pass
    return inspection


def document_validate(*, upload: Any) -> None:
    """Check an upload without storing it (used by forms to report every bad file)."""
    _inspect(upload, getattr(upload, "name", "berkas"))


@transaction.atomic
def document_store(
    *, upload: Any, uploaded_by: Any, previous_version: Document | None = None
) -> Document:
    """Store an uploaded original under a fresh name; it is never overwritten.

    The object is written before the row is saved, inside the caller's transaction: if
    the storage fails, nothing is saved; if the database fails later, the transaction
    rolls back and at worst an unreferenced object is left, never a row without its file.
    """
    name = getattr(upload, "name", "berkas")
    inspection = _inspect(upload, name)
    document = Document(
        original_name=name[:255],
        content_type=inspection.content_type,
        size=inspection.size,
        sha256=inspection.sha256,
        page_count=inspection.page_count,
        uploaded_by=uploaded_by,
        previous_version=previous_version,
    )
    upload.seek(0)
    try:
        document.file.save(fresh_storage_name(name), File(upload, name=name), save=False)
    except storage_errors() as exc:
        logger.exception("storing %r failed", name)
        raise ValidationError(
            _(
                "Penyimpanan berkas sedang tidak dapat dihubungi; berkas %(name)s belum "
                "tersimpan dan surat belum dicatat. Coba lagi beberapa saat lagi."
            )
            % {"name": name},
            code="storage",
        ) from exc
    document.save()
    # Reading the letter runs in the background once the upload is committed.
    transaction.on_commit(lambda: document_queue_extraction(document.pk), robust=True)
    return document


@transaction.atomic
def document_log_access(
    *, document: Document, user: Any, kind: str = "", scope: str = ""
) -> DocumentAccess:
    """Who opened which file, when: the access row (for the document's own history) linked
    into the audit log, one row each. ``kind`` is a derived file's kind ("" = the
    original); ``scope`` the safe label of what the document belongs to (its letter)."""
    access = DocumentAccess.objects.create(document=document, user=user)
    audit_record(
        action="document.open",
        actor=user,
        obj=document,
        obj_label=f"Dokumen #{document.pk}",
        scope=scope,
        after={"access": access.pk, "file": kind or "original", "sha256": document.sha256},
    )
    return access


@transaction.atomic
def document_dispose(*, document: Document, reference: str) -> Document:
    """Destroy a stored original and its derived files under a recorded decision
    (``reference``): the objects are deleted from storage, the row stays with its name,
    size and checksum, marked disposed. Idempotent: a disposed document is left as it is.

    The objects are deleted after the row is marked, when the transaction commits: a
    rolled-back decision destroys nothing."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.disposed_at is not None:
        return document
    names = [
        (field.storage, field.name)
        for field in (document.thumbnail, document.searchable_pdf, document.file)
        if field.name
    ]
    document.disposed_at = timezone.now()
    document.disposed_reference = reference[:120]
    document.thumbnail = ""
    document.searchable_pdf = ""
    document.save(
        update_fields=["disposed_at", "disposed_reference", "thumbnail", "searchable_pdf"]
    )

    def delete_objects() -> None:
        for storage, name in names:
            storage.delete(name)
        logger.info("disposed document %s under %s", document.pk, reference)

    transaction.on_commit(delete_objects)
    return document


def document_discard(*, document: Document) -> None:
    """Delete an upload that nothing refers to (a scan staged for a registration form that
    was never sent) with its derived files. Only for such uploads: an original of a letter
    is never deleted. A storage error leaves the row, so a later sweep tries again."""
    for field in (document.thumbnail, document.searchable_pdf, document.file):
        if field.name:
            field.storage.delete(field.name)
    logger.info("discarded unreferenced upload %s (%s)", document.pk, document.original_name)
    document.delete()
