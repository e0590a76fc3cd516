"""Drive online requests through the real pages."""

from typing import Any

from django.test import Client
from django.urls import reverse

from intake.models import OnlineRequest
from tests.factories import letter_form_data, scan


def public_form_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "organisation": "Universitas Tadulako",
        "contact_person": "Dr. Rahmat",
        "phone": "0812 3456 7890",
        "email": "rahmat@untad.example",
        "event_title": "Wisuda Sarjana Periode IV",
        "local_start": "2026-12-12T08:00",
        "local_end": "2026-12-12T12:00",
        "event_time_zone": "Asia/Makassar",
        "venue": "Auditorium Untad",
        "letter_number": "123/UN28/2026",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def submit_public(client: Client | None = None, upload: Any = None, **overrides: Any) -> Any:
    data = public_form_data(**overrides)
    data["letter"] = upload if upload is not None else scan("permohonan.pdf")
    return (client or Client()).post(reverse("requests_public:create"), data)


def submit_department(client: Client, **overrides: Any) -> Any:
    data = letter_form_data(**overrides)
    data["scans"] = [scan("undangan-dinkes.pdf")]
    return client.post(reverse("permohonan:create"), data)


def latest_request() -> OnlineRequest:
    return OnlineRequest.objects.select_related("letter").latest("pk")


def verify_data(letter: Any, **overrides: Any) -> dict[str, Any]:
    """The verification form as the clerk sends it: the prefilled fields, unchanged."""
    data = letter_form_data(
        sender=letter.sender,
        letter_number=letter.letter_number or "-",
        subject=letter.subject,
        addressee=letter.addressee,
        event_title=letter.event_title,
        venue=letter.venue,
        local_start=letter.local_start.strftime("%Y-%m-%dT%H:%M"),
        local_end=letter.local_end.strftime("%Y-%m-%dT%H:%M") if letter.local_end else "",
        received_date=letter.received_date.isoformat(),
        letter_date=letter.letter_date.isoformat(),
        decision="register",
        note="",
    )
    if letter.sender_department_id:
        data["sender_department"] = letter.sender_department_id
    else:
        data.pop("sender_department", None)
    data.update(overrides)
    return data
