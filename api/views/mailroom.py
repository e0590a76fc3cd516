"""The mailroom's steps after registration: correcting a letter the reviewer returned, and
verifying (registering or refusing) a letter sent online. As their pages do: the web's
form on the letter's values with the caller's changes laid over, the same service."""

from typing import Any

from django.forms.models import model_to_dict
from drf_spectacular.utils import extend_schema
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from api.inputs import CorrectInput, VerifyInput
from api.serializers import TaskResultSerializer
from api.views._common import checked, form_or_error
from api.views.tasks import ActionView
from workflows import services
from workflows.forms import CorrectForm, VerifyForm
from workflows.models import Letter
from workflows.models.letter import LETTER_FIELDS

_LOCAL = "%Y-%m-%dT%H:%M"


def _letter_values(letter: Letter) -> dict[str, Any]:
    """The letter's fields as its correction page's form would post them unchanged."""
    names = [n for n in LETTER_FIELDS if n not in ("event_start", "event_end")]
    values = {k: v for k, v in model_to_dict(letter, fields=names).items() if v is not None}
    values["local_start"] = letter.local_start.strftime(_LOCAL)
    values["local_end"] = letter.local_end.strftime(_LOCAL) if letter.event_end else ""
    if not letter.outside_region:
        values.pop("outside_region", None)  # an unchecked box is not posted
    return values


def _bound(form_class: type, request: Request, letter: Letter, input_class: type) -> Any:
    given = checked(input_class, request.data).validated_data
    data = {**_letter_values(letter), **{k: v for k, v in given.items() if k != "scans"}}
    if data.get("outside_region") is False:
        data.pop("outside_region")
    files = {"scans": request.FILES.getlist("scans")} if request.FILES else {}
    return form_or_error(form_class(data=data, files=files, instance=letter))


class CorrectView(ActionView):
    """Correct a letter the protocol reviewer returned, and send it back for review."""

    node = "correct"
    parser_classes = (JSONParser, MultiPartParser)

    @extend_schema(
        request={"multipart/form-data": CorrectInput, "application/json": CorrectInput},
        responses=TaskResultSerializer,
        operation_id="correct",
    )
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)

    def act(self, request: Request, letter: Letter) -> Letter:
        form = _bound(CorrectForm, request, letter, CorrectInput)
        return services.letter_correct(
            actor=request.user,
            letter=letter,
            values=form.letter_values(),
            uploads=form.cleaned_data["scans"],
            note=form.cleaned_data["note"],
        )


class VerifyView(ActionView):
    """Register (``decision=register``) or refuse a letter sent online."""

    node = "verify"
    parser_classes = (JSONParser, MultiPartParser)

    @extend_schema(
        request={"multipart/form-data": VerifyInput, "application/json": VerifyInput},
        responses=TaskResultSerializer,
        operation_id="verify",
    )
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)

    def act(self, request: Request, letter: Letter) -> Letter:
        form = _bound(VerifyForm, request, letter, VerifyInput)
        data = form.cleaned_data
        if data["decision"] == "refuse":
            return services.letter_refuse(actor=request.user, letter=letter, reason=data["note"])
        return services.letter_verify(
            actor=request.user,
            letter=letter,
            values=form.letter_values(),
            uploads=data["scans"],
            note=data["note"],
        )
