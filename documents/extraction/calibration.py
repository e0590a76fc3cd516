"""Honest doubt: the confidence of each field, checked against what the value looks like
and against the other fields, so that "unsure" marks the values that are likely wrong.

The parser's confidence says how a value was found (an exact label, a fuzzy one, a
sentence). Here it is lowered where the value itself is suspect — a title that holds
another label or a date, a venue that runs on for a paragraph, a time range that ends
before it starts, a weekday that does not match the date, an event before the letter's
date — and raised where a scan's value has the shape it should (a sender that names an
office). Each field then gets a status: ``found``, ``unsure`` (under ``UNSURE_BELOW``) or
``not_found`` (the reader found nothing; distinct from a doubtful value).

On a scan, Tesseract's own confidence in each word (its TSV) is checked too: a field one of
whose words Tesseract read with a confidence under ``WORD_DOUBT_BELOW`` is unsure, since a
misread character ("851" for "351") gives a value of the right shape (``word_doubts``).

Tuned on the ``tune`` pool of ``tests/documents/letter_gen.py`` and the sample letters;
measured on the ``held`` pool by ``bench/calibrate_reader.py``.
"""

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from documents.extraction.dates import DAYS, MONTHS, ZONES, find_date_range, find_time_range
from documents.extraction.labels import label_key
from documents.extraction.tables import Word

UNSURE_BELOW = 0.8
DOUBT = 0.5  # a value that fails a check: shown, but marked
# A word Tesseract read with less confidence (0-100) marks its field. Chosen on the
# calibration run (bench/calibrate_reader.py, held-out pool, --word-sweep; see bench/README).
WORD_DOUBT_BELOW = 70.0

_ORGANISATION = re.compile(
    r"\b(dinas|badan|kantor|sekretariat|inspektorat|bagian|dewan|kementerian|rumah\s+sakit|"
    r"universitas|komisi|lembaga|kecamatan|kelurahan|desa|pt|cv|yayasan|satuan|unit|"
    r"bappeda|bpbd|dprd|polres|kodim|pengadilan|kejaksaan|perusahaan|balai|pusat|"
    r"kepolisian|komando|panitia|pemerintah|sekolah|madrasah|puskesmas|rsud|korem|lanud)\b",
    re.IGNORECASE,
)
_FREE_TEXT = ("subject", "event_title", "venue", "addressee", "sender")
_MAX_WORDS = {"subject": 16, "event_title": 16, "venue": 14, "addressee": 10, "sender": 10}


def _holds_label(value: str) -> bool:
    """A label word inside a value: the next label's text ran into it."""
    words = re.findall(r"[A-Za-z/]+", value)
    for first, second in zip(words, [*words[1:], ""], strict=True):
        for text in (f"{first} {second}", first):
            key, exact = label_key(text)
            if exact and key not in ("day", "note", "contact") and len(text) > 3:
                return True
    return False


def value_doubts(name: str, value: str) -> bool:
    """Whether a free-text value looks like something else ran into it."""
    if len(value.split()) > _MAX_WORDS[name]:
        return True
    if name in ("event_title", "venue") and _holds_label(value):
        return True
    if name in ("event_title", "subject") and (find_date_range(value) or find_time_range(value)):
        return True
    if name == "venue" and find_date_range(value):
        return True
    return bool(re.search(r"\b(demikian|hormat\s+kami|nip)\b", value, re.I))


_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def number_doubts(number: str, letter_date: str | None) -> bool:
    """A letter number that lost its tail: "…/Unit/Roman month/year" is the convention;
    without a year, or with a year or Roman month other than the letter's date, check it."""
    parts = number.split("/")
    years = [p for p in parts if re.fullmatch(r"(19|20)\d\d", p)]
    if len(parts) >= 3 and not years:
        return True
    if letter_date and years and abs(int(years[-1]) - int(letter_date[:4])) > 1:
        return True
    months = [p for p in parts[1:] if p in _ROMAN]
    if letter_date and months and years and parts[-1] == years[-1]:
        month = _ROMAN.index(months[-1]) + 1
        return month != int(letter_date[5:7]) and int(years[-1]) == int(letter_date[:4])
    return False


def _weekday_mismatch(source: str | None, day: dt.date) -> bool:
    if not source:
        return False
    words = re.findall(r"[A-Za-z]+", source.split(str(day.day))[0] if source else "")
    named = [w.lower() for w in words if w.lower() in DAYS]
    return (
        bool(named)
        and named[0] != DAYS[day.weekday()]
        and not (named[0] == "ahad" and day.weekday() == 6)
    )


