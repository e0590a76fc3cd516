"""Nothing a signed-in user saw stays on the device after they log out."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import reverse


class ClearSiteDataOnLogoutMiddleware:
    """The logout response tells the browser to drop the site's caches and storage (the
    service worker's cached agenda pages, and the worker itself; the next page registers
    it again). Browsers honour the header on HTTPS and on localhost."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method == "POST" and request.path == reverse("logout"):
            response["Clear-Site-Data"] = '"cache", "storage"'
        return response
