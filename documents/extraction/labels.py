"""The printed lines of a letter and the labels on them (Nomor, Perihal, Hari/Tanggal...).

Tidying what pdfplumber or Tesseract gives into lines, finding the labels on them (matched
fuzzily: OCR writes "Perihai"), pulling the two columns of a header row apart and
following a value onto the lines it wraps onto. ``fields.parse_letter`` builds the
letter's fields from these.
"""

import difflib
import re
import unicodedata
from dataclasses import dataclass

from documents.extraction.dates import find_date_range, find_time_range

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
STOP_START = re.compile(
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


def tidy(value: str) -> str:
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


def label_key(text: str) -> tuple[str | None, bool]:
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
# What OCR leaves between a label and its value in place of the colon: "Perihal - …",
# "Sifat “1 Biasa" (a colon read as a quote and a one), "Tempat . …".
_LOOSE_SEP = re.compile(
    r"\s*(?P<punct>[:;»=›|\-.,“”\"'’~_]*)(?P<one>(?<=[“”\"'’])[1lI|!](?=\s))?\s*"
)
# Keys whose value says what it is: accepted after a bare label whatever the neighbours.
_TYPED = {"day_date", "date", "time", "number", "classification"}


def _typed_value(key: str, value: str) -> bool:
    if key in ("day_date", "date"):
        return find_date_range(value) is not None
    if key == "time":
        return find_time_range(value) is not None
    if key == "number":
        return "/" in value
    if key == "classification":
        word = re.sub(r"[^a-z ]", "", value.lower()).strip()
        return word in CLASSIFICATIONS or word.split(" ")[0] in CLASSIFICATIONS
    return True


def _loose_label(line: str) -> tuple[str, str, bool, bool] | None:
    """A label at the start of ``line`` followed by whatever OCR made of its colon:
    (key, value, exact, punctuated). The longest label wins ("Hari/Tanggal" over "Hari")."""
    best = None
    for end_match in re.finditer(r"(?<=[A-Za-z])(?![A-Za-z])", line[:30]):
        end = end_match.start()
        label = line[:end]
        if not re.fullmatch(r"[A-Za-z][A-Za-z /,&]*", label):
            break
        key, exact = label_key(label)
        if key is None:
            continue
        sep = _LOOSE_SEP.match(line, end)
        punct = sep.group("punct")
        value = line[sep.end() :].strip()
        if not value:
            continue
        spaced = sep.group().strip() != sep.group()  # "Hal-hal": a word, not a label
        if punct and not spaced and not sep.group("one"):
            continue
        if not exact and not (punct and len(re.sub("[^A-Za-z]", "", label)) >= 5):
            continue
        if key in _TYPED and not _typed_value(key, value):
            continue
        best = (key, value, exact, bool(punct))
    return best


def _inside_sentence(lines: list[str], index: int) -> bool:
    """Whether line ``index`` carries on the sentence of a long line above it."""
    previous = next((line for line in reversed(lines[max(0, index - 2) : index]) if line), "")
    if len(previous) < 45 or previous.rstrip().endswith((":", ".", ";")):
        return False
    match = _LABEL_LINE.match(previous)
    is_label = (match and label_key(match.group("label"))[0]) or _loose_label(previous)
    return not is_label


def find_labels(lines: list[str], *, blank_ends: bool = True) -> list[Labelled]:
    """The label lines, by the label word at the line's start whatever follows it.

    A colon (or what OCR made of it: ``;``, ``»``, a dash, a quote and a one) marks a
    label; a bare label with no punctuation is taken when its value is of the label's kind
    (a date after "Tanggal") or when it stands in a run of label lines (a table's rows;
    ``blank_ends``: a blank line breaks the run, but not in Tesseract's output)."""
    found: dict[int, Labelled] = {}
    pending: dict[int, Labelled] = {}
    for index, line in enumerate(lines):
        match = _LABEL_LINE.match(line)
        key, exact = label_key(match.group("label")) if match else (None, False)
        if key is not None:
            value = match.group("value").strip().lstrip(":;.").strip()
            found[index] = Labelled(key, value, index, exact)
            continue
        loose = _loose_label(line)
        if loose is None:
            continue
        key, value, exact, punctuated = loose
        if not punctuated and _inside_sentence(lines, index):
            continue  # "... paling lambat" / "tanggal 6 Juli 2026 ...": a wrapped sentence
        # The label word itself matched exactly; its place or its value's kind vouches for it.
        item = Labelled(key, value, index, exact)
        if punctuated or key in _TYPED:
            found[index] = item
        else:
            pending[index] = item
    # Bare labels in a run of label lines (the rows of an unruled table).
    changed = True
    while changed and pending:
        changed = False
        for index in sorted(pending):
            near = [i for i in (index - 1, index + 1, index - 2, index + 2) if i in found]
            blank_between = blank_ends and any(
                not lines[i] for i in range(min([index, *near]), max([index, *near]))
            )
            if near and not blank_between:
                found[index] = pending.pop(index)
                changed = True
    return [found[index] for index in sorted(found)]


def split_column(value: str) -> str:
    """Cut the right-hand column (Kepada / Yth. / the place-and-date) off a header value."""
    value = re.split(r"\s+(?:Kepada\b|Yth\b|Yang\s+terhormat\b)", value, maxsplit=1)[0]
    place_date = PLACE_DATE.search(value)
    if place_date:
        value = value[: place_date.start()]
    return value.strip()


def with_continuation(
    lines: list[str], item: Labelled, label_lines: set[int], *, blank_ends: bool = True
) -> str:
    """A label's value plus the lines it wraps onto, up to the next label, the closing
    ("Demikian ...") or a blank line (``blank_ends``; Tesseract leaves blank lines between
    printed ones, so a scan's value goes on past them)."""
    parts = [split_column(item.value)]
    taken = 0
    for index in range(item.index + 1, min(item.index + 6, len(lines))):
        line = lines[index]
        if not line:
            if blank_ends:
                break
            continue
        if taken >= 3 or index in label_lines or STOP_START.match(line):
            break
        taken += 1
        piece = split_column(line)
        if not piece or not _is_title_fragment(piece):
            break
        parts.append(piece)
        if piece != line.strip():  # the right column started here: the value ends
            break
    return tidy(" ".join(parts))


# The place-and-date line: "Palu, 2 November 2026", "Kediri, 07-10-2026"
PLACE_DATE = re.compile(
    r"(?P<place>[A-Z][A-Za-z'.-]+(?:\s[A-Z][A-Za-z'.-]+){0,3})\s?,[.,]?\s*"
    r"(?P<date>[0-9OoIl]{1,2}(?:\s*[A-Za-z]{3,10}\.?\s*,?\s*|\s*[-/.]\s*[0-9OoIl]{1,2}\s*[-/.]\s*)"
    r"[0-9OoIl]{4})\s*$"
)
