"""Indonesian dates, times and time-zone words as letters write them.

Covers day and month names (with the old spellings Nopember and Pebruari, and common
abbreviations), numeric dates (19-11-2026, 19/11/2026, 19.11.2026), ranges joined by
``s.d.``, ``s/d``, ``sampai dengan``, ``hingga`` or a dash, times as 09.00 or 09:00 with
``selesai`` for an open end, and the zone words WIB, WITA and WIT. OCR noise is
tolerated: O for 0 and l/I for 1 inside numbers, a misspelt month.
"""

import datetime as dt
import difflib
import re
from dataclasses import dataclass

MONTHS: dict[str, int] = {
    "januari": 1, "februari": 2, "pebruari": 2, "maret": 3, "april": 4, "mei": 5,
    "juni": 6, "juli": 7, "agustus": 8, "september": 9, "oktober": 10,
    "november": 11, "nopember": 11, "desember": 12,
    # English spellings turn up in letters from universities and companies
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7,
    "august": 8, "october": 10, "december": 12,
}  # fmt: skip
MONTH_ABBREVIATIONS: dict[str, int] = {
    "jan": 1, "feb": 2, "peb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "agu": 8,
    "agt": 8, "ags": 8, "agst": 8, "aug": 8, "sep": 9, "sept": 9, "okt": 10, "oct": 10,
    "nov": 11, "nop": 11, "des": 12, "dec": 12,
}  # fmt: skip
DAYS = ("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu", "ahad")

ZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}

# "until": s.d. / s.d / s/d / sd / s.d / sampai dengan / sampai / hingga / a dash
UNTIL = r"(?:s\s?[./]?\s?d\b\.?|sampai\s+dengan|sampai|hingga|[-\u2013\u2014~])"
_NUM = r"[0-9OoIl|]"  # a digit, or a letter OCR reads in place of one
_DAY_NUMBER = rf"(?<![A-Za-z0-9])({_NUM}{{1,2}})"
_YEAR = rf"({_NUM}{{4}})"
_MONTH_WORD = r"([A-Za-z]{3,10})\.?"
_WORD_DATE = rf"{_DAY_NUMBER}\s*{_MONTH_WORD}\s*,?\s*{_YEAR}"
_NUMERIC_DATE = rf"{_DAY_NUMBER}\s*([-/.])\s*({_NUM}{{1,2}})\s*\2\s*{_YEAR}"
_TIME = r"(?<![A-Za-z0-9.:/])([0-2OoIl]?[0-9OoIl])\s?[.:,]\s?([0-5Oo][0-9OoIl])"


def normalise_ocr(text: str) -> str:
    """OCR's punctuation around dates and times put right before they are parsed:
    "10 s.d..12 April" (a doubled stop), "Pukul :.10.00" (a colon and a stop before the
    hour), "10.15's.d. 13.30" (a quote glued to s.d.), "21. s.d. 22" (a stop after the day)."""
    text = re.sub(r"['’`“”\"]+(?=s\s?[./]?\s?d\b)", " ", text, flags=re.I)
    text = re.sub(r"\b(s\s?[./]?\s?d)\s*[.,:;]*\s*(?=[0-9A-Za-z])", r"\1. ", text, flags=re.I)
    text = re.sub(r"(?<=[A-Za-z])\s*[:;.,]+\s*[:;.,]+\s*(?=\d)", " ", text)
    text = re.sub(r"(?<=\d)[.,:]+(?=\s*(?:s\s?[./]?\s?d\b|sampai|hingga))", "", text, flags=re.I)
    text = re.sub(r"^\s*[:;.,\-]+\s*(?=\d)", "", text)
    text = re.sub(r"(?<=\s)[:;.,]+(?=\d)", "", text)
    return text


def fix_digits(token: str) -> str:
    """OCR reads 0 as O and 1 as l or I; inside a number they can only be digits."""
    return token.translate(str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "|": "1"}))


def month_number(word: str) -> int | None:
    word = word.lower().strip(".")
    if word in MONTHS:
        return MONTHS[word]
    if word in MONTH_ABBREVIATIONS:
        return MONTH_ABBREVIATIONS[word]
    if len(word) >= 4:  # a misread month name: "Agustvs", "Nopernber"
        close = difflib.get_close_matches(word, MONTHS, n=1, cutoff=0.75)
        if close:
            return MONTHS[close[0]]
    return None


def is_day_name(word: str) -> bool:
    word = re.sub(r"[^a-z]", "", word.lower())
    return word in DAYS or bool(difflib.get_close_matches(word, DAYS, n=1, cutoff=0.8))


def _date(day: str, month: int | None, year: str) -> dt.date | None:
    if month is None:
        return None
    try:
        return dt.date(int(fix_digits(year)), month, int(fix_digits(day)))
    except ValueError:
        return None


def _numeric_month(text: str) -> int | None:
    value = int(fix_digits(text))
    return value if 1 <= value <= 12 else None


