from django.http import HttpRequest

from organization.models import Region


def region(request: HttpRequest) -> dict:
    return {"region": Region.current()}
