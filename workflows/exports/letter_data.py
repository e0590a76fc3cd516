"""A letter as plain data (``letter.json`` in its dossier): fields, classification and
retention, dispositions, the full history, files with checksums, and every opening."""

from typing import Any

from documents.kinds import KINDS
from documents.models import Document, DocumentAccess
from workflows.models import DisposedOriginal, Letter


def _iso(value: Any) -> Any:
    return value.isoformat() if value is not None else None


def _user(user: Any) -> str | None:
    return user.get_username() if user is not None else None


def document_data(document: Document) -> dict[str, Any]:
    return {
        "id": document.pk,
        "original_name": document.original_name,
        "content_type": document.content_type,
        "size": document.size,
        "sha256": document.sha256,
        "page_count": document.page_count,
        "uploaded_by": _user(document.uploaded_by),
        "uploaded_at": _iso(document.uploaded_at),
        "previous_version": document.previous_version_id,
        "derived": {kind.name: bool(kind.stored(document)) for kind in KINDS.values()},
        "disposed_at": _iso(document.disposed_at),
        "disposed_reference": document.disposed_reference,
    }


def letter_data(letter: Letter) -> dict[str, Any]:
    """Everything the record holds about ``letter``; times in UTC (ISO 8601), the event's
    zone named beside them."""
    code = letter.classification
    documents = list(letter.documents.select_related("uploaded_by").order_by("pk"))
    accesses = (
        DocumentAccess.objects.filter(document__in=documents)
        .select_related("user")
        .order_by("at", "pk")
    )
    disposal = letter.disposal
    return {
        "id": letter.pk,
        "agenda_number": letter.agenda_number,
        "channel": letter.channel,
        "state": letter.state,
        "sender": letter.sender,
        "sender_department": str(letter.sender_department) if letter.sender_department else None,
        "letter_number": letter.letter_number,
        "letter_date": _iso(letter.letter_date),
        "received_date": _iso(letter.received_date),
        "registered_by": _user(letter.registered_by),
        "registered_at": _iso(letter.registered_at),
        "security_class": letter.security_class,
        "urgency": letter.urgency,
        "subject": letter.subject,
        "addressee": letter.addressee,
        "event": {
            "title": letter.event_title,
            "start": _iso(letter.event_start),
            "end": _iso(letter.event_end),
            "time_zone": letter.event_time_zone,
            "venue": letter.venue,
            "outside_region": letter.outside_region,
            "dress_code": letter.dress_code,
            "contact_person": letter.contact_person,
        },
        "leader": str(letter.leader.title) if letter.leader else None,
        "outcome": letter.outcome,
        "classification": ({"code": code.code, "title": code.title} if code is not None else None),
        "retention": {
            "active_until": _iso(letter.retention_active_until),
            "inactive_until": _iso(letter.retention_inactive_until),
            "final_disposition": letter.final_disposition,
        },
        "legal_holds": [
            {
                "case_reference": hold.case_reference,
                "reason": hold.reason,
                "placed_by": _user(hold.placed_by),
                "placed_at": _iso(hold.placed_at),
                "released_by": _user(hold.released_by),
                "released_at": _iso(hold.released_at),
                "release_reason": hold.release_reason,
            }
            for hold in letter.legal_holds.select_related("placed_by", "released_by")
        ],
        "disposal": (
            {
                "number": disposal.number,
                "decided_on": _iso(disposal.decided_on),
                "approved_by": disposal.approved_by,
                "originals": [
                    {"name": o.original_name, "size": o.size, "sha256": o.sha256}
                    for o in DisposedOriginal.objects.filter(decision=disposal, letter=letter)
                ],
            }
            if disposal is not None
            else None
        ),
        "dispositions": [
            {
                "leader": d.leader.title,
                "outcome": d.outcome,
                "note": d.note,
                "decided_by": _user(d.decided_by),
                "on_behalf": d.on_behalf,
                "decided_at": _iso(d.decided_at),
                "recipients": [
                    {
                        "official": r.official.title,
                        "instructions": r.instructions,
                        "note": r.note,
                        "due_date": _iso(r.due_date),
                        "attends": r.attends,
                    }
                    for r in d.recipients.select_related("official")
                ],
            }
            for d in letter.dispositions.select_related("leader", "decided_by")
        ],
        "history": [
            {
                "at": _iso(event.at),
                "action": event.action,
                "from_state": event.from_state,
                "to_state": event.to_state,
                "actor": _user(event.actor),
                "on_behalf_of": event.on_behalf_of.title if event.on_behalf_of else None,
                "note": event.note,
            }
            for event in letter.events.select_related("actor", "on_behalf_of").order_by("at", "pk")
        ],
        "documents": [document_data(document) for document in documents],
        "accesses": [
            {"at": _iso(a.at), "user": _user(a.user), "document": a.document_id} for a in accesses
        ],
    }
