"""Show times in the region's zone (WIB/WITA/WIT) whatever the server's TIME_ZONE is."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from organization.models import Region


class RegionTimeZoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.region = Region.current()
        timezone.activate(request.region.zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
