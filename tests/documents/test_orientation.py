"""Pages sideways, upside down, tilted, shadowed and tinted are read as the upright letter
(documents/extraction/orientation.py): phone photos made here from a rendered letter."""

import io
import shutil

import pikepdf
import pytest
from PIL import Image, ImageChops

from documents.extraction import orientation
from documents.extraction.runner import read_in_process
from tests.documents.files import scan_of, scanned_pdf, text_pdf

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="tesseract is not installed"
)

LINES = [
    "PEMERINTAH KOTA PALU",
    "DINAS KESEHATAN",
    "Jl. Balai Kota Selatan No. 1 Palu",
    "Nomor : 440/1234/Dinkes/2026",
    "Sifat : Biasa",
    "Lampiran : -",
    "Perihal : Undangan Rapat Koordinasi",
    "Palu, 2 November 2026",
    "Kepada Yth. Wali Kota Palu",
    "di - Palu",
    "Dengan hormat, kami mengundang Bapak untuk hadir pada:",
    "Hari/Tanggal : Selasa, 17 November 2026",
    "Waktu : 09.00 s.d. 12.00 WITA",
    "Tempat : Aula Dinas Kesehatan Kota Palu",
    "Acara : Rapat Koordinasi Imunisasi",
    "Demikian undangan ini kami sampaikan.",
    "Kepala Dinas Kesehatan",
]
UPRIGHT = {
    "letter_number": "440/1234/Dinkes/2026",
    "event_date": "2026-11-17",
    "start_time": "09:00",
    "subject": "Undangan Rapat Koordinasi",
}


def key_fields(fields: dict) -> dict:
    return {name: fields[name] for name in UPRIGHT}


def phone_photo(turn: int, *, skew: float = 2.5) -> Image.Image:
    """The letter photographed: a lamp's yellow tint, a shadow darkening one side, held
    ``skew`` degrees off and turned ``turn`` degrees counter-clockwise, on a dark desk."""
    page = scan_of(LINES, dpi=200).convert("RGB")
    width, height = page.size
    tint = Image.new("RGB", page.size, (255, 236, 190))
    shadow = Image.linear_gradient("L").rotate(90).resize(page.size)
    shadow = shadow.point(lambda value: 255 - int(value * 0.5))
    page = ImageChops.multiply(ImageChops.multiply(page, tint), Image.merge("RGB", [shadow] * 3))
    page = page.rotate(skew, expand=True, fillcolor=(90, 80, 70))
    return page.rotate(turn, expand=True)


def jpeg(image: Image.Image, **save: object) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, **save)
    return out.getvalue()


@pytest.fixture
def no_osd(monkeypatch):
    """Orientation detection must not be needed: the file itself says how it is turned."""

    def refuse(*_args, **_kwargs):
        raise AssertionError("OSD was run, but the file says its orientation")

    monkeypatch.setattr(orientation, "osd_rotation", refuse)


@needs_tesseract
@pytest.mark.parametrize("turn", [0, 90, 180, 270])
def test_a_phone_photo_turned_shadowed_and_tinted_reads_as_the_upright_letter(tmp_path, turn):
    path = tmp_path / f"foto-{turn}.jpg"
    path.write_bytes(jpeg(phone_photo(turn)))
    result = read_in_process(str(path))
    assert key_fields(result["fields"]) == UPRIGHT


@needs_tesseract
def test_a_jpeg_turned_by_its_exif_orientation_is_read_upright(tmp_path, no_osd):
    # Stored sideways (turned 90 degrees counter-clockwise, as a phone held on its side
    # stores it); EXIF orientation 6 says "show turned 90 degrees clockwise".
    stored = scan_of(LINES, dpi=200).rotate(90, expand=True)
    exif = Image.Exif()
    exif[0x0112] = 6
    path = tmp_path / "foto-exif.jpg"
    path.write_bytes(jpeg(stored, exif=exif))
    result = read_in_process(str(path))
    assert key_fields(result["fields"]) == UPRIGHT


@needs_tesseract
@pytest.mark.parametrize("dpi", [150, 100], ids=["its-own-image", "rendered-by-poppler"])
def test_a_scanned_pdf_page_with_rotate_is_read_as_it_is_shown(tmp_path, no_osd, dpi):
    # The scan stored sideways (turned 90 degrees counter-clockwise), /Rotate 90 shows it
    # upright, as a scanner's software saves a page the clerk turned on screen.
    sideways = scan_of(LINES, dpi=dpi).rotate(90, expand=True)
    out = io.BytesIO()
    sideways.save(out, "PDF", resolution=dpi)
    pdf = pikepdf.open(io.BytesIO(out.getvalue()))
    pdf.pages[0].Rotate = 90
    path = tmp_path / "scan-rotate.pdf"
    pdf.save(path)
    result = read_in_process(str(path))
    assert result["ocr"] is True
    assert key_fields(result["fields"]) == UPRIGHT


@needs_tesseract
def test_an_upright_clean_scan_is_read_once_without_orientation_detection(tmp_path, no_osd):
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_pdf(LINES))
    assert key_fields(read_in_process(str(path))["fields"]) == UPRIGHT


def test_the_skew_of_a_tilted_page_is_found_to_within_a_degree():
    page = scan_of(LINES, dpi=100)
    for tilt in (-3.0, 0.0, 4.0):
        tilted = page.rotate(tilt, expand=True, fillcolor=255)
        assert abs(orientation.skew_angle(tilted) + tilt) <= 1.0, tilt


def test_a_photo_needs_care_and_a_clean_scan_does_not(tmp_path):
    clean, sideways, photo = tmp_path / "a.png", tmp_path / "b.png", tmp_path / "c.jpg"
    scan_of(LINES, dpi=100).save(clean)
    scan_of(LINES, dpi=100).rotate(90, expand=True).save(sideways)
    phone_photo(0).save(photo)
    assert orientation.needs_care(clean) == (False, False)
    assert orientation.needs_care(sideways) == (True, False)
    assert orientation.needs_care(photo)[1] is True


def test_a_reading_looks_like_a_letter_by_its_common_words():
    assert orientation.looks_like_text("Nomor : 1\nPerihal : Undangan\nKepada Yth. Bapak")
    assert not orientation.looks_like_text("~ ,. i1l ' | ;;: -_ ee a! \\ ]")


@pytest.mark.parametrize("rotate", [90, 180, 270])
def test_a_text_pdf_page_turned_by_rotate_is_read_as_the_letter_was_written(tmp_path, rotate):
    # An office turned the page in its viewer and saved it: /Rotate shows the text
    # sideways or upside down, while the text as drawn is the upright letter.
    pdf = pikepdf.open(io.BytesIO(text_pdf(LINES)))
    pdf.pages[0].Rotate = rotate
    path = tmp_path / f"surat-rotate-{rotate}.pdf"
    pdf.save(path)
    result = read_in_process(str(path))
    assert result["ocr"] is False
    assert key_fields(result["fields"]) == UPRIGHT
