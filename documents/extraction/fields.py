"""The field extractor for Indonesian invitation letters (surat undangan).

It reads the conventions, not a template: the header labels (Nomor, Sifat, Lampiran,
Perihal/Hal), the place-and-date line ("Palu, 2 November 2026"), the addressee after
"Yth.", the letterhead's organisation, and the event block, either as labels (Hari/Tanggal,
Pukul/Waktu/Jam, Tempat/Lokasi, Acara/Agenda/Kegiatan) or as a sentence ("... pada hari
Rabu tanggal 28 Oktober 2026, pukul 08.00 WIB s.d. selesai, bertempat di ...").

Input is plain text, one printed line per line (pdfplumber or Tesseract). Labels are
matched fuzzily (OCR: "Perihai", "Hari/Tanggal."), the two columns of a header row
("Perihal : Undangan   Kepada") are pulled apart, and wrapped values are followed onto
their next lines. Every field comes with a confidence; fields under 0.8 are "unsure".
"""

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from documents.extraction.dates import (
    find_date,
    find_date_range,
    find_time_range,
    find_zone,
    fix_digits,
    is_day_name,
)

FIELDS = [
    "letter_number",
    "letter_date",
    "sender",
    "addressee",
    "subject",
    "classification",
    "event_title",
    "event_date",
    "event_end_date",
    "start_time",
    "end_time",
    "timezone",
    "venue",
]
UNSURE_BELOW = 0.8

# Label words as letters print them, keyed by what they stand for.
LABELS: dict[str, tuple[str, ...]] = {
    "number": ("nomor", "no", "nomer", "nomor surat"),
    "classification": ("sifat", "sifat surat"),
    "attachment": ("lampiran", "lamp"),
    "subject": ("perihal", "hal", "perihal surat"),
    "day_date": ("hari tanggal", "hari tgl", "hari dan tanggal", "tanggal hari"),
    "day": ("hari",),
    "date": ("tanggal", "tgl", "tanggal pelaksanaan"),
    "time": ("pukul", "waktu", "jam", "waktu pelaksanaan"),
    "venue": ("tempat", "lokasi", "bertempat", "tempat pelaksanaan", "tempat kegiatan"),
    "event": ("acara", "agenda", "kegiatan", "nama kegiatan", "nama acara"),
    "dress": ("pakaian", "busana", "dress code"),
    "contact": ("narahubung", "contact person", "cp", "kontak", "informasi"),
    "note": ("catatan", "keterangan", "ket"),
}
_LABEL_WORDS = {re.sub(r"[^a-z]", "", word): key for key, words in LABELS.items() for word in words}

CLASSIFICATIONS = {
    "sangat segera": "sangat_segera",
    "sangat rahasia": "rahasia",
    "segera": "segera",
    "biasa": "biasa",
    "penting": "penting",
    "rahasia": "rahasia",
    "kilat": "sangat_segera",
}

# Words that end a wrapped value: the next paragraph, the addressee column, the closing.
_STOP_START = re.compile(
    r"^(kepada|yth|yang\s+terhormat|di\s*[-\u2013]|di\s+tempat|dengan\s+hormat|dalam\s+rangka|"
    r"berkenaan|sehubungan|mengingat|demikian|atas\s+perhatian|hormat\s+kami|tembusan|"
    r"bersama\s+ini|untuk\s+itu|kami\b|mohon|dimohon)",
    re.IGNORECASE,
)
_SMALL_WORDS = {
    "dan", "di", "ke", "dari", "yang", "untuk", "serta", "atas", "pada", "dalam", "bagi",
    "tentang", "tahun", "oleh", "no", "jl", "jalan", "lt", "lantai", "&", "se", "tingkat",
    "kota", "kabupaten", "provinsi", "kecamatan", "desa", "kelurahan", "rt", "rw",
}  # fmt: skip
_ADDRESS = re.compile(
    r"\b(jl|jln|jalan|telp|telepon|tlp|fax|faks|faksimile|e-?mail|surel|website|laman|www|http|"
    r"kode\s*pos|pos\s*el)\b|@|\(\d{3,5}\)",
    re.IGNORECASE,
)
_GOVERNMENT = re.compile(r"^\s*pemerintah\s+(kota|kabupaten|kab\.?|provinsi|daerah)\b", re.I)
_ABBREVIATIONS = {
    "jl", "jln", "no", "kel", "kec", "kab", "prov", "gd", "lt", "h", "hj", "dr", "ir", "st",
    "rt", "rw", "km", "blok", "komp", "perum", "ds", "dsn",
}  # fmt: skip


