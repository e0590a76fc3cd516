"""The adapter around Tesseract and OCRmyPDF: scans in, text (or a searchable PDF) out.

Reading a letter needs the text line by line, so pages go to the ``tesseract`` binary
directly (``--psm 6``: one block, so the two columns of a header row stay on one line,
as in a text PDF). The searchable PDF/A kept beside an original is OCRmyPDF's job.
"""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

LANGUAGES = "ind+eng"
RASTER_DPI = 300
# One page must not hang a worker: Tesseract on a 300 dpi A4 page takes a few seconds.
PAGE_TIMEOUT = 120


class OCRUnavailable(RuntimeError):
    """Tesseract (or its Indonesian model) is not installed."""


class OCRFailed(RuntimeError):
    pass


def tesseract_available() -> bool:
    return shutil.which("tesseract") is not None


def _env() -> dict[str, str]:
    # One thread per page: predictable memory, and the worker runs pages side by side.
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


def ocr_image(path: str | Path, *, languages: str = LANGUAGES) -> str:
    """Text of one image (JPEG, PNG, or a page rendered from a PDF)."""
    if not tesseract_available():
        raise OCRUnavailable("tesseract is not installed")
    try:
        done = subprocess.run(
            ["tesseract", str(path), "stdout", "-l", languages, "--psm", "6"],
            capture_output=True,
            timeout=PAGE_TIMEOUT,
            env=_env(),
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise OCRFailed(f"tesseract took longer than {PAGE_TIMEOUT} s") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OCRFailed(message[-1] if message else f"tesseract exit {done.returncode}")
    return done.stdout.decode("utf-8", "replace")


def _run(command: list[str], what: str) -> None:
    try:
        subprocess.run(command, capture_output=True, timeout=PAGE_TIMEOUT, check=True)
    except subprocess.TimeoutExpired as exc:
        raise OCRFailed(f"{what} took longer than {PAGE_TIMEOUT} s") from exc
    except subprocess.CalledProcessError as exc:
        raise OCRFailed(exc.stderr.decode("utf-8", "replace").strip() or what) from exc


def _scanned_image(path: str | Path, page_number: int, folder: Path) -> Path | None:
    """The page's one embedded image at its own resolution, if the page is just that.

    Re-rendering a scan at another resolution resamples its speckle into letter-like
    shapes; Tesseract reads the original pixels better.
    """
    if shutil.which("pdfimages") is None:
        return None
    n = str(page_number)
    _run(["pdfimages", "-f", n, "-l", n, "-png", str(path), str(folder / "img")], "pdfimages")
    images = sorted(folder.glob("img-*.png"))
    if len(images) != 1:
        return None
    from PIL import Image

    with Image.open(images[0]) as image:
        width, height = image.size
    # Too coarse to read as it is (under ~150 dpi on A4): let Poppler render the page.
    if min(width, height) < 1200:
        return None
    return images[0]


def ocr_pdf_page(path: str | Path, page_number: int, *, languages: str = LANGUAGES) -> str:
    """Text of one page (1-based) of a scanned PDF: its scan image as it is, or the page
    rendered at 300 dpi grey with Poppler when it is more than one image."""
    if shutil.which("pdftoppm") is None:
        raise OCRUnavailable("pdftoppm (poppler-utils) is not installed")
    with tempfile.TemporaryDirectory(prefix="lontar-ocr-") as tmp:
        image = _scanned_image(path, page_number, Path(tmp))
        if image is not None:
            return ocr_image(image, languages=languages)
        stem = Path(tmp) / "page"
        n = str(page_number)
        _run(
            ["pdftoppm", "-r", str(RASTER_DPI), "-gray", "-png", "-singlefile"]
            + ["-f", n, "-l", n, str(path), str(stem)],
            f"rendering page {n}",
        )
        return ocr_image(stem.with_suffix(".png"), languages=languages)


def make_searchable_pdf(source: str | Path, target: str | Path) -> None:
    """Write a PDF/A with a text layer; pages that already carry text are left alone."""
    import ocrmypdf  # heavy import, only where a derived file is made

    options: dict = {"language": LANGUAGES.split("+"), "output_type": "pdfa", "progress_bar": False}
    if Path(source).read_bytes()[:5] != b"%PDF-":
        options["image_dpi"] = RASTER_DPI  # a phone photo may carry no resolution
    else:
        options["skip_text"] = True
    ocrmypdf.ocr(str(source), str(target), **options)
