"""An official's agenda over a date range, as the agenda pages show it (a confidential item
"Sibuk" to whoever may not read it), and the leaders' public agenda (no login)."""

from datetime import timedelta

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.inputs import MAX_ID
from api.serializers import AgendaEntrySerializer, PublicAgendaItemSerializer
from api.views._common import checked
from calendar_sync.selectors import (
    agenda_entries,
    agenda_for_official,
    agenda_public_for_days,
    agenda_viewer,
)
from organization.models import Official, Region

MAX_DAYS = 92


class AgendaQuery(serializers.Serializer):
    official = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    start = serializers.DateField(required=False, help_text="Hari pertama (default: hari ini)")
    end = serializers.DateField(required=False, help_text="Hari terakhir (default: start + 6)")

    def validate(self, attrs: dict) -> dict:
        today = timezone.localdate(timezone=Region.current().zone)
        attrs.setdefault("start", today)
        attrs.setdefault("end", attrs["start"] + timedelta(days=6))
        if not 0 <= (attrs["end"] - attrs["start"]).days < MAX_DAYS:
            raise serializers.ValidationError(
                {"end": [f"end must be on or after start, at most {MAX_DAYS} days"]}
            )
        return attrs


class PublicAgendaQuery(serializers.Serializer):
    start = serializers.DateField(required=False, help_text="Hari pertama (default: hari ini)")
    days = serializers.IntegerField(min_value=1, max_value=31, default=7)


class AgendaView(APIView):
    """One official's items touching the days from ``start`` to ``end`` (the region's)."""

    @extend_schema(
        parameters=[AgendaQuery], responses=AgendaEntrySerializer(many=True), operation_id="agenda"
    )
    def get(self, request: Request) -> Response:
        query = checked(AgendaQuery, request.query_params).validated_data
        official = get_object_or_404(Official, pk=query["official"])
        items = agenda_for_official(
            official=official,
            first_day=query["start"],
            days=(query["end"] - query["start"]).days + 1,
            zone=Region.current().zone,
        )
        entries = agenda_entries(items=items, viewer=agenda_viewer(user=request.user))
        return Response(AgendaEntrySerializer(entries, many=True).data)


class PublicAgendaView(APIView):
    """The leaders' public, not cancelled items (what ``/agenda/`` shows), no login."""

    authentication_classes = ()
    permission_classes = (AllowAny,)

    @extend_schema(
        parameters=[PublicAgendaQuery],
        responses=PublicAgendaItemSerializer(many=True),
        auth=[],
        operation_id="public_agenda",
    )
    def get(self, request: Request) -> Response:
        query = checked(PublicAgendaQuery, request.query_params).validated_data
        region = Region.current()
        items = agenda_public_for_days(
            first_day=query.get("start") or timezone.localdate(timezone=region.zone),
            days=query["days"],
            open_end_default=region.open_end_default,
        )
        return Response(PublicAgendaItemSerializer(items, many=True).data)
