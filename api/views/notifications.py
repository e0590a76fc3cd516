"""My notifications (the bell's list): read them, mark one or all read. Always the
caller's own; another user's is a 404. Their texts were made safe when they were written
(``notifications.services.notify``: a confidential letter's subject never goes in)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.serializers import (
    NotificationPageSerializer,
    NotificationSerializer,
    NotificationsReadSerializer,
)
from api.views._common import Pages, checked
from notifications import selectors, services


class _Filter(serializers.Serializer):
    unread = serializers.BooleanField(required=False, default=False)


class NotificationListView(APIView):
    """Newest first; ``?unread=true`` for the unread ones only. ``unread_count`` is the
    bell's number."""

    @extend_schema(
        parameters=[OpenApiParameter("unread", bool, description="Hanya yang belum dibaca")],
        responses=NotificationPageSerializer,
        operation_id="notifications",
    )
    def get(self, request: Request) -> Response:
        unread = checked(_Filter, request.query_params).validated_data["unread"]
        rows = selectors.notifications_for(user=request.user).select_related("actor")
        if unread:
            rows = rows.filter(read_at__isnull=True)
        pages = Pages()
        page = pages.paginate_queryset(rows, request, view=self)
        response = pages.get_paginated_response(NotificationSerializer(page, many=True).data)
        response.data["unread_count"] = selectors.unread_count(user=request.user)
        return response


class NotificationReadView(APIView):
    """Mark one of my notifications read (again is no change)."""

    @extend_schema(request=None, responses=NotificationSerializer, operation_id="notification_read")
    def post(self, request: Request, pk: int) -> Response:
        notification = selectors.notifications_for(user=request.user).get(pk=pk)
        services.notification_mark_read(user=request.user, notification_id=notification.pk)
        notification.refresh_from_db()
        return Response(NotificationSerializer(notification).data)


class NotificationReadAllView(APIView):
    """Mark all my notifications read; says how many were unread."""

    @extend_schema(
        request=None, responses=NotificationsReadSerializer, operation_id="notifications_read_all"
    )
    def post(self, request: Request) -> Response:
        marked = services.notifications_mark_all_read(user=request.user)
        return Response({"marked": marked, "unread_count": 0})
