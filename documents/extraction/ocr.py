"""The adapter around Tesseract and OCRmyPDF: scans in, text (or a searchable PDF) out.

Reading a letter needs the text line by line, so pages go to the ``tesseract`` binary
directly (``--psm 6``: one block, so the two columns of a header row stay on one line,
as in a text PDF). The scanned pages of a PDF go to one Tesseract run per batch of
``BATCH_PAGES`` (a list file), so the ``ind+eng`` model is loaded once, not once per
page; Tesseract's "Page N" lines on stderr still give progress page by page. Two runs
side by side on the 2-core machine were slower than one (the cores are shared with the
web server and the other worker), so batches run one after another.

Each run writes the text and, from the same recognition, Tesseract's TSV (``txt tsv``):
the word boxes and per-word confidences come with the text at no second pass (``Page``).
The parser sees the text as before; the confidences mark a misread word's field unsure
(``calibration``), and the boxes let an unruled header-row table be read as a table
(``tables.header_table``), as on a text PDF.

The searchable PDF/A kept beside an original is OCRmyPDF's job.
"""

import collections
import logging
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from documents.extraction import orientation
from documents.extraction.rules import without_rules
from documents.extraction.tables import Word, with_header_table
from documents.limits import OCR_PAGE_SECONDS

logger = logging.getLogger(__name__)

LANGUAGES = "ind+eng"
RASTER_DPI = 300
# Pages per Tesseract run (see ocr_pdf_pages).
BATCH_PAGES = 10

PageStarted = Callable[[int], None]


@dataclass
class Page:
    """One page as Tesseract read it: its text, and its words with boxes and confidences."""

    text: str
    words: list[Word] = field(default_factory=list)


def parse_tsv(tsv: str) -> dict[int, list[Word]]:
    """Tesseract's TSV: page number (1-based, the image's place in the run) to its words."""
    pages: dict[int, list[Word]] = {}
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        try:
            page, block, par, line, left, top, width, height = (
                int(cells[i]) for i in (1, 2, 3, 4, 6, 7, 8, 9)
            )
            conf = float(cells[10])
        except ValueError:
            continue
        word = Word(
            cells[11].strip(), left, left + width, top, top + height, conf, (block, par, line)
        )
        pages.setdefault(page, []).append(word)
    return pages


def _page(text: str, words: list[Word]) -> Page:
    """A page, its unruled header-row table (if any) turned into label lines."""
    return Page(with_header_table(text, words), words)


class OCRUnavailable(RuntimeError):
    """Tesseract (or its Indonesian model) is not installed."""


class OCRFailed(RuntimeError):
    pass


def tesseract_available() -> bool:
    return shutil.which("tesseract") is not None


def _env() -> dict[str, str]:
    # One thread per Tesseract: predictable memory, and the other core stays free for the
    # web server and the other worker.
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


def ocr_image(path: str | Path, *, languages: str = LANGUAGES) -> str:
    """Text of one image (``read_image``'s)."""
    return read_image(path, languages=languages).text


def read_image(path: str | Path, *, languages: str = LANGUAGES) -> Page:
    """One image (JPEG, PNG, or a page rendered from a PDF), made upright first:
    its EXIF orientation applied, and, should the reading not look like a letter, the page
    turned, deskewed and its lighting flattened (``orientation``)."""
    if not tesseract_available():
        raise OCRUnavailable("tesseract is not installed")
    with tempfile.TemporaryDirectory(prefix="lontar-ocr-") as tmp:
        source = orientation.exif_upright(Path(path), Path(tmp))
        sideways, uneven = orientation.needs_care(source)
        if sideways:  # a portrait letter in a landscape picture: no upright reading first
            return read_turned(source, Path(tmp), "", languages=languages)
        if uneven:  # a phone's shadow or tint: flattened and deskewed before reading
            source = orientation.straighten(source, Path(tmp), rotate=0, name="photo")
        page = _tesseract_page(without_rules(source, Path(tmp)), languages)  # tables' rules
        if orientation.looks_like_text(page.text):
            return page
        return read_turned(source, Path(tmp), page, languages=languages)


