"""Device tokens (django-rest-knox): a login gives a device its own token, stored only as a
hash and expiring after ``LONTAR_API_TOKEN_DAYS``; a logout revokes it, ``logoutall``
every token of the user."""

from typing import Any

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from knox.auth import TokenAuthentication
from knox.views import LoginView as KnoxLoginView
from knox.views import LogoutAllView as KnoxLogoutAllView
from knox.views import LogoutView as KnoxLogoutView
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from api.throttles import LoginThrottle
from organization.twofactor import (
    has_passkey,
    second_factor_owed,
    totp_device,
    verify_token,
)


class LoginSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False, write_only=True)
    otp = serializers.CharField(
        max_length=40,
        required=False,
        allow_blank=True,
        write_only=True,
        help_text=_(
            "Kode aplikasi autentikator atau kode pemulihan, bagi akun dengan verifikasi "
            "dua langkah (wajib untuk administrator, pimpinan, ajudan/sespri dan auditor)."
        ),
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        user = authenticate(
            request=self.context.get("request"),
            username=attrs["username"],
            password=attrs["password"],
        )
        if user is None or not user.is_active:
            raise serializers.ValidationError(
                _("Nama pengguna atau kata sandi salah."), code="authorization"
            )
        # The web's rule (organization.twofactor): a device token is a login too.
        owed = second_factor_owed(user)  # one query, as the web's gate asks it
        if owed == "setup":
            raise serializers.ValidationError(
                {"otp": _("Aktifkan verifikasi dua langkah di web (/akun/2fa/) lebih dulu.")},
                code="second_factor",
            )
        if owed == "verify":
            code = attrs.get("otp", "")
            passkey_only = has_passkey(user) and totp_device(user) is None
            # A blank code from a passkey-only account is not a wrong guess: it is told
            # what to send, and its recovery codes' throttle is left alone.
            if (passkey_only and not code.strip()) or verify_token(user, code) is None:
                if passkey_only:
                    # A passkey needs the browser's ceremony, which a token login has not.
                    raise serializers.ValidationError(
                        {
                            "otp": _(
                                "Akun ini memakai kunci sandi, yang tidak dapat dipakai untuk "
                                "masuk lewat API. Isi kode pemulihan, atau masuk di web dan "
                                "tambahkan aplikasi autentikator (/akun/2fa/)."
                            )
                        },
                        code="second_factor_passkey",
                    )
                raise serializers.ValidationError(
                    {"otp": _("Kode verifikasi dua langkah salah atau belum diisi.")},
                    code="second_factor",
                )
        attrs["user"] = user
        return attrs


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=_("Kirim sebagai header Authorization: Token <token>"))
    expiry = serializers.DateTimeField(allow_null=True)


class LoginView(KnoxLoginView):
    """Exchange a user name and password for a new token of this device."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (LoginThrottle,)

    @extend_schema(
        request=LoginSerializer, responses={200: TokenSerializer}, auth=[], operation_id="login"
    )
    def post(self, request: Request, format: Any = None) -> Response:
        serializer = LoginSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        request.user = serializer.validated_data["user"]
        return super().post(request, format=format)


class LogoutView(KnoxLogoutView):
    """Revoke the token this request carries."""

    authentication_classes = (TokenAuthentication,)

    @extend_schema(request=None, responses={204: None}, operation_id="logout")
    def post(self, request: Request, format: Any = None) -> Response:
        return super().post(request, format=format)


class LogoutAllView(KnoxLogoutAllView):
    """Revoke every token of the user (a lost phone)."""

    authentication_classes = (TokenAuthentication,)

    @extend_schema(request=None, responses={204: None}, operation_id="logout_all")
    def post(self, request: Request, format: Any = None) -> Response:
        return super().post(request, format=format)
