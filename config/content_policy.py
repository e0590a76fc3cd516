"""The Content-Security-Policy (django-csp 4, ``csp.middleware.CSPMiddleware``).

One strict policy for the whole site: scripts, styles, images, fonts, connections and
workers only from Lontar itself, no inline script or style, no plugins, no framing, forms
only to Lontar. Pages keep their behaviour in static files (``static/``,
``<app>/static/``); ``tests/test_content_policy.py`` fails on any inline script, style,
``on*=`` handler or ``javascript:`` URL in a template.

No page needs a nonce: every script and stylesheet is a file. Third-party pages that
inlined theirs are overridden in ``templates/`` (viewflow's, drf-spectacular's Swagger UI).
The one response with a policy of its own is the process chart, an SVG image with inline
styles (``workflows.viewsets.ProcessChartView``: nothing but those styles, no script, no
fetch); the README lists it under "Content-Security-Policy".
"""

from csp.constants import NONE, SELF

# Turbo 7.3 (viewflow's frontend, viewflow/js/turbo.es2017-umd.js) inserts one <style>
# element for its progress bar when it starts, on every viewflow page. Its text is fixed,
# so its hash allows exactly that stylesheet and nothing else (a nonce would allow any
# <style> carrying it). tests/test_content_policy.py recomputes it from the installed
# Turbo, so an upgrade that changes the text fails there first.
TURBO_PROGRESS_BAR_STYLE = "'sha256-WAyOw4V+FqDc35lQPyRADLBWbuNK8ahvYEaQIYF1+Ps='"


def site_policy(*, https: bool) -> dict:
    """The policy of every response; ``https``: the production setting LONTAR_HTTPS,
    under which the browser also upgrades any http:// subresource to https://."""
    return {
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": [SELF],
            "style-src": [SELF, TURBO_PROGRESS_BAR_STYLE],
            # viewflow's stylesheet draws some controls with data: SVG images.
            "img-src": [SELF, "data:"],
            "font-src": [SELF],
            # Web Push: the browser itself talks to the push service; page scripts only
            # call Lontar (subscribe, unsubscribe) and the service worker is same-origin.
            "connect-src": [SELF],
            "worker-src": [SELF],
            "manifest-src": [SELF],
            "object-src": [NONE],
            "base-uri": [SELF],
            "frame-ancestors": [NONE],
            "form-action": [SELF],
            "upgrade-insecure-requests": https,
        }
    }
