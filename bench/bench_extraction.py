"""Reading letters: time per page for text PDFs and scans, peak memory for a 20-page scan,
and the time to make the derived files (PDF/A, thumbnail).

    uv run python bench/bench_extraction.py [--letters ../shared/letters/dev] [--scans 8]
                                            [--pages 20] [--append-readme]

Same files, same run, side by side:

- text PDFs: Lontar's reader (pdfplumber + the field parser, in process; and through
  ``read_letter``, i.e. in a limited child forked by the warm fork server, as the worker
  reads) next to ``pdftotext -layout``, file by file in turn, with the ratio of medians;
- scans (the JPEG/PNG sample scans): Lontar's reader through ``read_letter`` (Tesseract
  ``ind+eng`` + the parser, in the limited child) next to plain
  ``tesseract FILE stdout -l ind+eng``, file by file in turn, with the ratio;
- a 20-page image-only PDF made from the sample scans (Pillow): wall time and peak
  resident memory of Lontar's reader through ``read_letter`` in a fresh process (that
  process, its fork server, the job's child and the helpers they start, summed) and in
  process, next to plain ``tesseract`` on the same 20 page images (a list file) and
  ``pdftotext`` (which finds no text in a scan: a floor, not a competitor);
- derived files (``documents.derived``, in process): the PDF/A of a one-page scan and of
  the 20-page scan (OCRmyPDF, one job), the thumbnail of a text PDF, a scan image and the
  20-page scan, next to ``pdftoppm`` rendering the same first page.

The load average (other work on the machine) is printed before and after.

Peak memory: the reader's own Python process (VmHWM), and its whole process tree with the
helpers it starts (Tesseract, Poppler, OCRmyPDF's), summed and sampled every 20 ms; for a
plain command, ``ru_maxrss`` of that command run from a small wrapper.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from documents.kinds import KINDS, PDFA, THUMBNAIL  # noqa: E402 - after the path above

DEFAULT_LETTERS = ROOT.parent / "shared" / "letters" / "dev"
ENV = {**os.environ, "OMP_THREAD_LIMIT": "1"}

# A process's own peak: VmHWM. Not ru_maxrss, which Linux carries over exec from the
# process that spawned it (the bench itself, ~180 MiB with pdfplumber and 20 pages loaded).
_HWM = """
def hwm():
    with open("/proc/self/status") as status:
        return next(int(l.split()[1]) for l in status if l.startswith("VmHWM"))
"""

_MEASURE = (
    _HWM
    + """
import json, sys, time
sys.path.insert(0, {root!r})
from documents.extraction import ocr
from documents.extraction.runner import read_in_process
ocr.BATCH_PAGES = {batch}
t = time.perf_counter()
out = read_in_process({path!r})
print(json.dumps({{
    "seconds": time.perf_counter() - t,
    "pages": out["page_count"],
    "chars": len(out["text"]),
    "self_kb": hwm(),
}}))
"""
)

# The same through the limited child: the fork server is started (and warmed) first, so
# the time is the job's, as in a worker that has read a file before.
_MEASURE_CHILD = (
    _HWM
    + """
import json, sys, time
sys.path.insert(0, {root!r})
from documents.extraction.runner import read_letter, run_limited
if __name__ == "__main__":
    run_limited("os:getcwd")  # starts the fork server
    t = time.perf_counter()
    out = read_letter({path!r})
    assert out.error is None, out.error
    print(json.dumps({{
        "seconds": time.perf_counter() - t,
        "pages": out.page_count,
        "chars": len(out.text),
        "self_kb": hwm(),
    }}))
"""
)


_DERIVE = (
    _HWM
    + """
import importlib, json, sys, time
sys.path.insert(0, {root!r})
from documents import kinds, limits
kind = kinds.KINDS[{kind!r}]
module, function = kind.maker.split(":")
maker = getattr(importlib.import_module(module), function)
options = [option.default for option in kind.maker_options]
t = time.perf_counter()
maker({path!r}, {target!r}, *options, limits.IMAGE_PIXELS.default)
print(json.dumps({{
    "seconds": time.perf_counter() - t,
    "self_kb": hwm(),
}}))
"""
)


def run_sampled(command: list[str]) -> tuple[bytes, int]:
    """Run ``command``; its stdout and the peak summed RSS (KiB) of its process tree,
    sampled every 20 ms (helpers such as Tesseract come and go; ru_maxrss of children
    would count the Python parent's memory again in each of them)."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, env=ENV)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.wait(0.02):
            peak = max(peak, tree_rss(process.pid))

    sampler = threading.Thread(target=sample)
    sampler.start()
    out, _ = process.communicate()
    stop.set()
    sampler.join()
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command)
    return out, peak


