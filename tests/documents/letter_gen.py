"""Generated Indonesian invitation letters with their answers, in layouts beyond the
sample set's: bordered label | value tables, header-row tables, unbordered tables,
deadline-first prose, a programme (Susunan Acara) without a time label, OCR-style
punctuation, two letters in one PDF, letterheads of several regions.

    letter = make_letter(seed, "table_rows")   # .pdf (bytes), .truth (score.py fields),
                                               # .letters (one truth per letter)
    png = scan_image(letter.pdf)                # the page as a noisy grey scan (Pillow)

``pool="tune"`` and ``pool="held"`` draw from different label spellings, places and
wordings, so a held-out set (other seeds, other pool) checks the reader, not a fit to the
letters it was tuned on. No Django here; the PDF is written by hand (Helvetica, lines).
"""

import datetime as dt
import io
import random
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from documents.pdf_objects import pdf_from_objects

LAYOUTS = (
    "labels",
    "labels_ocr",
    "table_rows",
    "table_header",
    "table_header_plain",
    "table_plain",
    "deadline_first",
    "programme",
    "two_letters",
)

REGIONS = {
    "tune": [
        ("KOTA PALU", "Palu", "WITA", "Asia/Makassar", "Wali Kota Palu"),
        ("KABUPATEN SLEMAN", "Sleman", "WIB", "Asia/Jakarta", "Bupati Sleman"),
        ("PROVINSI PAPUA", "Jayapura", "WIT", "Asia/Jayapura", "Gubernur Papua"),
        ("KOTA MAKASSAR", "Makassar", "WITA", "Asia/Makassar", "Wali Kota Makassar"),
    ],
    "held": [
        ("KABUPATEN BANYUWANGI", "Banyuwangi", "WIB", "Asia/Jakarta", "Bupati Banyuwangi"),
        ("KOTA AMBON", "Ambon", "WIT", "Asia/Jayapura", "Wali Kota Ambon"),
        ("KOTA KUPANG", "Kupang", "WITA", "Asia/Makassar", "Wali Kota Kupang"),
        ("KABUPATEN BANDUNG", "Soreang", "WIB", "Asia/Jakarta", "Bupati Bandung"),
        ("PROVINSI MALUKU UTARA", "Sofifi", "WIT", "Asia/Jayapura", "Gubernur Maluku Utara"),
    ],
}
DEPARTMENTS = [
    ("DINAS KESEHATAN", "Dinkes", "440"),
    ("BADAN PERENCANAAN PEMBANGUNAN DAERAH", "Bappeda", "050"),
    ("DINAS PENDIDIKAN DAN KEBUDAYAAN", "Disdikbud", "420"),
    ("DINAS PEKERJAAN UMUM DAN PENATAAN RUANG", "DPUPR", "600"),
    ("BADAN PENANGGULANGAN BENCANA DAERAH", "BPBD", "360"),
    ("DINAS KOMUNIKASI DAN INFORMATIKA", "Diskominfo", "555"),
    ("DINAS SOSIAL", "Dinsos", "460"),
]
TITLES = [
    "Rapat Koordinasi Penanganan Stunting",
    "Sosialisasi Sistem Pemerintahan Berbasis Elektronik",
    "Musyawarah Perencanaan Pembangunan Tingkat Kecamatan",
    "Rapat Evaluasi Kesiapsiagaan Bencana",
    "Bimbingan Teknis Penyusunan Laporan Keuangan",
    "Peluncuran Program Sekolah Ramah Anak",
    "Forum Konsultasi Publik Rencana Kerja",
    "Pelatihan Pengelolaan Arsip Dinamis",
]
VENUES = [
    "Aula Kantor Wali Kota Lantai 2",
    "Ruang Rapat Bappeda Jl. Merdeka No. 12",
    "Hotel Santika Jl. Diponegoro No. 45",
    "Gedung Serbaguna Kecamatan Utara",
    "Ruang Pola Kantor Gubernur",
    "Balai Pertemuan Dinas Sosial",
]
CLASSES = [("Biasa", "biasa"), ("Segera", "segera"), ("Penting", "penting"),
           ("Sangat Segera", "sangat_segera"), ("Rahasia", "rahasia")]  # fmt: skip
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember"]  # fmt: skip
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
LABEL_WORDS = {
    "tune": {"date": ["Hari/Tanggal"], "time": ["Waktu", "Pukul"], "venue": ["Tempat"],
             "event": ["Acara"], "subject": ["Perihal"]},
    "held": {"date": ["Hari, Tanggal", "Hari / Tanggal", "Hari/Tgl"], "time": ["Jam", "Pukul"],
             "venue": ["Tempat", "Lokasi"], "event": ["Kegiatan", "Agenda"],
             "subject": ["Hal", "Perihal"]},
}  # fmt: skip


