"""The installable app's files: the web app manifest, the service worker (served from the
site's root so that its scope is the whole site), the offline page and, for a signed-in
user, the list of pages the worker keeps for offline reading."""

import hashlib
import json
import re
from functools import cache

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic
from django.views.decorators.cache import never_cache

from pwa.offline import offline_pages

THEME_COLOR = "#0b576c"
BACKGROUND_COLOR = "#ffffff"


def manifest(request: HttpRequest) -> HttpResponse:
    data = {
        "name": "Lontar",
        "short_name": "Lontar",
        "description": _(
            "Surat undangan pimpinan: kotak masuk, disposisi, dan agenda, juga di ponsel."
        ),
        "lang": "id",
        "dir": "ltr",
        "id": "/",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "orientation": "any",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "categories": ["productivity", "government"],
        "icons": [
            {"src": static("pwa/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("pwa/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("pwa/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
        "shortcuts": [
            {"name": _("Kotak masuk"), "url": reverse("letter:inbox")},
            {"name": _("Agenda"), "url": reverse("jadwal:index")},
        ],
    }
    body = json.dumps(data, ensure_ascii=False, indent=1)
    return HttpResponse(body, content_type="application/manifest+json; charset=utf-8")


@cache
def shell_urls() -> tuple[str, ...]:
    """The app shell: the offline page, the icons, and the static files every page loads
    (read from viewflow's own includes, so an upgrade that renames one is followed)."""
    includes = render_to_string("viewflow/includes/viewflow_css.html") + render_to_string(
        "viewflow/includes/viewflow_js.html"
    )
    assets = re.findall(r'(?:href|src)="([^"]+)"', includes)
    own = [static("pwa/register.js"), static("pwa/offline.js"), static("pwa/icon-192.png")]
    return (reverse("pwa:offline"), *assets, *own)


@cache
def worker_script() -> str:
    """The worker with its shell list; its version changes with either, so a browser
    installs the new worker and drops the old shell cache."""
    urls = list(shell_urls())
    body = render_to_string("pwa/sw.js", {"shell_urls": json.dumps(urls), "version": "0"})
    version = hashlib.sha256(body.encode()).hexdigest()[:12]
    return body.replace('const VERSION = "0";', f'const VERSION = "{version}";', 1)


def service_worker(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(worker_script(), content_type="text/javascript; charset=utf-8")
    # Browsers check for a new worker at most daily anyway; never serve a stale one.
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


class OfflineView(generic.TemplateView):
    """Shown by the worker when a page is asked for without a connection; it lists the
    pages kept for offline reading (``static/pwa/offline.js`` reads them from the cache)."""

    template_name = "pwa/offline.html"
    # Served from the cache to whoever is signed in later: nothing of the user in it.
    extra_context = {"pwa_no_user": True}


@never_cache
def offline_list(request: HttpRequest) -> HttpResponse:
    """``{"user": id, "pages": [{"url", "label"}]}``: what the worker keeps for this user.
    Anonymous: no user, nothing kept (the worker then drops what it kept)."""
    if not request.user.is_authenticated:
        return JsonResponse({"user": None, "pages": []})
    pages = [{"url": p.url, "label": p.label} for p in offline_pages(user=request.user)]
    return JsonResponse({"user": request.user.pk, "pages": pages})
