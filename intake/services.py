"""Requests sent online become letters of the same process; the answer goes back to the
one who asked. Writes only: validate, change, save, notify."""

import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import Document
from intake.models import OnlineRequest
from notifications.models import Kind
from organization.models import Department, Region, Role
from organization.roles import has_role
from organization.text import one_line
from organization.zones import local_span
from workflows import services as letters
from workflows.flows import LetterFlow
from workflows.models import Channel, Letter, Outcome
from workflows.search import letter_search_index_update
from workflows.services.notices import notify_about_letter

# No 0/O, 1/I/L, 5/S, 2/Z, 8/B: read aloud on the phone or copied from a screen, a code
# must not be mistaken. 26 symbols ** 12 = 9.5e16 codes.
CODE_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
CODE_LENGTH = 12


def new_tracking_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    """What the requester typed: spaces, dashes and case do not matter."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


@transaction.atomic
def request_submit_department(
    *,
    actor: Any,
    department: Department,
    values: dict[str, Any],
    uploads: list[Any],
    documents: list[Document] = (),
    registration_key: str | None = None,
) -> OnlineRequest:
    """A department officer asks for the leader's attendance (or sends an invitation)
    online. The letter starts the process at "received", for the mailroom to verify."""
    if not has_role(actor, Role.DEPARTMENT_OFFICER):
        raise PermissionDenied(_("Hanya operator OPD yang dapat mengirim permohonan OPD."))
    values = {**values, "sender_department": department}
    values.setdefault("sender", department.name)
    letter = letters.letter_receive_online(
        actor=actor,
        channel=Channel.DEPARTMENT,
        values=values,
        uploads=uploads,
        documents=documents,
        registration_key=registration_key,
    )
    request = _create(
        letter=letter,
        channel=Channel.DEPARTMENT,
        department=department,
        submitted_by=actor,
        organisation=department.name,
        contact_person=actor.get_full_name() or actor.username,
        phone="",
        email=actor.email,
    )
    _send_receipt(request)
    return request


@transaction.atomic
def request_submit_public(
    *,
    organisation: str,
    contact_person: str,
    phone: str,
    email: str,
    values: dict[str, Any],
    upload: Any,
) -> OnlineRequest:
    """Someone outside the government asks for the leader's attendance, with the letter
    attached. They follow it by the tracking code shown and e-mailed to them."""
    organisation, contact_person, phone = map(one_line, (organisation, contact_person, phone))
    region = Region.current()
    values = {
        "sender": organisation,
        "letter_date": timezone.localdate(timezone=region.zone),
        "subject": _("Permohonan kehadiran: %(event)s") % {"event": values["event_title"]},
        "addressee": region.head,
        "contact_person": f"{contact_person} ({phone})",
        **values,
    }
    letter = letters.letter_receive_online(
        actor=None, channel=Channel.PUBLIC, values=values, uploads=[upload]
    )
    request = _create(
        letter=letter,
        channel=Channel.PUBLIC,
        organisation=organisation,
        contact_person=contact_person,
        phone=phone,
        email=email,
        consent_at=timezone.now(),
    )
    _send_receipt(request)
    return request


def _create(*, letter: Letter, **fields: Any) -> OnlineRequest:
    """The request row with a fresh tracking code, and the letter's process started."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                request = OnlineRequest.objects.create(
                    letter=letter, tracking_code=new_tracking_code(), **fields
                )
            break
        except IntegrityError:  # the same code drawn twice: draw again
            continue
    else:
        raise RuntimeError("could not draw a free tracking code")
    LetterFlow.receive_online.run(letter=letter)
    return request