def read_turned(source: Path, folder: Path, page: Page | str, *, languages: str = LANGUAGES
                ) -> Page:  # fmt: skip
    """A page whose first reading (``text``) does not look like a letter: flattened,
    turned as OSD says (else each quarter turn in turn), deskewed and read again; the
    reading that looks most like a letter is kept."""
    first = Page(page) if isinstance(page, str) else page
    flat = orientation.flat_copy(source, folder, "flat")
    if orientation.blank(flat):
        return first
    told = orientation.osd_rotation(flat, timeout=OCR_PAGE_SECONDS)
    with Image.open(source) as image:  # a landscape page is turned a quarter first
        turns = [90, 270, 180, 0] if image.width > 1.15 * image.height else [0, 180, 90, 270]
    if told is not None:
        turns = [told] + [turn for turn in turns if turn != told]
    best, best_score = first, orientation.text_score(first.text)
    for turn in turns:
        image = orientation.straighten(flat, folder, rotate=turn, name=f"turn{turn}", flatten=False)
        read = _tesseract_page(without_rules(image, folder), languages)
        score = orientation.text_score(read.text)
        if score > best_score:
            best, best_score = read, score
        if orientation.looks_like_text(read.text):
            break
    return best


def _tesseract_page(path: Path, languages: str) -> Page:
    """One image through one Tesseract run: its text and its TSV."""
    with tempfile.TemporaryDirectory(prefix="lontar-ocr-") as tmp:
        output = Path(tmp) / "out"
        try:
            done = subprocess.run(
                ["tesseract", str(path), str(output), "-l", languages, "--psm", "6", "txt", "tsv"],
                capture_output=True,
                timeout=OCR_PAGE_SECONDS,
                env=_env(),
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise OCRFailed(f"tesseract took longer than {OCR_PAGE_SECONDS} s") from exc
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise OCRFailed(message[-1] if message else f"tesseract exit {done.returncode}")
        text = output.with_suffix(".txt").read_text("utf-8", "replace")
        words = parse_tsv(output.with_suffix(".tsv").read_text("utf-8", "replace"))
    return _page(text, words.get(1, []))


def _run(command: list[str], what: str) -> None:
    try:
        subprocess.run(command, capture_output=True, timeout=OCR_PAGE_SECONDS, check=True)
    except subprocess.TimeoutExpired as exc:
        raise OCRFailed(f"{what} took longer than {OCR_PAGE_SECONDS} s") from exc
    except subprocess.CalledProcessError as exc:
        raise OCRFailed(exc.stderr.decode("utf-8", "replace").strip() or what) from exc


def _scanned_image(
    path: str | Path, page_number: int, folder: Path, rotate: int = 0
) -> Path | None:
    """The page's one embedded image at its own resolution, if the page is just that.

    Re-rendering a scan at another resolution resamples its speckle into letter-like
    shapes; Tesseract reads the original pixels better. Written as uncompressed TIFF:
    the same pixels as PNG, but ten times faster to write (PNG's deflate of an A4 page
    took ~0.9 s, more than a third of the time per page).
    """
    if shutil.which("pdfimages") is None:
        return None
    n = str(page_number)
    _run(["pdfimages", "-f", n, "-l", n, "-tiff", str(path), str(folder / "img")], "pdfimages")
    images = sorted(folder.glob("img-*.tif"))
    if len(images) != 1:
        return None
    from PIL import Image

    with Image.open(images[0]) as image:
        width, height = image.size
    # Too coarse to read as it is (under ~150 dpi on A4): let Poppler render the page.
    if min(width, height) < 1200:
        return None
    return orientation.pdf_rotated(images[0], rotate)  # as the page is shown (/Rotate)


def _page_image(path: str | Path, page_number: int, folder: Path, rotate: int = 0) -> Path:
    """The image Tesseract reads for one page: its scan as it is (turned by the page's
    /Rotate), or the page rendered at 300 dpi grey with Poppler (which applies /Rotate)
    when it is more than one image (or a coarse one)."""
    folder.mkdir()
    image = _scanned_image(path, page_number, folder, rotate)
    if image is not None:
        return image
    stem = folder / "page"
    n = str(page_number)
    _run(
        ["pdftoppm", "-r", str(RASTER_DPI), "-gray", "-tiff", "-singlefile"]
        + ["-f", n, "-l", n, str(path), str(stem)],
        f"rendering page {n}",
    )
    return stem.with_suffix(".tif")


_PAGE_STARTED = re.compile(r"^Page (\d+) : ")


def ocr_images(
    images: Sequence[Path], *, languages: str = LANGUAGES, started: PageStarted | None = None
) -> list[str]:
    """Text of several single-page images (``read_images``'s)."""
    return [page.text for page in read_images(images, languages=languages, started=started)]


def read_images(
    images: Sequence[Path], *, languages: str = LANGUAGES, started: PageStarted | None = None
) -> list[Page]:
    """Several single-page images, read by one Tesseract run (the model loaded
    once, not once per page). ``started(i)`` is called as Tesseract begins image ``i``
    (0-based), from the "Page i : name" line it writes to stderr.

    Tesseract reads a text file listing image paths and separates the pages of its output
    with a form feed; should the count not match (a form feed inside a page), each image
    is read again on its own rather than pages being misattributed.
    """
    if not images:
        return []
    if not tesseract_available():
        raise OCRUnavailable("tesseract is not installed")
    with tempfile.TemporaryDirectory(prefix="lontar-ocr-") as tmp:
        listing = Path(tmp) / "pages.txt"
        images = [without_rules(image, Path(tmp)) for image in images]  # tables' rules
        listing.write_text("".join(f"{Path(image).resolve()}\n" for image in images))
        output = Path(tmp) / "out"
        process = subprocess.Popen(
            ["tesseract", str(listing), str(output), "-l", languages, "--psm", "6", "txt", "tsv"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=_env(),
        )
        seconds = OCR_PAGE_SECONDS * len(images)
        watchdog = threading.Timer(seconds, process.kill)
        watchdog.start()
        messages: collections.deque[str] = collections.deque(maxlen=5)
        try:
            assert process.stderr is not None
            for raw in process.stderr:
                line = raw.decode("utf-8", "replace").strip()
                match = _PAGE_STARTED.match(line)
                if match and started is not None:
                    started(int(match.group(1)))
                elif line:
                    messages.append(line)
            process.wait()
        finally:
            watchdog.cancel()
            if process.poll() is None:
                process.kill()
                process.wait()
        if process.returncode == -signal.SIGKILL:
            raise OCRFailed(f"tesseract took longer than {seconds} s")
        if process.returncode != 0:
            raise OCRFailed(messages[-1] if messages else f"tesseract exit {process.returncode}")
        pages = output.with_suffix(".txt").read_text("utf-8", "replace").split("\f")
        words = parse_tsv(output.with_suffix(".tsv").read_text("utf-8", "replace"))
        if len(pages) == len(images) + 1 and not pages[-1].strip():
            pages.pop()  # Tesseract 4 ends every page with a form feed, 5 only separates them
        if len(pages) != len(images):  # (the images without rules are still on disk here)
            logger.warning("tesseract gave %d pages for %d images", len(pages), len(images))
            return [_tesseract_page(Path(image), languages) for image in images]
    return [_page(text, words.get(number, [])) for number, text in enumerate(pages, 1)]


def ocr_pdf_pages(
    path: str | Path,
    page_numbers: Sequence[int],
    *,
    languages: str = LANGUAGES,
    started: PageStarted | None = None,
) -> dict[int, str]:
    """Text of these pages (1-based) of a scanned PDF (``read_pdf_pages``'s)."""
    read = read_pdf_pages(path, page_numbers, languages=languages, started=started)
    return {number: page.text for number, page in read.items()}


def read_pdf_pages(
    path: str | Path,
    page_numbers: Sequence[int],
    *,
    languages: str = LANGUAGES,
    started: PageStarted | None = None,
) -> dict[int, Page]:
    """These pages (1-based) of a scanned PDF, page number to its reading.

    Pages go to Tesseract ``BATCH_PAGES`` at a time: one model load per batch, and the
    page images of one batch at most on disk at once. ``started(k)`` is called as
    Tesseract begins the k-th of the pages asked for (0-based), for progress.
    """
    if shutil.which("pdftoppm") is None:
        raise OCRUnavailable("pdftoppm (poppler-utils) is not installed")
    rotations = _page_rotations(path, page_numbers)
    texts: dict[int, Page] = {}
    for first in range(0, len(page_numbers), BATCH_PAGES):
        batch = list(page_numbers[first : first + BATCH_PAGES])
        with tempfile.TemporaryDirectory(prefix="lontar-ocr-") as tmp:
            images = [_page_image(path, n, Path(tmp) / f"p{n}", rotations[n]) for n in batch]
            report = None if started is None else (lambda i, first=first: started(first + i))
            read = read_images(images, languages=languages, started=report)
            for number, image, page in zip(batch, images, read, strict=True):
                if not orientation.looks_like_text(page.text):  # sideways, upside down, blank
                    page = read_turned(image, image.parent, page, languages=languages)
                texts[number] = page
    return texts


def _page_rotations(path: str | Path, page_numbers: Sequence[int]) -> dict[int, int]:
    """Each page's /Rotate (degrees clockwise), 0 where the PDF says none."""
    import pdfplumber

    try:
        with pdfplumber.open(str(path)) as pdf:
            return {n: int(pdf.pages[n - 1].rotation or 0) for n in page_numbers}
    except Exception:  # noqa: BLE001 - the pages are read as stored
        return dict.fromkeys(page_numbers, 0)


def make_searchable_pdf(
    source: str | Path,
    target: str | Path,
    *,
    keep_text_pages: bool = False,
    image_dpi: int | None = None,
    max_megapixels: float | None = None,
) -> None:
    """Write a PDF/A-2b with a text layer under each scanned page (OCRmyPDF, one job).

    ``keep_text_pages``: the PDF mixes text pages and scans; pages that carry text are
    left as they are (OCRmyPDF's skip-text mode). ``image_dpi``: the resolution of an
    image source that states none. PDF/A is declared by OCRmyPDF itself with pikepdf
    ("internal" backend), which passes JPEG scans through unchanged and validates what it
    writes; only a pure scan may fall back to Ghostscript, because Ghostscript 10.0 to
    10.02 (Debian 12) corrupts pages with text and OCRmyPDF refuses it for skip-text.
    Raises OCRFailed when no valid PDF/A came out.
    """
    import ocrmypdf  # heavy import, only where a derived file is made
    from ocrmypdf.exceptions import ExitCode

    options: dict = {
        "language": LANGUAGES.split("+"),
        "output_type": "pdfa",
        "pdfa_backend": "internal" if keep_text_pages else "auto",
        "progress_bar": False,
        "jobs": 1,  # the worker's share of a small machine; pages one after another
        "tesseract_timeout": OCR_PAGE_SECONDS,
        # A signed scan's copy cannot keep the signature; the original keeps it.
        "invalidate_digital_signatures": True,
    }
    if keep_text_pages:
        options["skip_text"] = True
    if image_dpi:
        options["image_dpi"] = image_dpi
    if max_megapixels:
        options["max_image_mpixels"] = max_megapixels
    code = ocrmypdf.ocr(str(source), str(target), **options)
    if code != ExitCode.ok:
        raise OCRFailed(f"ocrmypdf: {ExitCode(code).name}")
