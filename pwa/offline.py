"""What the service worker keeps for a signed-in user to read offline: their agenda, or
the agenda of the leaders they serve, for today and tomorrow (the region's calendar)."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from organization.backends import leader_ids_for_user
from organization.models import Official, Region


@dataclass(frozen=True)
class OfflinePage:
    url: str
    label: str


def offline_pages(*, user: Any) -> list[OfflinePage]:
    """The day pages of the officials ``user`` is or serves, today and tomorrow."""
    ids = leader_ids_for_user(user)
    if not ids:
        return []
    today = timezone.now().astimezone(Region.current().zone).date()
    pages = []
    for official in Official.objects.filter(pk__in=ids).order_by("pk"):
        base = reverse("jadwal:official_day", args=[official.pk])
        for day, word in ((today, _("hari ini")), (today + timedelta(days=1), _("besok"))):
            label = _("Agenda %(official)s %(word)s, %(date)s") % {
                "official": official.title,
                "word": word,
                "date": date_format(day, "l, j F Y"),
            }
            pages.append(OfflinePage(url=f"{base}?day={day.isoformat()}", label=label))
    return pages