def tree_rss(root: int) -> int:
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat") as stat:
                    parents[int(entry.name)] = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, grown = {root}, True
    while grown:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= more
        grown = bool(more)
    total = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/status") as status:
                total += next(int(x.split()[1]) for x in status if x.startswith("VmRSS"))
        except (OSError, StopIteration):
            continue
    return total


def measured(script: str) -> dict:
    out, peak = run_sampled([sys.executable, "-c", script])
    m = json.loads(out.splitlines()[-1])
    m["tree_kb"] = peak
    return m


def derive(kind: str, path: Path, folder: str) -> dict:
    """Make one derived file in a fresh process: seconds (imports excluded) and memory."""
    target = str(Path(folder) / KINDS[kind].work_name)
    return measured(_DERIVE.format(root=str(ROOT), kind=kind, path=str(path), target=target))


def memory(m: dict) -> str:
    return (
        f"peak RSS {m['self_kb'] / 1024:.0f} MiB (Python), "
        f"{m['tree_kb'] / 1024:.0f} MiB (with helpers, sampled)"
    )


_PEAK = (
    "import resource, subprocess, sys, time; t = time.perf_counter(); "
    "out = subprocess.run(sys.argv[1:], capture_output=True).stdout; "
    "sys.stderr.write(f'{time.perf_counter() - t} "
    "{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}'); sys.stdout.buffer.write(out)"
)


def timed(command: list[str]) -> tuple[float, int, bytes]:
    """Wall seconds and peak RSS (KiB) of the command alone, and its output.

    A fresh wrapper process runs it: RUSAGE_CHILDREN is a running maximum over every
    child ever waited for, so it must start from nothing for each command.
    """
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, *command], capture_output=True, env=ENV, check=False
    )
    seconds, peak = done.stderr.decode().split()[-2:]
    return float(seconds), int(peak), done.stdout


def figure(m: dict) -> str:
    return f"{m['seconds']:6.2f} s; {memory(m)}"


