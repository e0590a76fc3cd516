"""From what the reader found in a scan to the registration form's fields.

The extractor (``documents.extraction``) speaks in the letter's terms (``event_date``,
``start_time``, ``classification``...); the form speaks in the letter model's terms
(``local_start``, ``urgency``, ``security_class``, ``sender_department``...). This module
is the one place that translates, and says which form fields the clerk should check: a
field the reader was unsure of, and a field made from a guess (a classification with no
exact counterpart, a department matched by name).
"""

import re
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from organization.models import Department, Region
from workflows.models import SecurityClass, Urgency

# Extracted field -> form field, for the fields that carry over as they are.
_SAME = {
    "letter_number": "letter_number",
    "letter_date": "letter_date",
    "sender": "sender",
    "addressee": "addressee",
    "subject": "subject",
    "event_title": "event_title",
    "venue": "venue",
    "timezone": "event_time_zone",
}

# The letter's "Sifat" as the extractor names it -> (form field, value, exact?).
_CLASSIFICATION = {
    "biasa": [("urgency", Urgency.BIASA, True), ("security_class", SecurityClass.BIASA, True)],
    "segera": [("urgency", Urgency.SEGERA, True)],
    "sangat_segera": [("urgency", Urgency.SANGAT_SEGERA, True)],
    "rahasia": [("security_class", SecurityClass.RAHASIA, True)],
    # "Penting" (important) says nothing of speed: no urgency is proposed, the clerk picks.
    "penting": [],
}


@dataclass
class Prefill:
    values: dict[str, str] = field(default_factory=dict)
    unsure: list[str] = field(default_factory=list)
    # Each letter in the file when it holds more than one (the first fills the form):
    # its pages, number and subject, for the page to offer registering them separately.
    letters: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"values": self.values, "unsure": self.unsure, "letters": self.letters}


# "Pemerintah Kabupaten Donggala", "PEMERINTAH KOTA PALU", "Dinas Kesehatan Kab. Sigi".
_REGION_WORDS = r"(?:kota|kabupaten|kab\.?|provinsi)"
_LETTERHEAD = re.compile(rf"^\s*pemerintah\s+({_REGION_WORDS}\s+[^\n]+?)\s*$", re.I | re.M)
_SENDER_REGION = re.compile(rf"^(.+?)\s+({_REGION_WORDS}\s+.+)$", re.I)
# The letterhead is at the top: a "Pemerintah Kota ..." further down is an addressee.
_LETTERHEAD_LINES = 12


def _region_key(name: str) -> str:
    words = " ".join(name.replace(".", ". ").split()).lower()
    return re.sub(r"^kab\.?(?=\s)", "kabupaten", words).replace(" .", "")


def letterhead_region(text: str) -> str | None:
    """The region the letterhead names ("Pemerintah Kabupaten Donggala" ->
    "Kabupaten Donggala"), or None when the first lines name none."""
    head = "\n".join(text.split("\f", 1)[0].splitlines()[:_LETTERHEAD_LINES])
    match = _LETTERHEAD.search(head)
    return " ".join(match.group(1).split()) if match else None


def _department_for(sender: str, region: str | None) -> tuple[Department | None, bool]:
    """This region's department that sent the letter, matched by full or short name, and
    whether the match is sure. A letter from another region (its letterhead's
    "Pemerintah ...", or the region named after the department) matches none of ours,
    even a department of the same name: its officer must not see another region's letter.
    A letter that names no region is matched, for the clerk to check."""
    names = [" ".join(sender.split())]
    named = _SENDER_REGION.match(names[0])
    if named:  # "Dinas Kesehatan Kota Palu": the department, then its region
        names.append(named.group(1))
        region = region or named.group(2)
        if _region_key(named.group(2)) != _region_key(region):
            return None, False  # the letterhead and the signature disagree: the clerk says
    if region is not None and _region_key(region) != _region_key(Region.current().name):
        return None, False
    for name in names:
        department = Department.objects.filter(
            Q(name__iexact=name) | Q(short_name__iexact=name)
        ).first()
        if department is not None:
            return department, region is not None
    return None, False


def registration_prefill(extracted: dict[str, Any], text: str = "") -> Prefill:
    """Form values (as the form's inputs take them) and the form fields to check.
    ``text``: the letter's text, whose letterhead names the sender's region."""
    result = Prefill()
    unsure_extracted = set(extracted.get("unsure") or [])
    split = extracted.get("split") or {}
    if split.get("multiple_letters"):
        result.letters = [
            {key: letter.get(key) for key in ("pages", "letter_number", "subject")}
            for letter in split.get("letters", [])
        ]

    def put(form_field: str, value: Any, *, sure: bool = True) -> None:
        if value in (None, ""):
            return
        result.values[form_field] = str(value)
        if not sure and form_field not in result.unsure:
            result.unsure.append(form_field)

    for source, target in _SAME.items():
        put(target, extracted.get(source), sure=source not in unsure_extracted)

    sender = extracted.get("sender")
    if sender:
        department, region_sure = _department_for(sender, letterhead_region(text))
        if department is not None:
            sure = region_sure and "sender" not in unsure_extracted
            put("sender_department", department.pk, sure=sure)

    for target, value, exact in _CLASSIFICATION.get(extracted.get("classification") or "", []):
        put(target, value, sure=exact and "classification" not in unsure_extracted)

    day, start = extracted.get("event_date"), extracted.get("start_time")
    if day:
        # A date without a time still helps: the clerk only types the hour.
        put(
            "local_start",
            f"{day}T{start}" if start else f"{day}T00:00",
            sure=bool(start) and not ({"event_date", "start_time"} & unsure_extracted),
        )
    end_day, end = extracted.get("event_end_date") or day, extracted.get("end_time")
    if end_day and end:
        put(
            "local_end",
            f"{end_day}T{end}",
            sure=not ({"event_end_date", "end_time"} & unsure_extracted),
        )
    elif extracted.get("event_end_date"):
        # Several days with no closing hour: the clerk picks the hour on the last day.
        put("local_end", f"{extracted['event_end_date']}T00:00", sure=False)
    return result
