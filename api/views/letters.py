"""A letter with its documents and history; its files; registering a letter with files."""

from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.inputs import LetterSearchQuery, RegisterInput
from api.serializers import LetterDetailSerializer, LetterPageSerializer, LetterSummarySerializer
from api.views._common import Pages, checked, form_or_error
from workflows import selectors, services
from workflows.activations import process_start
from workflows.flows import LetterFlow
from workflows.forms import LetterSearchForm, RegisterForm
from workflows.models import Letter
from workflows.views import letter_document_response

FILE = OpenApiResponse(OpenApiTypes.BINARY, description="Berkas (PDF, JPEG, PNG)")
# The file as stored: a PDF, a scan's image, or a thumbnail (JPEG).
FILE_RESPONSES = {
    (200, "application/pdf"): FILE,
    (200, "image/jpeg"): FILE,
    (200, "image/png"): FILE,
}


def letter_detail(request: Request, pk: int) -> dict[str, Any]:
    """The letter page's read (``selectors.letter_for_page``): 404 unless visible."""
    return LetterDetailSerializer(selectors.letter_for_page(user=request.user, pk=pk)).data


class LetterView(APIView):
    """A letter the caller may see, as its page shows it: fields, documents (links to
    the permission-checked files), dispositions, and the full history."""

    @extend_schema(responses=LetterDetailSerializer, operation_id="letter")
    def get(self, request: Request, pk: int) -> Response:
        return Response(letter_detail(request, pk))


class LetterDocumentView(APIView):
    """A file of the letter, through the web's own file view (``letter_document_response``):
    the same check, and opening an original is logged."""

    @extend_schema(responses=FILE_RESPONSES, operation_id="document")
    def get(self, request: Request, pk: int, document_pk: int, kind: str = "") -> HttpResponse:
        return letter_document_response(request, pk, document_pk, kind)


class LetterDerivedDocumentView(LetterDocumentView):
    @extend_schema(responses=FILE_RESPONSES, operation_id="document_derived")
    def get(self, request: Request, pk: int, document_pk: int, kind: str = "") -> HttpResponse:
        return letter_document_response(request, pk, document_pk, kind)


class RegisterView(APIView):
    """Register a letter with its scans (multipart), as the mailroom's page does: the same
    form, the same upload checks (``documents``), the same service; the letter's process
    starts and its review waits in the protocol office's queue."""

    parser_classes = (MultiPartParser,)

    @extend_schema(
        request={"multipart/form-data": RegisterInput},
        responses={201: LetterDetailSerializer},
        operation_id="letter_register",
    )
    def post(self, request: Request) -> Response:
        def perform() -> Letter:
            checked(RegisterInput, request.data)
            form = form_or_error(
                RegisterForm(data=request.data, files=request.FILES, user=request.user)
            )
            return services.letter_register(
                actor=request.user,
                values=form.letter_values(),
                uploads=form.cleaned_data["scans"],
                documents=form.cleaned_data["staged_documents"],
                registration_key=form.cleaned_data["registration_key"] or None,
            )

        letter = process_start(request=request, flow_task=LetterFlow.register, perform=perform)
        return Response(letter_detail(request, letter.pk), status=201)


class LetterListView(RegisterView):
    """GET: the letter register and archive search, as the letter list page (the same
    search form and read; best match first when searching). POST: register a letter."""

    parser_classes = (MultiPartParser,)

    @extend_schema(
        parameters=[LetterSearchQuery],
        responses=LetterPageSerializer,
        operation_id="letters",
    )
    def get(self, request: Request) -> Response:
        checked(LetterSearchQuery, request.query_params)
        form = LetterSearchForm(request.query_params)
        letters = selectors.letters_search(
            user=request.user, query=form.query(), filters=form.filters()
        )
        pages = Pages()
        page = pages.paginate_queryset(letters, request, view=self)
        return pages.get_paginated_response(LetterSummarySerializer(page, many=True).data)
