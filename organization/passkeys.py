"""Passkeys as a second factor: django-otp-webauthn's ceremony endpoints, adapted.

Its JSON views do the WebAuthn work (options, signature checks, the sign counter); these
subclasses add Lontar's rules: a passkey only after the password (no passwordless login,
``OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False``), a new session key when it completes
the sign-in (as the code form does), a recorded ``SecondFactorEvent`` for each passkey
registered, and an ``auth.otp_failed`` audit row for each one refused. The package
itself refuses to register a passkey in a session whose existing second factor has not
been given, and a passkey of another account.
"""

from typing import Any

from django.db import transaction
from django.http import HttpResponse
from django.urls import path
from django.views.i18n import JavaScriptCatalog
from django_otp import login as otp_login
from django_otp_webauthn import exceptions
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.models import AbstractWebAuthnCredential
from django_otp_webauthn.views import (
    BeginCredentialAuthenticationView,
    BeginCredentialRegistrationView,
    CompleteCredentialAuthenticationView,
    CompleteCredentialRegistrationView,
)

from organization import twofactor


class PasskeyHelper(WebAuthnHelper):
    """Names and records each new passkey in the transaction that saves it."""

    def register_complete(self, user: Any, state: dict, data: dict) -> Any:
        with transaction.atomic():
            device = super().register_complete(user=user, state=state, data=data)
            codes = twofactor.passkey_enrolled(user=user, device=device)
        if codes:
            self.request.session[twofactor.NEW_RECOVERY_CODES_SESSION_KEY] = codes
        return device


class PasskeyRegistrationComplete(CompleteCredentialRegistrationView):
    def post(self, *args: Any, **kwargs: Any) -> HttpResponse:
        was_verified = self.request.user.is_verified()
        response = super().post(*args, **kwargs)
        if not was_verified:
            # A first passkey signs the session in with it (the package's otp_login):
            # a new session key, as at the other sign-in steps.
            self.request.session.cycle_key()
        return response


class PasskeyAuthenticationComplete(CompleteCredentialAuthenticationView):
    def complete_auth(self, device: AbstractWebAuthnCredential) -> None:
        if not self.request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        self.request.session.cycle_key()
        otp_login(self.request, device)

    def handle_exception(self, exc: Exception) -> HttpResponse:
        user = self.request.user
        if user.is_authenticated and isinstance(exc, exceptions.OTPWebAuthnApiError):
            twofactor.second_factor_failed.send(sender=type(self), user=user, method="passkey")
        return super().handle_exception(exc)


# Included under the package's namespace: its template tags reverse these names.
app_name = "otp_webauthn"
urlpatterns = [
    path(
        "pendaftaran/mulai/",
        BeginCredentialRegistrationView.as_view(),
        name="credential-registration-begin",
    ),
    path(
        "pendaftaran/selesai/",
        PasskeyRegistrationComplete.as_view(),
        name="credential-registration-complete",
    ),
    path(
        "verifikasi/mulai/",
        BeginCredentialAuthenticationView.as_view(),
        name="credential-authentication-begin",
    ),
    path(
        "verifikasi/selesai/",
        PasskeyAuthenticationComplete.as_view(),
        name="credential-authentication-complete",
    ),
    path(
        "jsi18n/",
        JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
        name="js-i18n-catalog",
    ),
]
