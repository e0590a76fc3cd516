"""A letter's dossier for the auditor: its fields, every file with its size and SHA-256
(originals as stored at upload, derived files hashed as they are now), the full history,
and the audit log's rows about the letter, its files and its tasks."""

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied

from audit.models import AuditEntry
from audit.selectors import audit_entries_for, audit_log_readable
from documents.kinds import KINDS
from documents.models import Document
from documents.storage import storage_errors
from workflows.models import Letter, LetterEvent
from workflows.services import letter_label


@dataclass
class StoredFile:
    kind: str  # "original" or a derived kind's name
    name: str
    size: int | None
    sha256: str
    matches: bool | None = None  # an original re-hashed now: same as at upload?


@dataclass
class DossierDocument:
    document: Document
    files: list[StoredFile] = field(default_factory=list)


@dataclass
class Dossier:
    letter: Letter
    label: str
    documents: list[DossierDocument]
    events: list[LetterEvent]
    entries: list[AuditEntry]

    @property
    def accesses(self) -> list[AuditEntry]:
        return [e for e in self.entries if e.action == "document.open"]


def _digest(field_file: Any) -> tuple[int | None, str]:
    """Size and SHA-256 of a stored file, streamed; (None, "") when storage is down."""
    digest, size = hashlib.sha256(), 0
    try:
        with field_file.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
                size += len(chunk)
    except (OSError, *storage_errors()):
        return None, ""
    return size, digest.hexdigest()


def letter_dossier(*, user: Any, pk: int, rehash: bool = False) -> Dossier:
    """PermissionDenied unless the user reads the audit log (auditor, administrator).
    ``rehash`` reads each original again and compares it with its stored checksum."""
    if not audit_log_readable(user=user):
        raise PermissionDenied
    letter = Letter.objects.select_related("leader").get(pk=pk)
    documents = list(letter.documents.order_by("uploaded_at", "pk"))
    dossier_documents = []
    for document in documents:
        original = StoredFile("original", document.original_name, document.size, document.sha256)
        if rehash:
            size, sha256 = _digest(document.file)
            original.matches = sha256 == document.sha256 and size == document.size
        files = [original]
        for kind in KINDS.values():
            stored = kind.stored(document)
            if stored is not None:
                size, sha256 = _digest(stored)
                files.append(StoredFile(kind.name, kind.download_name(document), size, sha256))
        dossier_documents.append(DossierDocument(document, files))
    label = letter_label(letter)
    events = list(letter.events.select_related("actor", "on_behalf_of").order_by("at", "pk"))
    entries = list(audit_entries_for(user=user, objects=[letter, *documents], scope=label))
    return Dossier(letter, label, dossier_documents, events, entries)
