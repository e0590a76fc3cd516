"""A letter's dossier for the auditor as a BagIt bag: the originals byte-identical, their
derived files, ``letter.json`` (``letter_data``) and ``summary.pdf`` (WeasyPrint)."""

import json
import shutil
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone

from organization.models import Region
from workflows.exports.bags import copy_document_files, make_bag
from workflows.exports.letter_data import letter_data
from workflows.exports.recorded import export_recorded
from workflows.models import Letter

SUMMARY_CSS = "workflows/dossier_summary.css"


def summary_pdf(letter: Letter, data: dict[str, Any]) -> bytes:
    from weasyprint import CSS, HTML  # heavy import: only when a dossier is made

    html = render_to_string(
        "workflows/records/dossier_summary.html",
        {"letter": letter, "data": data, "region": Region.current(), "made_at": timezone.now()},
    )
    stylesheet = finders.find(SUMMARY_CSS)
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=stylesheet)])


def dossier_identifiers(letter: Letter) -> list[str]:
    return [
        f"nomor-agenda:{letter.agenda_number or '-'}",
        f"nomor-surat:{letter.letter_number}",
        f"lontar-surat:{letter.pk}",
    ]


def dossier_write(*, letter: Letter, out: Path, actor: Any, detail: str = "") -> Path:
    """Write ``letter``'s dossier as a bag in ``out`` (a folder that does not exist yet or
    is empty) and record the export. Returns ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    if any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty")
    try:
        for document in letter.documents.order_by("pk"):
            copy_document_files(document, out)
        data = letter_data(letter)
        (out / "letter.json").write_text(
            json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True), encoding="utf-8"
        )
        (out / "summary.pdf").write_bytes(summary_pdf(letter, data))
        make_bag(
            out,
            identifiers=dossier_identifiers(letter),
            description=f"Berkas surat {letter.agenda_number or letter.pk}",
        )
    except BaseException:
        shutil.rmtree(out, ignore_errors=True)
        raise
    export_recorded(actor=actor, kind="dossier", letters=[letter], detail=detail)
    return out
