"""Every API error in one shape, documented in the schema (``ErrorSerializer``):

    {"error": {"code": "invalid", "message": "...", "fields": {"note": ["..."]}}}

``code`` is DRF's (``invalid``, ``not_authenticated``, ``authentication_failed``,
``permission_denied``, ``not_found``, ``method_not_allowed``, ``throttled``, ...);
``fields`` only for invalid input, by field name (``non_field_errors`` for the whole).
A service's refusal (Django's ValidationError) is ``invalid`` with its messages.
"""

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


class ErrorBodySerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorBodySerializer()


def _flatten(detail: Any) -> list[str]:
    if isinstance(detail, dict):
        return [text for value in detail.values() for text in _flatten(value)]
    if isinstance(detail, list):
        return [text for value in detail for text in _flatten(value)]
    return [str(detail)]


def _fields(detail: Any) -> dict[str, list[str]]:
    if not isinstance(detail, dict):
        return {api_settings.NON_FIELD_ERRORS_KEY: _flatten(detail)}
    return {str(name): _flatten(value) for name, value in detail.items()}


def _as_drf(exc: Exception) -> Exception:
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            return exceptions.ValidationError(
                {name: [str(m) for m in errs] for name, errs in exc.message_dict.items()}
            )
        return exceptions.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: exc.messages})
    if isinstance(exc, (ObjectDoesNotExist, Http404)):
        return exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied()
    return exc


def exception_handler(exc: Exception, context: dict[str, Any]) -> Any:
    exc = _as_drf(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = _fields(exc.detail)
        body = {
            "code": "invalid",
            "message": " ".join(_flatten(exc.detail)) or _("Data tidak valid."),
            "fields": fields,
        }
    elif isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        body = {
            "code": codes if isinstance(codes, str) else exc.default_code,
            "message": " ".join(_flatten(exc.detail)),
        }
    else:
        body = {"code": "error", "message": " ".join(_flatten(response.data))}
    response.data = {"error": body}
    return response


def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """An address under /api/ that names nothing: the error shape, not an HTML page."""
    body = {"error": {"code": "not_found", "message": _("Tidak ditemukan.")}}
    return JsonResponse(body, status=404)