def per_page(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:8.0f} ms  (p90 {quantile(values, 0.9) * 1000:.0f})"


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=Path, default=DEFAULT_LETTERS)
    parser.add_argument("--scans", type=int, default=8, help="JPEG/PNG scans to time")
    parser.add_argument("--pages", type=int, default=20, help="pages of the scanned PDF")
    parser.add_argument("--append-readme", action="store_true")
    parser.add_argument(
        "--no-derived", action="store_true", help="skip the derived files (PDF/A, thumbnail)"
    )
    args = parser.parse_args()
    load_before = os.getloadavg()

    from documents.extraction.runner import read_in_process, read_letter

    truth = json.loads((args.letters / "truth.json").read_text())
    text_pdfs = sorted(args.letters / n for n, t in truth.items() if not t["scanned"])
    images = sorted(
        args.letters / n for n, t in truth.items() if t["scanned"] and not n.endswith(".pdf")
    )[: args.scans]
    rows: list[tuple[str, str, str]] = []

    # Text PDFs (one page each), the three readers in turn on each file
    ours, ours_child, plain = [], [], []
    read_in_process(str(text_pdfs[0]))  # warm imports
    read_letter(text_pdfs[0])  # start the fork server
    for path in text_pdfs:
        started = time.perf_counter()
        read_in_process(str(path))
        ours.append(time.perf_counter() - started)
        started = time.perf_counter()
        read_letter(path)
        ours_child.append(time.perf_counter() - started)
        plain.append(timed(["pdftotext", "-layout", str(path), "-"])[0])
    label = f"text PDF, per page ({len(text_pdfs)} files)"
    ratio = statistics.median(ours_child) / statistics.median(plain)
    rows.append((label, "Lontar reader, in process", per_page(ours)))
    rows.append((label, "Lontar reader, limited child (fork server)", per_page(ours_child)))
    rows.append((label, "pdftotext -layout", per_page(plain)))
    rows.append((label, "limited child / pdftotext (medians)", f"{ratio:.1f}x"))

    # Scans (one page each), the reader and plain tesseract in turn on each file
    ours, plain = [], []
    for path in images:
        started = time.perf_counter()
        result = read_letter(path)
        ours.append(time.perf_counter() - started)
        assert result.error is None, result.error
        plain.append(timed(["tesseract", str(path), "stdout", "-l", "ind+eng"])[0])
    label = f"scan JPEG/PNG, per page ({len(images)} files)"
    ratio = statistics.median(ours) / statistics.median(plain)
    rows.append(
        (label, "Lontar reader, limited child (tesseract --psm 6 + parser)", per_page(ours))
    )
    rows.append((label, "tesseract -l ind+eng", per_page(plain)))
    rows.append((label, "reader / tesseract (medians)", f"{ratio:.2f}x"))

    # A 20-page scanned PDF
    from PIL import Image

    with tempfile.TemporaryDirectory(prefix="lontar-bench-") as folder:
        pages = [images[i % len(images)] for i in range(args.pages)]
        pdf = Path(folder) / "scan20.pdf"
        frames = [Image.open(p).convert("L") for p in pages]
        frames[0].save(pdf, save_all=True, append_images=frames[1:], resolution=300)
        for frame in frames:
            frame.close()
        listing = Path(folder) / "pages.txt"
        listing.write_text("".join(f"{p}\n" for p in pages))
        label = f"{args.pages}-page scanned PDF ({pdf.stat().st_size // 1024} KiB)"

        reader_seconds: dict[str, float] = {}
        for script, reader in [
            (_MEASURE_CHILD.format(root=str(ROOT), path=str(pdf)), "Lontar reader, limited child"),
            (_MEASURE.format(root=str(ROOT), path=str(pdf), batch=10), "Lontar reader, in process"),
        ]:
            m = measured(script)
            reader_seconds.setdefault("first", m["seconds"])
            rows.append(
                (
                    label,
                    reader,
                    f"{m['seconds']:6.1f} s, {m['seconds'] / m['pages']:.2f} s/page; {memory(m)}",
                )
            )
        seconds, peak, _ = timed(["tesseract", str(listing), "stdout", "-l", "ind+eng"])
        rows.append(
            (
                label,
                "tesseract -l ind+eng (same 20 images)",
                f"{seconds:6.1f} s, {seconds / args.pages:.2f} s/page; peak RSS "
                f"{peak / 1024:.0f} MiB",
            )
        )
        ratio = reader_seconds["first"] / seconds
        rows.append((label, "limited child / tesseract", f"{ratio:.2f}x"))
        seconds, peak, out = timed(["pdftotext", "-layout", str(pdf), "-"])
        rows.append(
            (
                label,
                "pdftotext -layout (finds no text)",
                f"{seconds:6.2f} s; peak RSS {peak / 1024:.0f} MiB; {len(out.strip())} chars",
            )
        )

        # Derived files
        if not args.no_derived:
            one_scan = min(images, key=lambda p: p.stat().st_size)
            m = derive(PDFA.name, one_scan, folder)
            rows.append((f"PDF/A, 1-page scan ({one_scan.name})", "OCRmyPDF", figure(m)))
            m = derive(PDFA.name, pdf, folder)
            rows.append(
                (
                    f"PDF/A, {label}",
                    "OCRmyPDF",
                    f"{figure(m)}, {m['seconds'] / args.pages:.2f} s/page",
                )
            )
            for name, source in [
                ("text PDF", text_pdfs[0]),
                ("scan image", one_scan),
                (label, pdf),
            ]:
                m = derive(THUMBNAIL.name, source, folder)
                rows.append((f"thumbnail, {name}", "Lontar (pdftoppm / Pillow)", figure(m)))
            seconds, peak, _ = timed(
                ["pdftoppm", "-f", "1", "-l", "1", "-scale-to-x", "300", "-scale-to-y", "-1"]
                + ["-jpeg", "-singlefile", str(pdf), str(Path(folder) / "plain")]
            )
            rows.append(
                (
                    f"thumbnail, {label}",
                    "pdftoppm -scale-to-x 300 -jpeg",
                    f"{seconds:.2f} s; peak RSS {peak / 1024:.0f} MiB",
                )
            )

    width = max(len(r[0]) for r in rows)
    tool_width = max(len(r[1]) for r in rows)
    table = [f"| {'files':{width}} | {'reader':{tool_width}} | figure |"]
    table.append(f"|{'-' * (width + 2)}|{'-' * (tool_width + 2)}|---|")
    table += [f"| {a:{width}} | {b:{tool_width}} | {c.strip()} |" for a, b, c in rows]
    machine = f"{platform.machine()}, {os.cpu_count()} CPU, Python {platform.python_version()}"
    load = "load average {:.1f} / {:.1f} / {:.1f}"
    note = (
        f"{machine}; OMP_THREAD_LIMIT=1 for every Tesseract run; "
        f"{load.format(*load_before)} before, {load.format(*os.getloadavg())} after"
    )
    print("\n".join(table))
    print(f"\n{note}.")
    if args.append_readme:
        with (ROOT / "bench" / "README.md").open("a") as readme:
            readme.write(
                f"\n### Figures: reading letters ({date.today():%Y-%m-%d}, {machine})\n\n"
                + "\n".join(table)
                + f"\n\n{note}.\n"
            )


if __name__ == "__main__":
    main()
