"""Writing BagIt bags (RFC 8493) with the ``bagit`` library: files copied byte for byte
from storage into a folder, then bagged with a SHA-256 manifest and tag manifest."""

import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import bagit

from documents.kinds import KINDS
from documents.models import Document
from organization.models import Region

CHUNK = 1024 * 1024


def safe_name(name: str) -> str:
    """A file name that is the same on every file system (the bag's manifest names it)."""
    cleaned = re.sub(r"[^\w.\-]+", "_", name.rsplit("/", 1)[-1]).strip("._")
    return cleaned[-120:] or "berkas"


def copy_stored(field_file: Any, target: Path) -> int:
    """Copy a stored object to ``target`` unchanged; returns its size."""
    target.parent.mkdir(parents=True, exist_ok=True)
    size = 0
    with field_file.storage.open(field_file.name, "rb") as source, target.open("wb") as out:
        for chunk in iter(lambda: source.read(CHUNK), b""):
            out.write(chunk)
            size += len(chunk)
    return size


def copy_document_files(document: Document, folder: Path, *, prefix: str = "") -> list[str]:
    """The original (unless disposed of) and its derived files under ``folder``:
    ``originals/`` and ``derived/``; returns the paths written, relative to ``folder``."""
    written = []
    if document.disposed_at is None and document.file.name:
        relative = f"{prefix}originals/{document.pk}-{safe_name(document.original_name)}"
        copy_stored(document.file, folder / relative)
        written.append(relative)
    for kind in KINDS.values():
        stored = kind.stored(document)
        if stored is not None:
            relative = f"{prefix}derived/{document.pk}-{safe_name(kind.download_name(document))}"
            copy_stored(stored, folder / relative)
            written.append(relative)
    return written


def make_bag(folder: Path, *, identifiers: list[str], description: str) -> bagit.Bag:
    """Bag ``folder`` in place (its files move to ``data/``): SHA-256 manifests, and
    bag-info.txt with the region as Source-Organization; bagit adds Bagging-Date,
    Payload-Oxum and Bag-Software-Agent."""
    info = {
        "Source-Organization": Region.current().name,
        "External-Identifier": identifiers,
        "External-Description": description,
    }
    return bagit.make_bag(str(folder), bag_info=info, checksums=["sha256"], processes=1)


@contextmanager
def zipped(folder: Path) -> Iterator[Path]:
    """``folder`` as a zip file (its top folder kept), removed when done."""
    with tempfile.TemporaryDirectory(prefix="lontar-zip-") as work:
        archive = shutil.make_archive(
            str(Path(work) / folder.name), "zip", root_dir=folder.parent, base_dir=folder.name
        )
        yield Path(archive)
