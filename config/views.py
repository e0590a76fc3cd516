"""The site's front door."""

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from organization.roles import user_roles


def home(request: HttpRequest) -> HttpResponse:
    """``/``: the login page for a visitor (it answered "403 Akses ditolak"), a word of
    explanation for an account no role was given yet, and the letters' app for staff."""
    if not request.user.is_authenticated:
        return redirect_to_login("/letter/")
    if not (request.user.is_superuser or user_roles(request.user)):
        return render(request, "no_role.html", status=200)
    return HttpResponseRedirect("/letter/")