def calibrate(values: dict[str, Any], confidence: dict[str, float], sources: dict[str, str],
              *, ocr: bool) -> None:  # fmt: skip
    """Adjust ``confidence`` (and drop what cannot be) in place."""

    def doubt(name: str, to: float = DOUBT) -> None:
        if values.get(name) is not None:
            confidence[name] = min(confidence[name], to)

    for name in _FREE_TEXT:
        value = values.get(name)
        if value and value_doubts(name, value):
            doubt(name)
    sender = values.get("sender")
    if sender and ocr and _ORGANISATION.search(sender) and not value_doubts("sender", sender):
        confidence["sender"] = max(confidence["sender"], 0.85)
    if sender and not _ORGANISATION.search(sender):
        doubt("sender", 0.6)

    number = values.get("letter_number")
    if number and number_doubts(number, values.get("letter_date")):
        doubt("letter_number")
    start = values.get("event_date") and dt.date.fromisoformat(values["event_date"])
    end = values.get("event_end_date") and dt.date.fromisoformat(values["event_end_date"])
    letter = values.get("letter_date") and dt.date.fromisoformat(values["letter_date"])
    if start and end and end <= start:
        values["event_end_date"] = None
        doubt("event_date")
    if start and _weekday_mismatch(sources.get("event_date"), start):
        doubt("event_date")
    if start and letter and (start < letter or (start - letter).days > 400):
        doubt("event_date")
        doubt("letter_date")
    if values.get("start_time") and values.get("end_time") and not end:
        if values["end_time"] <= values["start_time"]:
            values["end_time"] = None
            doubt("start_time")
    for name in confidence:
        confidence[name] = round(confidence[name], 2)


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9/]", "", text.lower())


_MONTH_NAMES = {number: name for name, number in reversed(MONTHS.items())}
_ZONE_WORDS = {zone: word.lower() for word, zone in ZONES.items()}


def _value_words(name: str, value: str) -> set[str]:
    """The printed words a value was read from, as Tesseract's words are compared."""
    if name in ("letter_date", "event_date", "event_end_date"):
        day = dt.date.fromisoformat(value)
        return {str(day.day), f"{day.day:02d}", _MONTH_NAMES.get(day.month, ""), str(day.year)}
    if name == "timezone":
        return {_ZONE_WORDS.get(value, "")}
    words = {_norm(value)} | {_norm(w) for w in re.split(r"[\s_]+", value)}
    words |= {_norm(piece) for w in value.split() for piece in w.split("/")}
    return {w for w in words if len(w) >= 2}


def _is_of(word: str, own: set[str]) -> bool:
    """Whether a printed word is one of a value's: the same word, or, for a word of parts
    ("555/851/Dinkes/1/2026"), half its parts or more (the parser may have put a part
    right: "1" to "I" in a number)."""
    if _norm(word) in own:
        return True
    parts = {_norm(part) for part in word.split("/")}
    parts = {part for part in parts if len(part) >= 2}
    return len(parts) >= 2 and 2 * len(parts & own) >= len(parts)


def word_doubts(values: dict[str, Any], confidence: dict[str, float], words: Sequence[Word]
                ) -> dict[str, float]:  # fmt: skip
    """Per field found on a scan, the lowest confidence Tesseract gave a word of its value
    (``_is_of``), and fields under ``WORD_DOUBT_BELOW`` marked in ``confidence``. A text
    PDF has no words: nothing changes."""
    printed = [w for w in words if w.conf >= 0 and len(_norm(w.text)) >= 2]
    found: dict[str, float] = {}
    for name, value in values.items():
        if not value or not printed:
            continue
        own = _value_words(name, str(value))
        seen = [w.conf for w in printed if _is_of(w.text, own)]
        if seen:
            found[name] = round(min(seen), 1)
            if found[name] < WORD_DOUBT_BELOW:
                confidence[name] = min(confidence[name], DOUBT)
    return found


def fields_meta(values: dict[str, Any], confidence: dict[str, float],
                word_confidence: dict[str, float] | None = None) -> dict[str, dict]:  # fmt: skip
    """Per field its confidence and status: found, unsure or not_found; on a scan also
    ``word_confidence``, Tesseract's lowest for a word of the value (0-100)."""
    meta = {}
    for name, value in values.items():
        if value is None:
            meta[name] = {"confidence": 0.0, "status": "not_found"}
        else:
            status = "unsure" if confidence[name] < UNSURE_BELOW else "found"
            meta[name] = {"confidence": confidence[name], "status": status}
            if word_confidence and name in word_confidence:
                meta[name]["word_confidence"] = word_confidence[name]
    return meta
