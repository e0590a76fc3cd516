"""From what the reader found in a scan to the registration form's fields.

The extractor (``documents.extraction``) speaks in the letter's terms (``event_date``,
``start_time``, ``classification``...); the form speaks in the letter model's terms
(``local_start``, ``urgency``, ``security_class``, ``sender_department``...). This module
is the one place that translates, and says which form fields the clerk should check: a
field the reader was unsure of, and a field made from a guess (a classification with no
exact counterpart, a department matched by name).
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from organization.models import Department
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
    # "Penting" (important) says nothing of urgency and has no box of its own on the form:
    # nothing is proposed, the clerk chooses.
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


def _department_for(sender: str) -> Department | None:
    """The region's own department that sent the letter, matched by full or short name."""
    name = " ".join(sender.split())
    return Department.objects.filter(Q(name__iexact=name) | Q(short_name__iexact=name)).first()


def registration_prefill(extracted: dict[str, Any]) -> Prefill:
    """Form values (as the form's inputs take them) and the form fields to check."""
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
        department = _department_for(sender)
        if department is not None:
            put("sender_department", department.pk, sure="sender" not in unsure_extracted)

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
