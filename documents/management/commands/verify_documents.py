"""Re-read every stored original and compare it with the SHA-256 taken at upload."""

import hashlib
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from documents.models import Document
from documents.storage import storage_errors


def _digest(document: Document) -> str | None:
    """The object's SHA-256, or None when it cannot be found."""
    storage = document.file.storage
    try:
        if not storage.exists(document.file.name):
            return None
        digest = hashlib.sha256()
        with storage.open(document.file.name, "rb") as handle:
            for chunk in iter(lambda: handle.read(1024 * 1024), b""):
                digest.update(chunk)
    except FileNotFoundError:
        return None
    return digest.hexdigest()


class Command(BaseCommand):
    help = (
        "Baca ulang setiap berkas asli, bandingkan SHA-256-nya, dan daftar berkas yang "
        "hilang atau berubah. Kode keluar bukan nol bila ada."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        checked = missing = changed = unreadable = 0
        for document in Document.objects.order_by("pk").iterator(chunk_size=500):
            checked += 1
            try:
                actual = _digest(document)
            except storage_errors() as exc:
                raise CommandError(
                    f"Penyimpanan tidak dapat dihubungi ({type(exc).__name__}: {exc}); "
                    f"pemeriksaan berhenti di dokumen {document.pk}."
                ) from exc
            except Exception as exc:  # noqa: BLE001 - one broken object must not end the run
                unreadable += 1
                self.stdout.write(
                    f"TIDAK TERBACA\t{document.pk}\t{document.file.name}\t{type(exc).__name__}"
                )
                continue
            if actual is None:
                missing += 1
                self.stdout.write(f"HILANG\t{document.pk}\t{document.file.name}")
            elif actual != document.sha256:
                changed += 1
                self.stdout.write(
                    f"BERUBAH\t{document.pk}\t{document.file.name}\t"
                    f"tercatat {document.sha256} terbaca {actual}"
                )
        summary = f"{checked} berkas diperiksa: {missing} hilang, {changed} berubah."
        if unreadable:
            summary += f" {unreadable} tidak terbaca."
        if missing or changed or unreadable:
            raise CommandError(summary)
        self.stdout.write(summary)
