"""Pages that come sideways, upside down, tilted, shadowed or tinted: made upright for OCR.

A phone photo held sideways reads as noise: Tesseract's ``--psm 6`` assumes upright
lines. Costly steps run only where they are needed, so an upright scan pays nothing:

- ``exif_upright``: a JPEG whose EXIF says "rotated" is turned as a photo viewer would
  (Pillow's ``ImageOps.exif_transpose``); Tesseract ignores the tag.
- ``pdf_rotated``: a PDF page's ``/Rotate``, applied to the image ``pdfimages`` extracted
  (which gives the pixels as stored, not as shown).
- ``looks_like_text``: does a page's OCR read as an Indonesian letter (enough of its common
  words)? Only a page that does not is looked at again:
- ``straighten``: the page in grey with its lighting flattened (shadow and tint divided
  out), turned as Tesseract's orientation detection (OSD, ``--psm 0``, from
  ``osd.traineddata``) says, and its skew of up to ``MAX_SKEW`` degrees removed (the angle
  whose row profile is sharpest). When OSD cannot tell, the caller tries the other three
  quarter turns and keeps the reading that looks most like a letter.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
from pathlib import Path

from PIL import Image, ImageFilter, ImageMath, ImageOps

logger = logging.getLogger(__name__)

# Words of almost every Indonesian letter; an upright page read by Tesseract has dozens.
_COMMON = frozenset(
    "yang dan di dengan untuk kepada nomor perihal hal sifat lampiran tanggal tempat acara "
    "pukul waktu hari undangan bapak ibu kami dalam pada ini atas kota kabupaten dinas "
    "pemerintah yth demikian hormat surat kegiatan provinsi badan kantor jalan jl kepala "
    "daftar nama jabatan peserta tahun sekretaris bidang rapat telp".split()
)
MIN_COMMON_WORDS = 4
MAX_SKEW = 6.0  # degrees
_WORD = re.compile(r"[a-z]+")


def text_score(text: str) -> int:
    """How many of the page's words are common words of a letter."""
    return sum(word in _COMMON for word in _WORD.findall(text.lower()))


def looks_like_text(text: str) -> bool:
    """Enough common words of a letter, or, on a short page, a fair share of them.
    Tesseract reading a page upside down or sideways gives letter-like garbage
    ("vejeyasay SEUIG eyedey"), in which these words do not occur."""
    common = text_score(text)
    return common >= MIN_COMMON_WORDS or (
        common >= 1 and common * 8 >= len(_WORD.findall(text.lower()))
    )


def exif_upright(path: Path, folder: Path) -> Path:
    """``path``, or an upright copy in ``folder`` when its EXIF orientation turns it."""
    with Image.open(path) as image:
        orientation = image.getexif().get(0x0112, 1)
        if orientation in (None, 1):
            return path
        upright = ImageOps.exif_transpose(image)
        target = folder / f"{path.stem}-upright.tif"
        upright.save(target)
        return target


def pdf_rotated(image_path: Path, rotate: int) -> Path:
    """Apply a page's ``/Rotate`` (degrees clockwise, as shown) to its extracted image."""
    rotate %= 360
    if not rotate:
        return image_path
    with Image.open(image_path) as image:
        turned = image.rotate(-rotate, expand=True)
    turned.save(image_path)
    return image_path


