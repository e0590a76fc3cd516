"""Dossier export: the time to write one letter's BagIt dossier (originals copied,
letter.json, summary.pdf by WeasyPrint, SHA-256 manifests) for a letter with a 20-page
original, and the bag's size.

    uv run python bench/bench_dossier.py [--pages 20] [--runs 5]

Runs on a throwaway SQLite database and media folder in a temporary directory. The
original is a text PDF made by ``tests/pdfs.pages_pdf`` (50 lines of text a page). Prints
the median and best of ``--runs`` exports, the summary PDF's share, and the sizes. The load
average is printed before and after (the machine may be shared).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="lontar-bench-dossier-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'db.sqlite3'}"
    os.environ["DJANGO_MEDIA_ROOT"] = str(work / "media")
    from bench._common import setup_django

    setup_django()
    from organization.models import Region, Role
    from tests.factories import letter_values, make_user, upload_bytes
    from tests.pdfs import pages_pdf
    from workflows import services
    from workflows.exports import dossier
    from workflows.exports.letter_data import letter_data

    print(f"load average before: {os.getloadavg()[0]:.2f}")
    Region.objects.get_or_create(name="Kota Palu", short_name="Palu")
    clerk = make_user("persuratan", Role.MAILROOM_CLERK)
    lines = [f"Baris {n}: undangan acara pimpinan, susunan acara dan lampiran." for n in range(50)]
    pdf = pages_pdf([[f"Halaman {page + 1}", *lines] for page in range(args.pages)])
    letter = services.letter_register(
        actor=clerk, values=letter_values(), uploads=[upload_bytes(pdf, "undangan.pdf")]
    )
    for index in range(5):  # a history to summarise
        services.letter_note(actor=clerk, letter=letter, action="note", note=f"Catatan {index}")
    print(f"original: {args.pages} pages, {len(pdf) / 1024:.1f} KiB")

    totals, summaries = [], []
    for run in range(args.runs):
        start = time.perf_counter()
        out = dossier.dossier_write(letter=letter, out=work / f"bag-{run}", actor=clerk)
        totals.append(time.perf_counter() - start)
        data = letter_data(letter)
        start = time.perf_counter()
        dossier.summary_pdf(letter, data)
        summaries.append(time.perf_counter() - start)
    size = folder_size(out)
    summary_size = (out / "data" / "summary.pdf").stat().st_size
    print(
        f"dossier export: median {statistics.median(totals):.3f} s, best {min(totals):.3f} s "
        f"over {args.runs} runs (the first includes importing WeasyPrint: {totals[0]:.3f} s)"
    )
    print(f"  of which summary.pdf (WeasyPrint): median {statistics.median(summaries):.3f} s")
    print(f"bag size: {size / 1024:.1f} KiB (summary.pdf {summary_size / 1024:.1f} KiB)")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
