"""The derived files, one row a kind, and the rule that names every stored object.

Serving a derived file, naming it, storing it and making it all look its kind up here
(``KINDS[name]``) instead of branching on "pdfa" or "thumbnail". A row says which
``Document`` field names the stored object, what the file is served as, whether opening
it counts as reading the letter, which function the limited child runs to make it
(``documents.derived``) and under which limits (``documents.limits``).

Names: every stored object, an original or a derived file, is saved under a fresh name
(``fresh_storage_name``) inside its field's ``upload_to`` directory (``originals/``,
``derived/``, ``thumbnails/``). The directory stays on the model field: the migrations
record it there, and ``verify_documents`` lists the storage by it.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

from django.db.models.fields.files import FieldFile

from documents import formats, limits
from documents.limits import Setting

if TYPE_CHECKING:  # the table is read without Django set up (benchmarks, children)
    from documents.models import Document


def gettext_noop(message: str) -> str:
    """Marks a message for makemessages, as Django's does, without needing settings."""
    return message


def fresh_storage_name(name: str) -> str:
    """A fresh object name: a random prefix, so no two uploads ever aim at the same key
    even where the storage would allow an overwrite; the clerk's name stays readable."""
    base = re.sub(r"[^\w.\-]+", "_", name.rsplit("/", 1)[-1]).strip("._") or "berkas"
    return f"{secrets.token_hex(6)}-{base[-120:]}"


@dataclass(frozen=True)
class DerivedKind:
    name: str  # in the file's URL and in its download name
    field: str  # the Document FileField naming the stored object ("" until it is made)
    content_type: str
    extension: str
    access_logged: bool  # opening it is logged like opening the original
    # "module:function" the limited child runs as function(source, target, *options,
    # max_pixels, progress); it returns {"made": False} when the document needs none.
    maker: str
    time_limit: Setting[float]
    memory_limit: Setting[int]
    # For the clerk when the file cannot be made; translated where it is used.
    failure: str
    maker_options: tuple[Setting[int], ...] = ()

    @property
    def work_name(self) -> str:
        """The file's name in the temporary folder it is made in."""
        return f"{self.name}{self.extension}"

    def download_name(self, document: Document) -> str:
        """A file name for the browser: the clerk's name with what the file is."""
        stem = document.original_name.rsplit(".", 1)[0] or "berkas"
        return f"{stem}-{self.name}{self.extension}"

    def storage_name(self, document: Document) -> str:
        """The name to store a newly made file under (the field adds its directory)."""
        return fresh_storage_name(self.download_name(document))

    def stored(self, document: Document) -> FieldFile | None:
        """The stored file, or None while it is not made (or, for a PDF/A, when the
        document needs none: a PDF with text on every page is itself searchable; serve
        the original instead). No storage request: a name is only ever written to the row
        after its object was stored."""
        field_file = getattr(document, self.field)
        return field_file if field_file else None


THUMBNAIL_WIDTH = Setting("LONTAR_THUMBNAIL_WIDTH", 300)  # px

THUMBNAIL = DerivedKind(
    name="thumbnail",
    field="thumbnail",
    content_type=formats.JPEG,
    extension=".jpg",
    # Lists show thumbnails to everyone who may see the letter: a log line per thumbnail
    # per list view would bury the openings that matter.
    access_logged=False,
    maker="documents.derived:thumbnail_in_process",
    maker_options=(THUMBNAIL_WIDTH,),
    time_limit=limits.THUMBNAIL_SECONDS,
    memory_limit=limits.THUMBNAIL_MEMORY_BYTES,
    failure=gettext_noop("Gambar kecil halaman pertama tidak dapat dibuat: %(reason)s"),
)

PDFA = DerivedKind(
    name="pdfa",
    field="searchable_pdf",
    content_type=formats.PDF,
    extension=".pdf",
    access_logged=True,
    maker="documents.derived:searchable_pdf_in_process",
    time_limit=limits.PDFA_SECONDS,
    memory_limit=limits.PDFA_MEMORY_BYTES,
    failure=gettext_noop("PDF/A yang dapat dicari tidak dapat dibuat: %(reason)s"),
)

# In the order they are made: the quick thumbnail first, so it is kept even when the
# PDF/A runs out of time.
KINDS: Mapping[str, DerivedKind] = MappingProxyType({kind.name: kind for kind in (THUMBNAIL, PDFA)})