@dataclass
class LetterFields:
    values: dict[str, str | None] = field(default_factory=lambda: dict.fromkeys(FIELDS))
    confidence: dict[str, float] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0.0))

    def set(self, name: str, value: str | None, confidence: float) -> None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return
        self.values[name] = value.strip() if isinstance(value, str) else value
        self.confidence[name] = round(confidence, 2)

    @property
    def unsure(self) -> list[str]:
        return [
            name
            for name in FIELDS
            if self.values[name] is not None and self.confidence[name] < UNSURE_BELOW
        ]

    def as_dict(self) -> dict:
        return {
            **self.values,
            "confidence": dict(self.confidence),
            "unsure": self.unsure,
        }


# Text clean-up


def normalise_text(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u2019", "'")
    lines = []
    for raw in text.splitlines():
        line = re.sub(r"[ \t]+", " ", raw).strip()
        # OCR reads the table rule or speckle at a line's edges as | or _ or ~
        line = re.sub(r"^[|_~>»*•:;.,'\"\-—–\s]+(?=[A-Za-z0-9])", "", line)
        line = re.sub(r"[|_~]+$", "", line).strip()
        lines.append(line)
    return lines


# Characters no letter writes in a name or title but OCR makes of speckle and rules.
_NOISE = re.compile(r"\s(?:\S*[|=©®«»~_{}<>\\]\S*|[-.,:;]{2,})(?:\s|$)")


def _tidy(value: str) -> str:
    value = re.sub(r"\s+", " ", value)
    noise = _NOISE.search(" " + value + " ")
    if noise:
        value = value[: max(noise.start() - 1, 0)]
    return value.strip(" \t:;,-|_.").strip()


def _is_title_fragment(line: str) -> bool:
    """A wrapped piece of a title: mostly capitalised words, no sentence."""
    words = re.findall(r"[A-Za-z][A-Za-z'&.-]*|\d+", line)
    if not words or len(words) > 10 or line.rstrip().endswith(":"):
        return False
    capitalised = sum(
        1 for w in words if w[0].isupper() or w[0].isdigit() or w.lower() in _SMALL_WORDS
    )
    return capitalised / len(words) >= 0.75


# Labels


@dataclass
class Labelled:
    key: str
    value: str
    index: int  # line number
    exact: bool


def _label_key(text: str) -> tuple[str | None, bool]:
    """Which label ``text`` (the part before the colon) is, and whether it matched exactly."""
    letters = re.sub(r"[^a-z]", "", text.lower())
    if not letters or len(letters) > 22:
        return None, False
    if letters in _LABEL_WORDS:
        return _LABEL_WORDS[letters], True
    if len(letters) >= 4:
        close = difflib.get_close_matches(letters, _LABEL_WORDS, n=1, cutoff=0.8)
        if close:
            return _LABEL_WORDS[close[0]], False
    return None, False


# The colon may come out of OCR as ";", "»" or "=", with a stray dot or dash before it.
_LABEL_LINE = re.compile(
    r"^(?P<label>[A-Za-z][A-Za-z /,.&\-”\"'’|_]{0,24}?)\s*[:;»=›](?P<value>.*)$"
)
# OCR may lose the colon altogether: "Hari / Tanggal Selasa / 24 Februari 2026".
_BARE_LABEL = re.compile(r"^(?P<label>[A-Za-z]+(?:\s*[/,]?\s*[A-Za-z]+)?)\s+(?P<value>\S.*)$")


def _bare_label(line: str) -> tuple[str, str] | None:
    """A label without its colon, accepted only when the value is what the label needs."""
    for match in (
        _BARE_LABEL.match(line),
        re.match(r"^(?P<label>[A-Za-z]+)\s+(?P<value>\S.*)$", line),
    ):
        if not match:
            continue
        key, exact = _label_key(match.group("label"))
        value = match.group("value")
        if not exact:
            continue
        if key in ("day_date", "date") and find_date_range(value):
            return key, value
        if key == "time" and find_time_range(value):
            return key, value
        if key == "number" and "/" in value:
            return key, value
        if key == "classification" and value.lower().strip(" .") in CLASSIFICATIONS:
            return key, value
    return None


def find_labels(lines: list[str]) -> list[Labelled]:
    found = []
    for index, line in enumerate(lines):
        match = _LABEL_LINE.match(line)
        key, exact = _label_key(match.group("label")) if match else (None, False)
        if key is not None:
            value = match.group("value").strip().lstrip(":;").strip()
        else:
            bare = _bare_label(line)
            if bare is None:
                continue
            (key, value), exact = bare, False
        found.append(Labelled(key, value, index, exact))
    return found


def _split_column(value: str) -> str:
    """Cut the right-hand column (Kepada / Yth. / the place-and-date) off a header value."""
    value = re.split(r"\s+(?:Kepada\b|Yth\b|Yang\s+terhormat\b)", value, maxsplit=1)[0]
    place_date = _PLACE_DATE.search(value)
    if place_date:
        value = value[: place_date.start()]
    return value.strip()


def _with_continuation(lines: list[str], item: Labelled, label_lines: set[int]) -> str:
    """A label's value plus the lines it wraps onto."""
    parts = [_split_column(item.value)]
    taken = 0
    for index in range(item.index + 1, min(item.index + 6, len(lines))):
        line = lines[index]
        if not line:
            continue  # OCR leaves blank lines between the printed ones
        if taken >= 3 or index in label_lines or _STOP_START.match(line):
            break
        taken += 1
        piece = _split_column(line)
        if not piece or not _is_title_fragment(piece):
            break
        parts.append(piece)
        if piece != line.strip():  # the right column started here: the value ends
            break
    return _tidy(" ".join(parts))


# The place-and-date line: "Palu, 2 November 2026", "Kediri, 07-10-2026"
_PLACE_DATE = re.compile(
    r"(?P<place>[A-Z][A-Za-z'.-]+(?:\s[A-Z][A-Za-z'.-]+){0,3})\s?,[.,]?\s*"
    r"(?P<date>[0-9OoIl]{1,2}(?:\s*[A-Za-z]{3,10}\.?\s*,?\s*|\s*[-/.]\s*[0-9OoIl]{1,2}\s*[-/.]\s*)"
    r"[0-9OoIl]{4})\s*$"
)


def find_letter_date(lines: list[str], skip: set[int]) -> tuple[str | None, int | None]:
    for index, line in enumerate(lines):
        if index in skip:
            continue
        match = _PLACE_DATE.search(line)
        if not match:
            continue
        place = match.group("place")
        if is_day_name(place.split()[-1]) or is_day_name(place.split()[0]):
            continue
        date = find_date(match.group("date"))
        if date:
            return date.isoformat(), index
    return None, None


# Letter number

_NUMBER_TOKEN = re.compile(r"[A-Za-z0-9.\-]+(?:\s?/\s?[A-Za-z0-9.\-]+)+")


def clean_letter_number(value: str) -> str | None:
    value = _split_column(value)
    match = _NUMBER_TOKEN.search(value)
    if not match:
        token = value.split()[0] if value.split() else ""
        return token or None
    parts = [p.strip() for p in match.group().split("/")]
    # A part holding digits is a number: OCR's O and l there are 0 and 1.
    parts = [fix_digits(p) if re.search(r"\d", p) and re.fullmatch(r"[0-9OoIl.\-]+", p) else p
             for p in parts]  # fmt: skip
    # The Roman month before the year (…/DPUPR/I/2026) is read by OCR as 1, l or |.
    if len(parts) >= 3 and re.fullmatch(r"\d{4}", parts[-1]) and re.search(r"[A-Za-z]", parts[-3]):
        month = parts[-2]
        if re.fullmatch(r"[IVX1l|]{1,4}", month) and not re.fullmatch(r"\d{2,}", month):
            parts[-2] = month.replace("1", "I").replace("l", "I").replace("|", "I")
    return "/".join(parts).strip(".-")


# Sender (letterhead)


def find_sender(lines: list[str], header_end: int) -> str | None:
    heading: list[str] = []
    for line in lines[:header_end]:
        if not line:
            continue
        if _ADDRESS.search(line):
            break  # the address closes the letterhead
        letters = re.sub(r"[^A-Za-z]", "", line)
        if len(letters) < 4 or len(letters) < 0.6 * len(line.replace(" ", "")):
            continue  # a logo or speckle read as characters
        upper = sum(1 for c in letters if c.isupper()) / len(letters)
        if upper < 0.6 and heading:
            break
        heading.append(line)
    if not heading:
        return None
    # "PEMERINTAH KOTA PALU" above a department names the region, not the sender.
    rest = [line for line in heading if not _GOVERNMENT.match(line)]
    chosen = rest or heading
    # Beyond three lines it is no longer a name (motto, unit lines); keep the name itself.
    return _title_case(_tidy(" ".join(chosen[:3])))


_CONNECTORS = {"DAN", "DI", "KE", "DARI", "UNTUK", "SERTA", "ATAS", "PADA", "DALAM", "BAGI"}


def _title_case(name: str) -> str:
    """Names as the form shows them: "DINAS KESEHATAN" becomes "Dinas Kesehatan"."""
    if any(c.islower() for c in name):
        return name  # the letterhead already chose its casing

    def word(w: str) -> str:
        letters = re.sub(r"[^A-Z]", "", w)
        if w.upper() in _CONNECTORS:
            return w.capitalize()
        if len(letters) <= 3 or not re.search(r"[AEIOU]", letters) or "(" in w:
            return w  # PT, PLN, DPRD, (PERSERO)
        return w.capitalize()

    return " ".join(word(w) for w in name.split())


# Prose (the event in a sentence)

_PROSE_EVENT = re.compile(
    r"(?:dalam\s+rangka(?:\s+pelaksanaan|\s+kegiatan|\s+memperingati)?|"
    r"berkenaan\s+dengan\s+(?:pelaksanaan|kegiatan|akan\s+dilaksanakannya|diselenggarakannya)|"
    r"sehubungan\s+dengan\s+(?:akan\s+)?(?:dilaksanakannya|diselenggarakannya|pelaksanaan|"
    r"kegiatan)|akan\s+(?:menyelenggarakan|melaksanakan|mengadakan))\s+"
    r"(?P<title>.+?)(?=,|\s+(?:yang\s+akan|bersama\s+ini|dengan\s+hormat|kami\s|maka\b|pada\s+hari)|\.\s|$)",
    re.IGNORECASE,
)
_PROSE_VENUE = re.compile(r"\b(?:bertempat\s+di|tempat\s*:?|lokasi\s*:?)\s+(?P<venue>.+)", re.I)


def _cut_sentence(text: str) -> str:
    """Up to the sentence's full stop, skipping the stops of abbreviations (Jl., No.)."""
    for match in re.finditer(r"\.(?=\s|$)", text):
        before = re.findall(r"[A-Za-z]+$", text[: match.start()])
        if before and before[0].lower() in _ABBREVIATIONS:
            continue
        return text[: match.start()]
    return text


# The whole letter


def parse_letter(text: str, *, ocr: bool = False) -> LetterFields:
    """Fields of an Indonesian invitation letter; what the letter does not say stays None."""
    lines = normalise_text(text)
    result = LetterFields()
    base = 0.9 if ocr else 1.0  # a scan's characters may be misread even when parsed right

    labels = find_labels(lines)
    label_lines = {item.index for item in labels}
    by_key: dict[str, list[Labelled]] = {}
    for item in labels:
        by_key.setdefault(item.key, []).append(item)

    def first(key: str) -> Labelled | None:
        return by_key.get(key, [None])[0]

    def sure(item: Labelled) -> float:
        return base * (0.95 if item.exact else 0.8)

    # Header
    if item := first("number"):
        result.set("letter_number", clean_letter_number(item.value), sure(item))
    if item := first("classification"):
        word = re.sub(r"[^a-z ]", "", _split_column(item.value).lower()).strip()
        word = " ".join(word.split()[:2])
        exact = CLASSIFICATIONS.get(word) or CLASSIFICATIONS.get(word.split(" ")[0] if word else "")
        if exact:
            result.set("classification", exact, sure(item))
        else:
            close = difflib.get_close_matches(word, CLASSIFICATIONS, n=1, cutoff=0.7)
            if close:
                result.set("classification", CLASSIFICATIONS[close[0]], base * 0.7)
    if item := first("subject"):
        result.set("subject", _with_continuation(lines, item, label_lines), sure(item))

    event_labels = {i.index for k in ("day_date", "day", "date", "time") for i in by_key.get(k, [])}
    letter_date, date_line = find_letter_date(lines, skip=event_labels)
    if letter_date:
        result.set("letter_date", letter_date, base * 0.95)

    # The letterhead ends where the header starts.
    header_starts = [i.index for i in labels if i.key in ("number", "classification", "subject")]
    if date_line is not None:
        header_starts.append(date_line)
    header_end = min(header_starts) if header_starts else min(8, len(lines))
    sender = find_sender(lines, header_end)
    if sender:
        result.set("sender", sender, base * 0.85)

    # Addressee: after "Yth." (on its own line or after "Kepada" / a header value).
    addressee_line = None
    for index, line in enumerate(lines):
        match = re.search(r"\b(?:Yth|Yang\s+terhormat)\b[.,:]?\s*(?P<who>.*)$", line, re.I)
        if not match:
            continue
        who = match.group("who")
        if not who.strip() and index + 1 < len(lines):
            who = lines[index + 1]
        who = re.sub(r"\s+di\s*(?:-.*|tempat.*)?$", "", who, flags=re.I)
        who = re.sub(r"^(?:Bapak/Ibu|Bapak|Ibu|Sdr\.?|Saudara)\s+", "", who, flags=re.I)
        who = _tidy(who)
        if who:
            result.set("addressee", who, base * 0.95)
            addressee_line = index
            break

    # Event block through labels.
    if item := first("event"):
        result.set("event_title", _with_continuation(lines, item, label_lines), sure(item))
    if item := first("venue"):
        result.set("venue", _with_continuation(lines, item, label_lines), sure(item))
    # A "Tanggal" above the addressee dates the letter (memo style), not the event.
    date_sources = [i for k in ("day_date", "date", "day") for i in by_key.get(k, [])]
    header_dates = [
        i for i in date_sources if addressee_line is not None and i.index < addressee_line
    ]
    date_sources = [i for i in date_sources if i not in header_dates] or date_sources
    if result.values["letter_date"] is None:
        for item in header_dates:
            if found := find_date(item.value):
                result.set("letter_date", found.isoformat(), sure(item) * 0.9)
                break
    for item in date_sources:
        found = find_date_range(item.value)
        if found:
            result.set("event_date", found.start.isoformat(), sure(item))
            if found.end:
                result.set("event_end_date", found.end.isoformat(), sure(item))
            break
    for item in by_key.get("time", []):
        times = find_time_range(item.value)
        if times:
            _set_times(result, times, sure(item))
            break

    # Event block in prose, for what the labels did not give.
    body_start = (date_line or 0) if date_line is not None else 0
    body = " ".join(line for line in lines[body_start:] if line)
    if result.values["event_title"] is None:
        match = _PROSE_EVENT.search(body)
        if match:
            result.set("event_title", _tidy(match.group("title")), base * 0.75)
    if result.values["event_date"] is None:
        prose = re.search(r"\b(?:hari|tanggal)\b(?P<rest>.{0,120})", body, re.I)
        found = find_date_range(prose.group("rest")) if prose else None
        if found:
            result.set("event_date", found.start.isoformat(), base * 0.8)
            if found.end:
                result.set("event_end_date", found.end.isoformat(), base * 0.8)
    if result.values["start_time"] is None:
        prose = re.search(r"\b(?:pukul|jam)\b(?P<rest>.{0,80})", body, re.I)
        times = find_time_range(prose.group("rest")) if prose else None
        if times:
            _set_times(result, times, base * 0.8)
    if result.values["venue"] is None:
        match = _PROSE_VENUE.search(body)
        if match:
            result.set("venue", _tidy(_cut_sentence(match.group("venue"))), base * 0.75)
    if result.values["timezone"] is None:
        zone = find_zone(body)
        if zone:
            result.set("timezone", zone, base * 0.6)
    return result


def _set_times(result: LetterFields, times, confidence: float) -> None:
    result.set("start_time", times.start, confidence)
    if times.end:
        result.set("end_time", times.end, confidence)
    if times.zone:
        result.set("timezone", times.zone, confidence)