def long_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}.{minutes % 60:02d}"


@dataclass
class Content:
    """One letter's facts, drawn from a seed."""

    region: tuple
    department: tuple
    number: str
    letter_date: dt.date
    classification: tuple[str, str]
    addressee: str
    subject: str
    title: str
    start: dt.date
    end: dt.date | None
    start_time: int  # minutes
    end_time: int | None
    venue: str
    labels: dict[str, str]

    @property
    def zone_word(self) -> str:
        return self.region[2]

    def date_text(self) -> str:
        if self.end is None:
            return f"{DAYS[self.start.weekday()]}, {long_date(self.start)}"
        return (
            f"{DAYS[self.start.weekday()]} s.d. {DAYS[self.end.weekday()]}, "
            f"{self.start.day} s.d. {long_date(self.end)}"
            if self.start.month == self.end.month
            else f"{long_date(self.start)} s.d. {long_date(self.end)}"
        )

    def time_text(self) -> str:
        end = f"{hhmm(self.end_time)} {self.zone_word}" if self.end_time else "selesai"
        return f"{hhmm(self.start_time)} {self.zone_word} s.d. {end}"

    def truth(self) -> dict:
        return {
            "letter_number": self.number,
            "letter_date": self.letter_date.isoformat(),
            "sender": " ".join(
                w.lower() if w in ("DAN",) else w.capitalize() for w in self.department[0].split()
            ),
            "addressee": self.addressee,
            "subject": self.subject,
            "classification": self.classification[1],
            "event_title": self.title,
            "event_date": self.start.isoformat(),
            "event_end_date": self.end.isoformat() if self.end else None,
            "start_time": f"{self.start_time // 60:02d}:{self.start_time % 60:02d}",
            "end_time": (
                f"{self.end_time // 60:02d}:{self.end_time % 60:02d}" if self.end_time else None
            ),
            "timezone": self.region[3],
            "venue": self.venue,
        }


def draw_content(rng: random.Random, pool: str) -> Content:
    region = rng.choice(REGIONS[pool])
    department = rng.choice(DEPARTMENTS)
    letter_date = dt.date(2026, 1, 5) + dt.timedelta(days=rng.randrange(300))
    start = letter_date + dt.timedelta(days=rng.randrange(4, 30))
    end = start + dt.timedelta(days=rng.randrange(1, 3)) if rng.random() < 0.25 else None
    start_time = rng.choice([450, 480, 510, 540, 570, 600, 780])
    end_time = start_time + rng.choice([120, 150, 180, 240]) if rng.random() < 0.7 else None
    title = rng.choice(TITLES)
    labels = {key: rng.choice(words) for key, words in LABEL_WORDS[pool].items()}
    return Content(
        region=region,
        department=department,
        number=f"{department[2]}/{rng.randrange(100, 2999)}/{department[1]}/"
        f"{ROMAN[letter_date.month - 1]}/{letter_date.year}",
        letter_date=letter_date,
        classification=rng.choice(CLASSES),
        addressee=region[4] if rng.random() < 0.6 else "Kepala Dinas Sosial",
        subject=f"Undangan {title.split()[0]}",
        title=title,
        start=start,
        end=end,
        start_time=start_time,
        end_time=end_time,
        venue=rng.choice(VENUES),
        labels=labels,
    )


