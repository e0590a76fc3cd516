"""What the API's views share: running a web form on checked values, and pages."""

from functools import partial
from typing import Any

from django import forms
from django.core.paginator import Paginator
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.settings import api_settings


def form_or_error(form: forms.Form) -> forms.Form:
    """``form`` (one of the web's) if valid; else its errors, by field, as a 400."""
    if not form.is_valid():
        errors = {
            (api_settings.NON_FIELD_ERRORS_KEY if name == "__all__" else name): list(messages)
            for name, messages in form.errors.items()
        }
        raise exceptions.ValidationError(errors)
    return form


def checked(serializer_class: type, data: Any) -> Any:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer


class _KnownCountPaginator(Paginator):
    """Django's paginator told its total instead of counting the rows."""

    def __init__(self, *args: Any, count: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.__dict__["count"] = count  # ``count`` is a cached_property


class Pages(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def __init__(self, *, count: int | None = None) -> None:
        """With ``count``, the list's total is known already (no COUNT over its rows)."""
        if count is not None:
            self.django_paginator_class = partial(_KnownCountPaginator, count=count)