@dataclass(frozen=True)
class DateRange:
    start: dt.date
    end: dt.date | None  # None: a single day
    span: tuple[int, int]  # where in the text it was found


def find_date_range(text: str) -> DateRange | None:
    """The first date or date range written in ``text``."""
    text = normalise_ocr(text)
    candidates: list[DateRange] = []
    patterns = [
        # 7 Desember 2026 s.d. 9 Desember 2026 / 30 November - 2 Desember 2026
        (rf"{_WORD_DATE}\s*{UNTIL}\s*{_WORD_DATE}", "ww"),
        (rf"{_DAY_NUMBER}\s*{_MONTH_WORD}\s*{UNTIL}\s*{_WORD_DATE}", "mw"),
        (rf"{_DAY_NUMBER}\s*{UNTIL}\s*{_WORD_DATE}", "dw"),
        (rf"{_NUMERIC_DATE}\s*{UNTIL}\s*{_NUMERIC_DATE}", "nn"),
        (_WORD_DATE, "w"),
        (_NUMERIC_DATE, "n"),
    ]
    for pattern, kind in patterns:
        for match in re.finditer(pattern, text, flags=re.IGNORECASE):
            g = match.groups()
            start = end = None
            if kind == "ww":
                start = _date(g[0], month_number(g[1]), g[2])
                end = _date(g[3], month_number(g[4]), g[5])
            elif kind == "mw":
                end = _date(g[2], month_number(g[3]), g[4])
                if end is not None:
                    start = _date(g[0], month_number(g[1]), str(end.year))
                    if start is not None and start > end:  # 28 Desember s.d. 2 Januari
                        start = _date(g[0], month_number(g[1]), str(end.year - 1))
            elif kind == "dw":
                end = _date(g[1], month_number(g[2]), g[3])
                if end is not None:
                    start = _date(g[0], end.month, str(end.year))
            elif kind == "nn":
                start = _date(g[0], _numeric_month(g[2]), g[3])
                end = _date(g[4], _numeric_month(g[6]), g[7])
            elif kind == "w":
                start = _date(g[0], month_number(g[1]), g[2])
            else:
                start = _date(g[0], _numeric_month(g[2]), g[3])
            if start is None:
                continue
            if end is not None and end <= start:
                end = None
            candidates.append(DateRange(start, end, match.span()))
            break
    if not candidates:
        return None
    # The earliest in the text wins; at the same place, the longest (a range) wins.
    return min(candidates, key=lambda c: (c.span[0], -(c.span[1] - c.span[0])))


def find_date(text: str) -> dt.date | None:
    found = find_date_range(text)
    return found.start if found else None


def _time(hours: str, minutes: str) -> str | None:
    h, m = int(fix_digits(hours)), int(fix_digits(minutes))
    if 0 <= h <= 24 and 0 <= m <= 59:
        return f"{h % 24:02d}:{m:02d}"
    return None


def find_zone(text: str) -> str | None:
    """The IANA zone for the first WIB/WITA/WIT word (OCR: WlB, W1TA, WITA.)."""
    for match in re.finditer(r"\b[Ww][Il1|!][Tt7]?[AaBb4]?\b", text, flags=re.IGNORECASE):
        word = fix_digits(match.group().upper()).replace("1", "I").replace("7", "T")
        word = word.replace("4", "A").replace("!", "I")
        if word in ZONES:
            return ZONES[word]
    return None


@dataclass(frozen=True)
class TimeRange:
    start: str  # HH:MM
    end: str | None  # None: open end ("s.d. selesai") or not stated
    open_end: bool
    zone: str | None


def find_time_range(text: str) -> TimeRange | None:
    """The first time (range) in ``text``: "09.00 s.d. 12.00 WITA",
    "pukul 09.00 WIB s.d. selesai", "19:00 WITA s/d 21:00 WITA", "07.15 - 10.00 WIB"."""
    text = normalise_ocr(text)
    for match in re.finditer(_TIME, text):
        start = _time(*match.groups())
        if start is None:
            continue
        # Not a date (19.11.2026) or a phone number: no digit right after the minutes.
        rest = text[match.end() :]
        if re.match(r"\s?[.:/-]?\d", rest):
            continue
        zone_word = r"(?:\s*\(?\s*[Ww][Il1|!][Tt7]?[AaBb4]?\b\.?\)?)?"
        tail = re.match(
            rf"{zone_word}\s*{UNTIL}\s*(?:pukul\s*|jam\s*)?(?:{_TIME}|(selesai|usai|akhir))",
            rest,
            flags=re.IGNORECASE,
        )
        end, open_end = None, False
        if tail:
            if tail.group(3):
                open_end = True
            else:
                end = _time(tail.group(1), tail.group(2))
        zone_text = text[match.start() : match.end() + (tail.end() if tail else 0) + 12]
        return TimeRange(start, end, open_end, find_zone(zone_text) or find_zone(text))
    return None
