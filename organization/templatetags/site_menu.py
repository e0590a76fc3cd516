"""``{% site_menu %}``: viewflow's menu of applications, rendered once per user and kept.

The menu lists the applications a user may open (``site.menu_template_name``): one
permission check and one ``reverse`` per application, four of a worklist's ~40 ms. Its
links depend on who the user is, what they may do and the language, so the rendered
menu is kept per process under exactly that (user, superuser flag, permissions,
language, the viewset's Turbo setting), for at most ``MENU_SECONDS``: a role given or
taken shows in the menu at the latest then (the pages check permissions themselves)."""

import time
from collections import OrderedDict

from django import template
from django.template.loader import render_to_string
from django.utils.translation import get_language

register = template.Library()

MENU_SECONDS = 60
MENU_KEPT = 512  # menus kept per process, the least recently used dropped first
_menus: OrderedDict[tuple, tuple[float, str]] = OrderedDict()


@register.simple_tag(takes_context=True)
def site_menu(context: template.Context) -> str:
    site = context.get("site")
    request = context.get("request")
    if not site or not getattr(site, "menu_template_name", None) or request is None:
        return ""
    user = request.user
    viewset = context.get("viewset")
    key = (
        id(site),
        site.menu_template_name,
        user.pk,
        user.is_superuser,
        frozenset(user.get_all_permissions()),
        get_language(),
        bool(getattr(viewset, "turbo_disabled", False)),
    )
    now = time.monotonic()
    kept = _menus.get(key)
    if kept is not None and now - kept[0] < MENU_SECONDS:
        _menus.move_to_end(key)
        return kept[1]
    html = render_to_string(site.menu_template_name, context.flatten())
    _menus[key] = (now, html)
    while len(_menus) > MENU_KEPT:
        _menus.popitem(last=False)
    return html


def site_menus_forget() -> None:
    """Drop every kept menu (tests that change a user's roles within a minute)."""
    _menus.clear()