def _send_receipt(request: OnlineRequest) -> None:
    if not request.email:
        return
    region = Region.current()
    subject = _("Permohonan diterima: %(event)s") % {"event": request.letter.event_title}
    body = _(
        "Yth. %(name)s,\n\nPermohonan Anda kepada %(region)s telah kami terima.\n"
        "Kode pelacakan: %(code)s\nStatus: %(url)s\n\n"
        "Simpan kode ini; Anda akan menerima jawaban melalui surel ini.\n\n"
        "Bagian Protokol dan Komunikasi Pimpinan %(region)s"
    ) % {
        "name": request.contact_person,
        "region": region.name,
        "code": request.tracking_code,
        "url": settings.LONTAR_PUBLIC_URL
        + reverse("requests_public:status", args=[request.tracking_code]),
    }
    to = [request.email]
    transaction.on_commit(lambda: send_mail(subject, body, None, to, fail_silently=True))


# The answer


ANSWERABLE = (Outcome.DECLINE, Outcome.REPRESENT, Outcome.ATTEND)


def request_answer_draft(*, request: OnlineRequest) -> str:
    """The reply text the protocol office starts from, by the leader's decision."""
    letter, region = request.letter, Region.current()
    leader = letter.leader.title if letter.leader else region.head
    texts = {
        Outcome.ATTEND: _(
            "Dengan hormat, %(leader)s berkenan hadir pada %(event)s, %(when)s, di %(venue)s."
        ),
        Outcome.REPRESENT: _(
            "Dengan hormat, %(leader)s berhalangan hadir pada %(event)s dan akan diwakili "
            "oleh pejabat yang ditunjuk."
        ),
        Outcome.DECLINE: _(
            "Dengan hormat, kami sampaikan bahwa %(leader)s tidak dapat hadir pada %(event)s. "
            "Terima kasih atas undangannya."
        ),
    }
    text = texts.get(letter.outcome)
    if text is None:
        return ""
    return text % {
        "leader": leader,
        "event": letter.event_title,
        "when": local_span(letter, style="start"),
        "venue": letter.venue,
    }


@transaction.atomic
def request_answer(*, actor: Any, request: OnlineRequest, text: str) -> OnlineRequest:
    """Send the protocol office's answer to who asked, and show it on the status page."""
    if not has_role(actor, Role.PROTOCOL_REVIEWER, Role.PROTOCOL_SCHEDULER):
        raise PermissionDenied(_("Jawaban dikirim oleh bagian protokol."))
    if not text.strip():
        raise ValidationError(_("Tuliskan jawabannya."))
    request = OnlineRequest.objects.select_for_update().select_related("letter").get(pk=request.pk)
    if request.letter.outcome not in ANSWERABLE:
        raise ValidationError(_("Jawaban dikirim setelah pimpinan memberi disposisi."))
    request.answer, request.answered_at, request.answered_by = text.strip(), timezone.now(), actor
    request.save(update_fields=["answer", "answered_at", "answered_by"])
    letter_search_index_update(letter_id=request.letter_id)  # the answer is searched
    letters.letter_note(
        actor=actor, letter=request.letter, action="answer", note=_("Jawaban dikirim.")
    )
    officer = request.submitted_by
    if officer is not None:
        # A department's officer is told in Lontar (and on their channels).
        notify_about_letter(
            letter=request.letter,
            users=[officer],
            kind=Kind.REQUEST_ANSWERED,
            title=_("Permohonan dijawab: %(event)s") % {"event": "{event}"},
            body=request.answer,
            key=f"request:{request.pk}:answered:{request.answered_at.isoformat()}",
            actor=actor,
        )
    # Whoever asked without an account (the public, or a contact address that is not the
    # officer's own) gets the answer by e-mail as before.
    if request.email and (officer is None or officer.email.lower() != request.email.lower()):
        subject = _("Jawaban permohonan: %(event)s") % {"event": request.letter.event_title}
        body = f"{request.answer}\n\n{_('Kode pelacakan')}: {request.tracking_code}"
        to = [request.email]
        transaction.on_commit(lambda: send_mail(subject, body, None, to, fail_silently=True))
    return request
