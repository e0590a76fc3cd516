"""Re-read every stored file: originals against the SHA-256 taken at upload, derived files
for existence; then list objects in the storage that no document refers to."""

import hashlib
import itertools
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from typing import Any

from django.core.files.storage import Storage
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models
from django.db.models import Q
from django.utils import timezone

from documents.models import Document
from documents.storage import iter_stored_names, storage_errors

# Orphans are confirmed against the database this many names at a time.
BATCH = 500


def _file_fields() -> list[models.FileField]:
    """The original first, then the derived files (searchable PDF, thumbnail, ...)."""
    fields = [f for f in Document._meta.get_fields() if isinstance(f, models.FileField)]
    return sorted(fields, key=lambda field: field.name != "file")


def _digest(storage: Storage, name: str) -> str | None:
    """The object's SHA-256, or None when it cannot be found."""
    try:
        if not storage.exists(name):
            return None
        digest = hashlib.sha256()
        with storage.open(name, "rb") as handle:
            for chunk in iter(lambda: handle.read(1024 * 1024), b""):
                digest.update(chunk)
    except FileNotFoundError:
        return None
    return digest.hexdigest()


def _prefixes(fields: Iterable[models.FileField]) -> dict[str, Storage]:
    """The top directory of every FileField (``originals``, ``derived``, ``thumbnails``),
    with the storage it is written to."""
    return {
        field.upload_to.split("/")[0]: field.storage
        for field in fields
        if isinstance(field.upload_to, str) and field.upload_to
    }


class Command(BaseCommand):
    help = (
        "Baca ulang setiap berkas asli dan bandingkan SHA-256-nya; periksa bahwa berkas "
        "turunan (PDF yang dapat dicari, gambar kecil) ada; daftar berkas yang hilang, "
        "berubah atau tidak terbaca. Kode keluar 1 bila ada. Lalu daftar objek di "
        "penyimpanan (originals/, derived/, thumbnails/) yang tidak dirujuk dokumen mana "
        "pun (TANPA DOKUMEN; sisa unggahan yang pencatatannya gagal). Objek tanpa dokumen "
        "tidak membuat kode keluar bukan nol, kecuali dengan --strict."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--strict",
            action="store_true",
            help="Kode keluar 1 juga bila ada objek tanpa dokumen.",
        )
        parser.add_argument(
            "--grace-minutes",
            type=int,
            default=60,
            help=(
                "Objek yang lebih muda dari ini tidak dilaporkan sebagai tanpa dokumen: "
                "unggahan atau pembuatan berkas turunan mungkin sedang berjalan "
                "(bawaan 60)."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        fields = _file_fields()
        referenced: set[str] = set()
        checked = missing = changed = unreadable = 0
        # A disposed document's objects were deleted on purpose (documents.services).
        rows = (
            Document.objects.filter(disposed_at__isnull=True)
            .only("pk", "sha256", *(f.name for f in fields))
            .order_by("pk")
        )
        for document in rows.iterator(chunk_size=BATCH):
            for field in fields:
                name = getattr(document, field.attname).name
                if not name:  # a derived file not made (yet)
                    continue
                referenced.add(name)
                checked += 1
                problem = self._check(document, field, name)
                missing += problem == "missing"
                changed += problem == "changed"
                unreadable += problem == "unreadable"

        orphans = self._report_orphans(
            _prefixes(fields),
            referenced,
            grace=timedelta(minutes=options["grace_minutes"]),
        )

        summary = f"{checked} berkas diperiksa: {missing} hilang, {changed} berubah."
        if unreadable:
            summary += f" {unreadable} tidak terbaca."
        if orphans:
            summary += f" {orphans} objek tanpa dokumen."
        if missing or changed or unreadable or (orphans and options["strict"]):
            raise CommandError(summary)
        self.stdout.write(summary)

    def _check(self, document: Document, field: models.FileField, name: str) -> str | None:
        """Check one stored file and print a line when something is wrong with it.

        An original must have the SHA-256 taken at upload. No checksum is kept for derived
        files (they can be made again from the original), so they only have to exist.
        """
        try:
            if field.name == "file":
                actual = _digest(field.storage, name)
                present = actual is not None
            else:
                actual, present = None, field.storage.exists(name)
        except storage_errors() as exc:
            raise CommandError(
                f"Penyimpanan tidak dapat dihubungi ({type(exc).__name__}: {exc}); "
                f"pemeriksaan berhenti di dokumen {document.pk}."
            ) from exc
        except Exception as exc:  # noqa: BLE001 - one broken object must not end the run
            self.stdout.write(f"TIDAK TERBACA\t{document.pk}\t{name}\t{type(exc).__name__}")
            return "unreadable"
        if not present:
            self.stdout.write(f"HILANG\t{document.pk}\t{name}")
            return "missing"
        if actual is not None and actual != document.sha256:
            self.stdout.write(
                f"BERUBAH\t{document.pk}\t{name}\ttercatat {document.sha256} terbaca {actual}"
            )
            return "changed"
        return None

    def _report_orphans(
        self, prefixes: dict[str, Storage], referenced: set[str], *, grace: timedelta
    ) -> int:
        """Print every unreferenced object, one ``TANPA DOKUMEN`` line each; their count.

        The storage is listed as a stream (pages of 1,000 keys on S3); only the names the
        documents refer to are held in memory.
        """
        cutoff = timezone.now() - grace
        orphans = 0
        try:
            for prefix, storage in sorted(prefixes.items()):
                candidates = (
                    name for name in iter_stored_names(storage, prefix) if name not in referenced
                )
                for batch in _batched(candidates, BATCH):
                    for name in self._confirmed_orphans(storage, batch, cutoff):
                        orphans += 1
                        self.stdout.write(f"TANPA DOKUMEN\t{name}")
        except storage_errors() as exc:
            raise CommandError(
                f"Penyimpanan tidak dapat dihubungi saat mendaftar objek "
                f"({type(exc).__name__}: {exc})."
            ) from exc
        return orphans

    def _confirmed_orphans(
        self, storage: Storage, names: list[str], cutoff: datetime
    ) -> Iterator[str]:
        """Of these unreferenced names, those still unreferenced now (a row may have been
        committed while the originals were read) and older than the grace period (an
        upload may still be on its way to the database)."""
        fields = [f.name for f in _file_fields()]
        query = Q()
        for field in fields:
            query |= Q(**{f"{field}__in": names})
        now_referenced = set()
        for row in Document.objects.filter(query).values_list(*fields):
            now_referenced.update(row)
        for name in names:
            if name in now_referenced:
                continue
            try:
                modified = storage.get_modified_time(name)
            except storage_errors():
                if not storage.exists(name):  # deleted since it was listed
                    continue
                raise
            if modified <= cutoff:
                yield name


def _batched(names: Iterable[str], size: int) -> Iterator[list[str]]:
    iterator = iter(names)
    while batch := list(itertools.islice(iterator, size)):
        yield batch
