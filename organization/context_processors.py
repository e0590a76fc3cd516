from django.http import HttpRequest

from organization.models import Region


def region(request: HttpRequest) -> dict:
    return {"region": getattr(request, "region", None) or Region.current()}