# Pages: text and rules at positions (points, origin bottom left)


@dataclass
class Page:
    ops: list[tuple] = field(default_factory=list)
    y: float = 790.0

    def text(self, x: float, y: float, text: str, size: float = 11, bold: bool = False) -> None:
        self.ops.append(("text", x, y, text, size, bold))

    def line(self, text: str = "", x: float = 72, size: float = 11, gap: float = 15,
             bold: bool = False) -> None:  # fmt: skip
        if text:
            self.text(x, self.y, text, size, bold)
        self.y -= gap

    def rule(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self.ops.append(("rule", x1, y1, x2, y2))


def _wrap(text: str, width: float, size: float = 11) -> list[str]:
    limit = max(4, int(width / (0.6 * size)))
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > limit:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return lines + ([current] if current else [])


def _letterhead(page: Page, c: Content) -> None:
    page.line(f"PEMERINTAH {c.region[0]}", x=170, size=13, gap=17, bold=True)
    page.line(c.department[0], x=150 if len(c.department[0]) > 30 else 190, size=13, gap=16,
              bold=True)  # fmt: skip
    page.line(f"Jl. Sam Ratulangi No. {len(c.number)} {c.region[1]} Telp. (0451) 421234",
              x=140, size=9, gap=8)  # fmt: skip
    page.rule(72, page.y, 523, page.y)
    page.y -= 22


def _header(page: Page, c: Content, *, ocr: bool = False) -> None:
    sep = {"number": ":", "classification": ":", "attachment": ":", "subject": ":"}
    if ocr:
        sep = {"number": ":", "classification": '"1', "attachment": ";", "subject": "-"}
    page.text(360, page.y, f"{c.region[1]}, {long_date(c.letter_date)}")
    for label, key, value in [
        ("Nomor", "number", c.number),
        ("Sifat", "classification", c.classification[0]),
        ("Lampiran", "attachment", "-"),
        (c.labels["subject"], "subject", c.subject),
    ]:
        page.text(72, page.y, label)
        page.text(130, page.y, f"{sep[key]} {value}")
        page.y -= 15
    page.y -= 10
    page.line("Kepada")
    page.line(f"Yth. {c.addressee}")
    page.line(f"di - {c.region[1]}", x=90)
    page.y -= 10


def _closing(page: Page, c: Content) -> None:
    page.y -= 8
    for text in _wrap(
        "Demikian undangan ini kami sampaikan, atas perhatian dan kehadiran Bapak/Ibu "
        "diucapkan terima kasih.",
        450,
    ):
        page.line(text)
    page.y -= 20
    page.line(f"KEPALA {c.department[0]},"[:48], x=330)
    page.y -= 40
    page.line("Dr. H. Andi Mappaturung, M.Kes", x=330)
    page.line("NIP. 19700512 199803 1 004", x=330)


def _opening(page: Page, c: Content) -> None:
    page.line("Dengan hormat,")
    for text in _wrap(
        f"Dalam rangka {c.title}, bersama ini kami mengundang Bapak/Ibu untuk hadir "
        "pada kegiatan yang akan dilaksanakan pada:",
        450,
    ):
        page.line(text)
    page.y -= 6


def _event_rows(c: Content) -> list[tuple[str, str]]:
    return [
        (c.labels["date"], c.date_text()),
        (c.labels["time"], c.time_text()),
        (c.labels["venue"], c.venue),
        (c.labels["event"], c.title),
    ]


def _ocr_punctuation(c: Content) -> list[tuple[str, str]]:
    """What Tesseract makes of the event block's punctuation (as seen on real scans)."""
    date = c.date_text().replace(" s.d. ", " s.d.. ", 1)
    times = c.time_text().replace(" s.d. ", "'s.d. ", 1)
    return [
        (c.labels["date"], f":{date}"),
        ("Pukul", f":.{times}"),
        ("Tempat", f"- {c.venue}"),
        (c.labels["event"], f". {c.title}"),
    ]


def _table(page: Page, rows: list[list[str]], widths: list[float], *, border: bool,
           x: float = 90, size: float = 10.5) -> None:  # fmt: skip
    top = page.y + 12
    for row in rows:
        cells = [_wrap(text, width - 8, size) for text, width in zip(row, widths, strict=True)]
        height = max(len(cell) for cell in cells) * 13 + 6
        left = x
        for cell, width in zip(cells, widths, strict=True):
            for n, text in enumerate(cell):
                page.text(left + 4, top - 13 - n * 13, text, size)
            left += width
        if border:
            page.rule(x, top, x + sum(widths), top)
        top -= height
    if border:
        page.rule(x, top, x + sum(widths), top)
        left = x
        for width in [0, *widths]:
            left += width
            page.rule(left, page.y + 12, left, top)
    page.y = top - 16


def _event_block(page: Page, c: Content, layout: str) -> None:
    if layout in ("labels", "two_letters"):
        _opening(page, c)
        for label, value in _event_rows(c):
            page.text(100, page.y, label)
            page.text(200, page.y, f": {value}")
            page.y -= 15
    elif layout == "labels_ocr":
        _opening(page, c)
        for label, value in _ocr_punctuation(c):
            page.text(100, page.y, f"{label} {value}")
            page.y -= 15
    elif layout == "table_rows":
        _opening(page, c)
        rows = [[label, value] for label, value in _event_rows(c)]
        _table(page, rows, [110, 300], border=True)
    elif layout == "table_plain":
        _opening(page, c)
        rows = [[label, value] for label, value in _event_rows(c)]
        _table(page, rows, [110, 320], border=False)
    elif layout in ("table_header", "table_header_plain"):
        _opening(page, c)
        rows = list(zip(*_event_rows(c), strict=True))
        _table(page, [list(rows[0]), list(rows[1])], [115, 95, 120, 115],
               border=layout == "table_header", x=72)  # fmt: skip
    elif layout == "deadline_first":
        _deadline_prose(page, c)
    elif layout == "programme":
        _programme(page, c)
    else:
        raise ValueError(layout)


def _deadline_prose(page: Page, c: Content) -> None:
    deadline = c.start - dt.timedelta(days=2)
    page.line("Dengan hormat,")
    text = (
        f"Sehubungan dengan akan dilaksanakannya {c.title}, kami mohon Bapak/Ibu "
        f"mengonfirmasi kehadiran paling lambat tanggal {long_date(deadline)} pukul 15.00 "
        f"{c.zone_word} kepada panitia. Kegiatan tersebut akan dilaksanakan pada hari "
        f"{DAYS[c.start.weekday()]} tanggal "
        + (long_date(c.start) if c.end is None else f"{long_date(c.start)} s.d. {long_date(c.end)}")
        + f", pukul {c.time_text()}, bertempat di {c.venue}."
    )
    for line in _wrap(text, 450):
        page.line(line)


def _programme(page: Page, c: Content) -> None:
    _opening(page, c)
    for label, value in _event_rows(c):
        if label == c.labels["time"]:
            continue
        page.text(100, page.y, label)
        page.text(200, page.y, f": {value}")
        page.y -= 15
    page.y -= 6
    page.line(f"Susunan Acara (waktu {c.zone_word}):")
    minute = c.start_time
    end = c.end_time or c.start_time + 150
    steps = ["Registrasi peserta", "Pembukaan dan sambutan", "Paparan materi", "Diskusi"]
    step = (end - minute) // len(steps) // 5 * 5
    for n, what in enumerate(steps):
        last = end if n == len(steps) - 1 else minute + step
        page.line(f"{hhmm(minute)} - {hhmm(last)}  {what}", x=100)
        minute = last


def _letter_page(c: Content, layout: str) -> Page:
    page = Page()
    _letterhead(page, c)
    _header(page, c, ocr=layout == "labels_ocr")
    _event_block(page, c, layout)
    _closing(page, c)
    return page


@dataclass
class Generated:
    seed: int
    layout: str
    pdf: bytes
    truth: dict
    letters: list[dict]  # each letter's truth with its "pages"


def make_letter(seed: int, layout: str, pool: str = "tune") -> Generated:
    rng = random.Random(f"{pool}-{seed}-{layout}")
    content = draw_content(rng, pool)
    if layout == "programme" and content.end_time is None:
        content.end_time = content.start_time + 150
    pages = [_letter_page(content, layout)]
    truth = content.truth()
    letters = [{**truth, "pages": [1, 1]}]
    if layout == "two_letters":
        second = draw_content(rng, pool)
        pages.append(_letter_page(second, "labels"))
        letters.append({**second.truth(), "pages": [2, 2]})
    return Generated(seed, layout, pdf_bytes(pages), truth, letters)


def pdf_bytes(pages: list[Page]) -> bytes:
    """A PDF of these pages: Helvetica (Latin-1) text and black rules, A4."""

    def escape(text: str) -> str:
        text = text.encode("latin-1", "replace").decode("latin-1")
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    objects: list[bytes] = [b"<</Type/Catalog/Pages 2 0 R>>", b""]
    fonts = b"<</Font<</F1 3 0 R/F2 4 0 R>>>>"
    objects.append(b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>")
    objects.append(b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica-Bold/Encoding/WinAnsiEncoding>>")
    kids = []
    for page in pages:
        ops = ["0.8 w"]
        for op in page.ops:
            if op[0] == "text":
                _, x, y, text, size, bold = op
                font = "F2" if bold else "F1"
                ops.append(f"BT /{font} {size:g} Tf {x:.1f} {y:.1f} Td ({escape(text)}) Tj ET")
            else:
                _, x1, y1, x2, y2 = op
                ops.append(f"{x1:.1f} {y1:.1f} m {x2:.1f} {y2:.1f} l S")
        stream = "\n".join(ops).encode("latin-1")
        objects.append(b"<</Length %d>>stream\n" % len(stream) + stream + b"\nendstream")
        contents = len(objects)
        objects.append(
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources"
            + fonts
            + b"/Contents %d 0 R>>" % contents
        )
        kids.append(len(objects))
    objects[1] = b"<</Type/Pages/Kids[%s]/Count %d>>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    return pdf_from_objects(objects)


def scan_image(pdf: bytes, *, seed: int = 0, dpi: int = 200, page: int = 1) -> bytes:
    """One page of ``pdf`` as a phone-or-copier scan: grey, slightly skewed, blurred,
    with speckle (Poppler renders, Pillow spoils). PNG bytes."""
    from PIL import Image, ImageFilter

    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="lontar-gen-") as tmp:
        source = Path(tmp) / "letter.pdf"
        source.write_bytes(pdf)
        stem = Path(tmp) / "page"
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-gray", "-png", "-singlefile", "-f", str(page),
             "-l", str(page), str(source), str(stem)],
            check=True, capture_output=True,
        )  # fmt: skip
        image = Image.open(stem.with_suffix(".png")).convert("L")
        image.load()
    image = image.rotate(rng.uniform(-0.8, 0.8), fillcolor=255, resample=Image.BICUBIC)
    image = image.filter(ImageFilter.GaussianBlur(0.6))
    pixels = image.load()
    width, height = image.size
    for _ in range(width * height // 900):
        x, y = rng.randrange(width), rng.randrange(height)
        pixels[x, y] = rng.choice((0, 90, 160))
    image = image.point(lambda v: min(255, int(v * 0.92 + 14)))  # a grey, tinted sheet
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