def flattened(image: Image.Image) -> Image.Image:
    """Grey, with the lighting divided out: a shadow across the page or a yellow lamp's
    tint leaves white paper and dark ink."""
    grey = ImageOps.grayscale(image)
    small = grey.reduce(max(1, min(grey.size) // 400))
    # The paper's brightness around each point: a blur wider than the letters.
    background = small.filter(ImageFilter.MaxFilter(5)).filter(ImageFilter.GaussianBlur(12))
    background = background.resize(grey.size, Image.BILINEAR)
    # ink relative to the paper around it: 255 - (paper - ink) * 255 / paper
    flat = ImageMath.lambda_eval(
        lambda a: a["convert"](255 - (a["paper"] - a["ink"]) * 255 / (a["paper"] + 1), "L"),
        paper=background,
        ink=grey,
    )
    return ImageOps.autocontrast(flat, cutoff=1)


def skew_angle(grey: Image.Image) -> float:
    """The small rotation (degrees, counter-clockwise) that makes text lines horizontal:
    the angle at which the rows' ink profile is sharpest."""
    small = grey.reduce(max(1, max(grey.size) // 800))
    ink = small.point(lambda v: 255 if v < 128 else 0)
    best, best_score = 0.0, -1.0
    for tenth in range(int(-MAX_SKEW * 2), int(MAX_SKEW * 2) + 1):
        angle = tenth / 2
        turned = ink.rotate(angle, resample=Image.NEAREST, expand=False, fillcolor=0)
        histogram = [sum(row) for row in _rows(turned)]
        mean = sum(histogram) / len(histogram)
        score = sum((value - mean) ** 2 for value in histogram)
        if score > best_score:
            best, best_score = angle, score
    return best


def _rows(image: Image.Image) -> list[list[int]]:
    width, height = image.size
    data = image.tobytes()
    return [data[y * width : (y + 1) * width] for y in range(height)]


def osd_rotation(path: Path, *, timeout: float) -> int | None:
    """Degrees to turn the page clockwise to make it upright, per Tesseract's OSD; None
    when it cannot tell (too little text, no ``osd.traineddata``)."""
    try:
        done = subprocess.run(
            ["tesseract", str(path), "stdout", "--psm", "0"],
            capture_output=True,
            timeout=timeout,
            check=False,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )
    except subprocess.TimeoutExpired:
        return None
    out = done.stdout.decode("utf-8", "replace")
    rotate = re.search(r"Rotate:\s*(\d+)", out)
    confidence = re.search(r"Orientation confidence:\s*([\d.]+)", out)
    if done.returncode != 0 or not rotate:
        logger.info("OSD could not tell: %s", done.stderr.decode("utf-8", "replace")[-200:])
        return None
    if confidence and float(confidence.group(1)) < 1.0:
        return None
    return int(rotate.group(1)) % 360


def straighten(
    path: Path, folder: Path, *, rotate: int | None, name: str, flatten: bool = True
) -> Path:
    """The page flattened (unless it already is: ``flatten=False``), turned ``rotate``
    degrees clockwise (None: as it is) and deskewed, written to ``folder`` for Tesseract."""
    with Image.open(path) as image:
        flat = flattened(ImageOps.exif_transpose(image)) if flatten else image.convert("L")
    if rotate:
        flat = flat.rotate(-rotate, expand=True)
    angle = skew_angle(flat)
    if angle:
        flat = flat.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
    target = folder / f"{name}.tif"
    flat.save(target)
    return target


def needs_care(path: Path) -> tuple[bool, bool]:
    """(lying on its side, unevenly lit), judged on a thumbnail in a few milliseconds.

    A letter is portrait: an image much wider than tall was taken sideways. A scanner
    gives white paper; a phone gives a shadow across it or a lamp's tint, seen as paper
    (the brightest pixels around each point) that is not the same near-white all over."""
    with Image.open(path) as image:
        width, height = image.size
        image.draft("L", (200, 200))  # JPEG: decode at 1/8 scale
        thumb = ImageOps.grayscale(image)
        thumb.thumbnail((120, 120))
    paper = sorted(thumb.filter(ImageFilter.MaxFilter(7)).tobytes())
    low, middle = paper[len(paper) // 10], paper[len(paper) // 2]
    return width > 1.15 * height, middle < 200 or paper[-1] - low > 45


def blank(path: Path) -> bool:
    """Next to no ink on the (flattened) page: nothing to turn."""
    with Image.open(path) as image:
        histogram = image.convert("L").histogram()
    dark = sum(histogram[:128])
    return dark < 0.002 * sum(histogram)


def flat_copy(path: Path, folder: Path, name: str) -> Path:
    """Only the lighting flattened (no turn, no deskew): OSD reads that best."""
    with Image.open(path) as image:
        flat = flattened(ImageOps.exif_transpose(image))
    target = folder / f"{name}.tif"
    flat.save(target)
    return target
