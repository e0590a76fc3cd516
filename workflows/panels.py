"""Blocks other apps add to a letter's page, without workflows knowing them: an app that
is about letters (``intake``: the online request behind a letter) registers a function
that renders its block, in its AppConfig.ready()."""

from collections.abc import Callable

from django.http import HttpRequest

from workflows.models import Letter

LetterPanel = Callable[[HttpRequest, Letter], str]

_panels: list[LetterPanel] = []


def register_letter_panel(panel: LetterPanel) -> None:
    if panel not in _panels:
        _panels.append(panel)


def letter_panels(request: HttpRequest, letter: Letter) -> list[str]:
    """The rendered blocks (safe HTML) for ``letter``'s page, in registration order."""
    return [html for panel in _panels if (html := panel(request, letter))]
