"""Project-wide middleware: the interface language, and a storage outage.

Language: Bahasa Indonesia unless the user chose English. Django's LocaleMiddleware
follows the browser's Accept-Language, so a clerk whose browser is set to English would
get a half-translated English interface. Here only an explicit choice (the language
cookie set by /i18n/setlang/) changes the language.
"""

import logging
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.templatetags.static import static
from django.utils import translation
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from documents.storage import StorageUnavailable

logger = logging.getLogger(__name__)


class ChosenLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, settings.LANGUAGE_CODE)
        if language not in self.languages:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class StorageUnavailableMiddleware:
    """Answer 503 with a plain message when the object storage cannot be reached.

    Pages do not need the storage (viewflow's avatar is overridden in
    templates/viewflow/base_page.html) and uploads report the outage in their form; what
    is left is opening a file, which raises ``documents.storage.StorageUnavailable``. A
    connection error from boto3 anywhere else is the same condition, so it gets the same
    page instead of a server error.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.handled: tuple[type[BaseException], ...] = (StorageUnavailable,)
        try:
            from botocore.exceptions import ConnectionError as BotoConnectionError
            from botocore.exceptions import ReadTimeoutError
        except ImportError:  # django-storages without boto3: local storage only
            pass
        else:
            self.handled += (BotoConnectionError, ReadTimeoutError)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, self.handled):
            return None
        logger.warning("storage unavailable for %s: %s", request.path, exception)
        message = (
            str(exception)
            if isinstance(exception, StorageUnavailable)
            else str(StorageUnavailable())
        )
        back = request.headers.get("referer", "")
        if not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            back = "/"
        title = _("Penyimpanan berkas tidak tersedia")
        page = format_html(
            '<!doctype html><html lang="{}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<title>{}</title><link rel="stylesheet" href="{}"></head>'
            '<body><main><h1>{}</h1><p>{}</p><p><a href="{}">{}</a></p></main></body></html>',
            translation.get_language() or settings.LANGUAGE_CODE,
            title,
            static("lontar_error.css"),
            title,
            message,
            back,
            _("Kembali"),
        )
        response = HttpResponse(page, status=503)
        response["Retry-After"] = "60"
        return response


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set: Permissions-Policy on every
    response, and ``Cache-Control: private, no-store`` on what a signed-in user is shown
    (pages, documents, JSON) unless the view chose its own caching, so that a shared
    computer's browser or a proxy keeps no copy of a letter."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.LONTAR_PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            response["Cache-Control"] = "private, no-store"
        return response
