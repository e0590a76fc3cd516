"""Storing uploaded originals: sniff, check, hash, write once."""

import hashlib
import itertools
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from documents.models import Document, DocumentAccess

# Magic numbers of the formats a mailroom scans to; the name is never trusted.
_SIGNATURES: list[tuple[bytes, str]] = [
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
]


def sniff_content_type(head: bytes) -> str | None:
    # A PDF may carry a little junk before its header; readers accept it within 1 KiB.
    if b"%PDF-" in head[:1024]:
        return "application/pdf"
    for signature, content_type in _SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def _read_checked(upload: IO[bytes], name: str) -> tuple[str, str, int]:
    """Return (content type, sha256, size) or raise ValidationError with a clear message."""
    limit = settings.LONTAR_MAX_UPLOAD_BYTES
    upload.seek(0)
    head = upload.read(2048)
    if not head:
        raise ValidationError(_("Berkas %(name)s kosong.") % {"name": name}, code="empty")
    content_type = sniff_content_type(head)
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


def document_validate(*, upload: Any) -> None:
    """Check an upload without storing it (used by forms to report every bad file)."""
    _read_checked(upload, getattr(upload, "name", "berkas"))


@transaction.atomic
def document_store(*, upload: Any, uploaded_by: Any) -> Document:
    """Store an uploaded original under a fresh name; it is never overwritten."""
    name = getattr(upload, "name", "berkas")
    content_type, sha256, size = _read_checked(upload, name)
    document = Document(
        original_name=name[:255],
        content_type=content_type,
        size=size,
        sha256=sha256,
        uploaded_by=uploaded_by,
    )
    # The storage picks a free name, so an existing object is never replaced.
    document.file.save(name, File(upload, name=name), save=False)
    document.save()
    return document


def document_log_access(*, document: Document, user: Any) -> DocumentAccess:
    return DocumentAccess.objects.create(document=document, user=user)
