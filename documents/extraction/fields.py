"""The field extractor for Indonesian invitation letters (surat undangan).

It reads the conventions, not a template: the header labels (Nomor, Sifat, Lampiran,
Perihal/Hal), the place-and-date line ("Palu, 2 November 2026"), the addressee after
"Yth.", the letterhead's organisation, and the event block, either as labels (Hari/Tanggal,
Pukul/Waktu/Jam, Tempat/Lokasi, Acara/Agenda/Kegiatan) or as a sentence ("... pada hari
Rabu tanggal 28 Oktober 2026, pukul 08.00 WIB s.d. selesai, bertempat di ...").

Input is plain text, one printed line per line (pdfplumber or Tesseract). Labels are
matched fuzzily (OCR: "Perihai", "Hari/Tanggal."), the two columns of a header row
("Perihal : Undangan   Kepada") are pulled apart, and wrapped values are followed onto
their next lines. Every field comes with a confidence, checked by ``calibration``; fields
under 0.8 are "unsure", fields not found are "not_found" (``fields_meta``). The event is
told from reply deadlines and read from a programme when no time is given (``event``);
a file holding several letters is read letter by letter (``letters_split``).
"""

import datetime as dt
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from documents.extraction.calibration import UNSURE_BELOW, calibrate, fields_meta, word_doubts
from documents.extraction.dates import (
    TimeRange,
    find_date,
    find_date_range,
    find_time_range,
    find_zone,
    fix_digits,
    is_day_name,
)
from documents.extraction.event import programme_times, prose_date, prose_time
from documents.extraction.labels import (
    CLASSIFICATIONS,
    PLACE_DATE,
    Labelled,
    find_labels,
    normalise_text,
    split_column,
    tidy,
    with_continuation,
)
from documents.extraction.letters_split import letter_page_ranges
from documents.extraction.tables import Word

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
    sources: dict[str, str] = field(default_factory=dict)  # the text a value came from
    split: dict[str, Any] = field(default_factory=dict)  # the letters in the file
    # Per field, the lowest Tesseract confidence of the words its value was read from.
    word_confidence: dict[str, float] = field(default_factory=dict)

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
            "fields_meta": fields_meta(self.values, self.confidence, self.word_confidence),
            "split": self.split,
        }


# The letter's date


def find_letter_date(lines: list[str], skip: set[int]) -> tuple[str | None, int | None]:
    for index, line in enumerate(lines):
        if index in skip:
            continue
        match = PLACE_DATE.search(line)
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
    value = split_column(value)
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
    return _title_case(tidy(" ".join(chosen[:3])))


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


def parse_letter(
    text: str, *, ocr: bool = False, words: Sequence[Sequence[Word]] | None = None
) -> LetterFields:
    """Fields of an Indonesian invitation letter; what the letter does not say stays None.

    Pages are separated by form feeds. When the file holds several letters, the fields
    are the first letter's, and ``split`` lists every letter with its pages and fields.
    ``words``: each page's words as Tesseract read them (a text page's: none), whose
    confidences mark a field unsure (``calibration.word_doubts``)."""
    pages = text.split("\f")
    ranges = letter_page_ranges(pages)
    page_words = list(words or [])

    def read(a: int, b: int) -> list[Word]:
        return [w for page in page_words[a - 1 : b] for w in page]

    if len(ranges) == 1:
        result = _parse_one(text, ocr=ocr, words=read(1, len(pages)))
        letters = [{"pages": [1, len(pages)]}]
    else:
        parts = [
            _parse_one("\n".join(pages[a - 1 : b]), ocr=ocr, words=read(a, b)) for a, b in ranges
        ]
        result = parts[0]
        letters = [
            {"pages": [a, b], **part.values, "unsure": part.unsure}
            for (a, b), part in zip(ranges, parts, strict=True)
        ]
    result.split = {"multiple_letters": len(ranges) > 1, "letters": letters}
    return result


def _parse_one(text: str, *, ocr: bool, words: Sequence[Word] = ()) -> LetterFields:
    lines = normalise_text(text)
    result = LetterFields()
    base = 0.9 if ocr else 1.0  # a scan's characters may be misread even when parsed right

    labels = find_labels(lines, blank_ends=not ocr)
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
        word = re.sub(r"[^a-z ]", "", split_column(item.value).lower()).strip()
        word = " ".join(word.split()[:2])
        exact = CLASSIFICATIONS.get(word) or CLASSIFICATIONS.get(word.split(" ")[0] if word else "")
        if exact:
            result.set("classification", exact, sure(item))
        else:
            close = difflib.get_close_matches(word, CLASSIFICATIONS, n=1, cutoff=0.7)
            if close:
                result.set("classification", CLASSIFICATIONS[close[0]], base * 0.7)
    if item := first("subject"):
        result.set(
            "subject", with_continuation(lines, item, label_lines, blank_ends=not ocr), sure(item)
        )

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
        who = tidy(who)
        if who:
            result.set("addressee", who, base * 0.95)
            addressee_line = index
            break

    # Event block through labels.
    if item := first("event"):
        result.set(
            "event_title",
            with_continuation(lines, item, label_lines, blank_ends=not ocr),
            sure(item),
        )
    if item := first("venue"):
        result.set(
            "venue", with_continuation(lines, item, label_lines, blank_ends=not ocr), sure(item)
        )
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
            result.sources["event_date"] = item.value
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
            title = re.sub(
                r"^(?:kegiatan|acara|pelaksanaan)\s+", "", match.group("title"), flags=re.I
            )
            result.set("event_title", tidy(title), base * 0.9)
    if result.values["event_date"] is None:
        letter_day = dt.date.fromisoformat(letter_date) if letter_date else None
        if prose_found := prose_date(body, letter_day):
            found, _ = prose_found
            result.set("event_date", found.start.isoformat(), base * 0.9)
            result.sources["event_date"] = body[max(0, found.span[0] - 30) : found.span[1] + 30]
            if found.end:
                result.set("event_end_date", found.end.isoformat(), base * 0.9)
    if result.values["start_time"] is None:
        if times := programme_times(lines):
            _set_times(result, times, base * 0.9)
        elif prose_times := prose_time(body):
            _set_times(result, prose_times[0], base * 0.9)
    if result.values["venue"] is None:
        match = _PROSE_VENUE.search(body)
        if match:
            result.set("venue", tidy(_cut_sentence(match.group("venue"))), base * 0.9)
    if result.values["timezone"] is None:
        zone = find_zone(body)
        if zone:  # one zone named in the whole letter is the event's
            zones = {find_zone(word) for word in re.findall(r"\bW\S{1,4}", body)} - {None}
            result.set("timezone", zone, base * (0.9 if len(zones) == 1 else 0.6))
    calibrate(result.values, result.confidence, result.sources, ocr=ocr)
    result.word_confidence = word_doubts(result.values, result.confidence, words)
    return result


def _set_times(result: LetterFields, times: TimeRange, confidence: float) -> None:
    result.set("start_time", times.start, confidence)
    if times.end:
        result.set("end_time", times.end, confidence)
    if times.zone:
        result.set("timezone", times.zone, confidence)
