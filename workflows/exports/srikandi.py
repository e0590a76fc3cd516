"""Letters for other systems (SRIKANDI's operators import them by hand): a CSV and a JSON
of the letters received in a date range, with identifiers, classification, security
class and dates, and a BagIt bag holding both with the letters' files. The column names
are SRIKANDI's words; the mapping is in the README.

Confidential letters (security class other than *Biasa*) are given in full only to
someone who may read confidential matters (``calendar_sync.view_confidential_agenda``,
held by the protocol office, auditors and administrators); for anyone else their subject,
sender, addressee and event are withheld and their files left out."""

import csv
import io
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from organization.models import Region
from organization.permissions import VIEW_CONFIDENTIAL_AGENDA
from workflows.exports.bags import copy_document_files, make_bag
from workflows.models import Letter, SecurityClass
from workflows.selectors import letters_visible_to

# (column, what it holds): the CSV's header and the JSON's keys, in this order.
COLUMNS = (
    "nomor_naskah",
    "tanggal_naskah",
    "hal",
    "asal_naskah",
    "tujuan_naskah",
    "jenis_naskah",
    "klasifikasi",
    "uraian_klasifikasi",
    "sifat_keamanan",
    "sifat_kecepatan",
    "tanggal_diterima",
    "nomor_agenda",
    "media_penerimaan",
    "status",
    "retensi_aktif_sampai",
    "retensi_inaktif_sampai",
    "keterangan_akhir",
    "nomor_ba_pemusnahan",
    "jumlah_berkas",
    "berkas",
    "sha256",
)
JENIS_NASKAH = "Surat Undangan"
FINAL = {"destroy": "Musnah", "permanent": "Permanen", "reappraise": "Dinilai Kembali"}


def reads_confidential(user: Any) -> bool:
    return bool(user and (user.is_superuser or user.has_perm(VIEW_CONFIDENTIAL_AGENDA)))


def letters_for_export(*, user: Any, date_from: date, date_to: date) -> QuerySet[Letter]:
    """Registered letters received from ``date_from`` to ``date_to`` (both included) that
    ``user`` may see, in agenda order."""
    return (
        letters_visible_to(user=user)
        .filter(
            received_date__gte=date_from,
            received_date__lte=date_to,
            agenda_number__isnull=False,
        )
        .select_related("classification", "disposal")
        .prefetch_related("documents")
        .order_by("agenda_year", "agenda_sequence")
    )


@dataclass(frozen=True)
class ExportRow:
    letter: Letter
    values: dict[str, Any]
    full: bool  # False: a confidential letter given without its content or files


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def export_rows(letters: Any, *, user: Any) -> list[ExportRow]:
    confidential_ok = reads_confidential(user)
    rows = []
    for letter in letters:
        full = letter.security_class == SecurityClass.BIASA or confidential_ok
        withheld = _("(dirahasiakan)")
        documents = [d for d in letter.documents.all() if full]
        code = letter.classification
        values = {
            "nomor_naskah": letter.letter_number,
            "tanggal_naskah": _iso(letter.letter_date),
            "hal": letter.subject if full else withheld,
            "asal_naskah": letter.sender if full else withheld,
            "tujuan_naskah": letter.addressee if full else withheld,
            "jenis_naskah": JENIS_NASKAH,
            "klasifikasi": code.code if code else "",
            "uraian_klasifikasi": code.title if code else "",
            "sifat_keamanan": letter.get_security_class_display(),
            "sifat_kecepatan": letter.get_urgency_display(),
            "tanggal_diterima": _iso(letter.received_date),
            "nomor_agenda": letter.agenda_number or "",
            "media_penerimaan": letter.get_channel_display(),
            "status": letter.get_state_display(),
            "retensi_aktif_sampai": _iso(letter.retention_active_until),
            "retensi_inaktif_sampai": _iso(letter.retention_inactive_until),
            "keterangan_akhir": FINAL.get(letter.final_disposition, ""),
            "nomor_ba_pemusnahan": letter.disposal.number if letter.disposal else "",
            "jumlah_berkas": len(documents),
            "berkas": "; ".join(d.original_name for d in documents),
            "sha256": "; ".join(d.sha256 for d in documents),
        }
        rows.append(
            ExportRow(letter=letter, values={k: str(values[k]) for k in COLUMNS}, full=full)
        )
    return rows


def rows_csv(rows: list[ExportRow]) -> str:
    """The CSV (comma-separated, a header row); the caller writes it as UTF-8 with a byte
    order mark, which spreadsheet programs need to read it as UTF-8."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(row.values for row in rows)
    return out.getvalue()


def rows_json(rows: list[ExportRow], *, date_from: date, date_to: date) -> str:
    return json.dumps(
        {
            "sumber": Region.current().name,
            "dibuat": timezone.now().isoformat(),
            "rentang": {"dari": date_from.isoformat(), "sampai": date_to.isoformat()},
            "kolom": list(COLUMNS),
            "naskah": [row.values for row in rows],
        },
        ensure_ascii=False,
        indent=2,
    )


def export_bag_write(*, rows: list[ExportRow], out: Path, date_from: date, date_to: date) -> Path:
    """Both files and every fully given letter's files (under ``berkas/<agenda>/``)."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "naskah.csv").write_text("\ufeff" + rows_csv(rows), encoding="utf-8")
    (out / "naskah.json").write_text(
        rows_json(rows, date_from=date_from, date_to=date_to), encoding="utf-8"
    )
    for row in rows:
        if not row.full:
            continue
        prefix = f"berkas/{row.letter.agenda_year}-{row.letter.agenda_sequence:05d}/"
        for document in row.letter.documents.all():
            copy_document_files(document, out, prefix=prefix)
    make_bag(
        out,
        identifiers=[f"naskah:{date_from.isoformat()}..{date_to.isoformat()}"],
        description=f"Ekspor naskah {date_from.isoformat()} s.d. {date_to.isoformat()}",
    )
    return out
