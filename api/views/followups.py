"""The follow-ups of dispositions waiting for me, and my answer to one."""

from drf_spectacular.utils import extend_schema
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.inputs import FollowUpInput
from api.serializers import FollowUpPageSerializer, FollowUpSerializer
from api.views._common import Pages, checked, form_or_error
from workflows import selectors, services
from workflows.models import FollowUp
from workflows.views import followup_form_class, followup_form_kwargs

_RELATED = ("letter__leader", "official")


class FollowUpListView(APIView):
    """Open follow-ups for me, the leader I serve, or my department's officials."""

    @extend_schema(responses=FollowUpPageSerializer, operation_id="followups")
    def get(self, request: Request) -> Response:
        pages = Pages()
        rows = selectors.followups_open_for(user=request.user).select_related(*_RELATED)
        page = pages.paginate_queryset(rows, request, view=self)
        return pages.get_paginated_response(FollowUpSerializer(page, many=True).data)


class FollowUpRespondView(APIView):
    """Answer a follow-up as its page does: accept, report done (``done``) or pass on
    (``pass``) a delegation; the report of the event; the speech and its readiness."""

    parser_classes = (JSONParser, MultiPartParser)

    @extend_schema(
        request={"application/json": FollowUpInput, "multipart/form-data": FollowUpInput},
        responses=FollowUpSerializer,
        operation_id="followup_respond",
    )
    def post(self, request: Request, pk: int) -> Response:
        followup = selectors.followups_for(user=request.user).select_related(*_RELATED).get(pk=pk)
        values = checked(FollowUpInput, request.data).form_data()
        form_class = followup_form_class(followup)
        form = form_or_error(
            form_class(data=values, files=request.FILES, **followup_form_kwargs(followup))
        )
        services.followup_respond(actor=request.user, followup=followup, data=form.cleaned_data)
        followup = FollowUp.objects.select_related(*_RELATED).get(pk=followup.pk)
        return Response(FollowUpSerializer(followup).data)
