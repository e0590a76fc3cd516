"""Blocks one app adds to another app's page without the page's app knowing it: an app
that depends on the page's app registers, in its AppConfig.ready(), a function that
renders its block for the page's object (or returns "" when it has nothing to add)."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

Panel = Callable[[HttpRequest, Any], str]


class Panels:
    """The blocks of one kind of page (a letter's, an agenda item's)."""

    def __init__(self) -> None:
        self._panels: list[Panel] = []

    def register(self, panel: Panel) -> None:
        if panel not in self._panels:
            self._panels.append(panel)

    def render(self, request: HttpRequest, obj: Any) -> list[str]:
        """The rendered blocks (safe HTML), in registration order."""
        return [html for panel in self._panels if (html := panel(request, obj))]
