"""The event's date and time in prose, told from the deadlines around it.

A letter may ask for a reply or a registration before the event ("konfirmasi kehadiran
paling lambat tanggal 6 Juli 2026 pukul 15.00 WIB"), often before it names the event's
own day. A date or time whose sentence puts a deadline word shortly before it is a
deadline, not the event; a date before the letter's own date is no invitation's event.
Without a time of its own the event starts at the first time of its programme (Susunan
Acara / Jadwal) and ends at the programme's last.
"""

import datetime as dt
import re

from documents.extraction.dates import DateRange, TimeRange, find_date_range, find_time_range

DEADLINE = re.compile(
    r"\b(?:paling\s+lambat|selambat[- ]?lambatnya|batas\s+(?:waktu|akhir)|konfirmasi|"
    r"mengonfirmasi|mengkonfirmasi|pendaftaran|registrasi|mendaftar|sebelum|diterima|"
    r"dikirim|dikirimkan|disampaikan\s+(?:kepada|ke)|ditunggu)\b",
    re.IGNORECASE,
)
# How far before a date a deadline word still governs it (same sentence only).
_REACH = 70
_SENTENCE_END = re.compile(r"(?<![A-Z][a-z])(?<!\b[A-Za-z])\.\s+(?=[A-Z])")
PROGRAMME = re.compile(r"^(?:susunan\s+acara|jadwal(?:\s+acara|\s+kegiatan)?|rundown)\b", re.I)


def _is_deadline(body: str, start: int) -> bool:
    before = body[max(0, start - _REACH) : start]
    ends = list(_SENTENCE_END.finditer(before))
    if ends:
        before = before[ends[-1].end() :]
    return DEADLINE.search(before) is not None


def prose_date(body: str, letter_date: dt.date | None) -> tuple[DateRange, bool] | None:
    """The event's date in a sentence ("pada hari Rabu tanggal 8 Juli 2026"), and whether
    a deadline was passed over to find it."""
    skipped = False
    for match in re.finditer(r"\b(?:hari|tanggal|tgl)\b", body, re.I):
        found = find_date_range(body[match.end() : match.end() + 120])
        if found is None:
            continue
        if _is_deadline(body, match.start()) or (letter_date and found.start < letter_date):
            skipped = True
            continue
        return found, skipped
    return None


def prose_time(body: str) -> tuple[TimeRange, bool] | None:
    """The event's time in a sentence ("pukul 09.00 WIB s.d. selesai"), past deadlines."""
    skipped = False
    for match in re.finditer(r"\b(?:pukul|jam)\b", body, re.I):
        found = find_time_range(body[match.end() : match.end() + 80])
        if found is None:
            continue
        if _is_deadline(body, match.start()):
            skipped = True
            continue
        return found, skipped
    return None


def programme_times(lines: list[str]) -> TimeRange | None:
    """The span of a programme's times: its first start to its last end."""
    for index, line in enumerate(lines):
        if not PROGRAMME.match(line):
            continue
        starts, ends, zone = [], [], None
        for row in lines[index + 1 : index + 16]:
            if not row:
                continue
            found = find_time_range(row[:40]) if re.match(r"^\W*[0-2]?\d[.:]\d\d", row) else None
            if found is None:
                if starts:
                    break
                continue
            starts.append(found.start)
            ends.append(found.end or found.start)
            zone = zone or found.zone
        if starts:
            last = ends[-1] if ends[-1] != starts[0] else None
            return TimeRange(starts[0], last, last is None, zone)
    return None
