"""Two-factor authentication (BSSN 4/2021): who must, checking a code, and the changes.

A second factor is an authenticator app (django-otp's TOTP device) or one or more
passkeys (django-otp-webauthn's credentials, see ``organization.passkeys``), plus ten
one-time recovery codes (a static device) made with the first of them. Administrators,
leaders, their staff and auditors must have one; anyone else may. The pages
(``organization.views``, through ``SecondFactorMiddleware``) and the API's token login
both ask the same question, in one query::

    owed = second_factor_owed(user)  # "verify", "setup" (none enrolled yet) or ""
    if owed == "verify":
        device = verify_token(user, code)  # None: refuse the login

A six-digit code is checked against the app, anything else against the recovery codes,
so a mistyped code slows down only the device it was meant for. django-otp throttles
each device (1, 2, 4, 8 ... seconds between attempts after successive failures); a
recovery code is deleted when it is used. A passkey signs a challenge in the browser
instead of a typed code, so the API's token login (no browser there) takes only the
app's codes and the recovery codes.
"""

import base64
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from typing import Any

import qrcode
import qrcode.image.svg
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.dispatch import Signal
from django_otp import DEVICE_ID_SESSION_KEY, device_classes, user_has_device
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from organization.models import Role, SecondFactorEvent
from organization.roles import has_role

# Sent with ``user`` when a code or a passkey is refused (the audit log records it); a
# passkey's refusal adds ``method="passkey"``.
second_factor_failed = Signal()

REQUIRED_ROLES = (Role.ADMINISTRATOR, Role.LEADER, Role.LEADER_STAFF, Role.AUDITOR)
RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Aplikasi autentikator"
RECOVERY_DEVICE_NAME = "Kode pemulihan"
PASSKEY_DEVICE_NAME = "Kunci sandi"
# The session key holding recovery codes made with a first passkey, until the page that
# shows them once (the passkey is registered by a JSON request, which cannot show them).
NEW_RECOVERY_CODES_SESSION_KEY = "lontar_new_recovery_codes"


def requires_second_factor(user: Any) -> bool:
    """Whether this account may sign in only with a second factor (its roles or being
    a superuser say so), whether or not it has enrolled one yet."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return bool(user.is_superuser or has_role(user, *REQUIRED_ROLES))


def has_second_factor(user: Any) -> bool:
    """Whether the account has a confirmed authenticator app, passkey or recovery codes."""
    if user is None or not user.is_authenticated:
        return False
    return user_has_device(user, confirmed=True)


def second_factor_owed(user: Any) -> str:
    """What a signed-in user who has not given a second factor this session owes, asked
    on every request they make: ``"verify"`` (they have a confirmed device),
    ``"setup"`` (they must have one and have none yet) or ``""`` (nothing). One query
    whatever the number of device kinds: ``has_second_factor`` and
    ``requires_second_factor`` together were one per kind plus the user's groups."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ""
    checks = {
        f"device_{i}": Exists(model.objects.filter(user=OuterRef("pk"), confirmed=True))
        for i, model in enumerate(device_classes())
    }
    if not user.is_superuser:
        roles = [str(role) for role in REQUIRED_ROLES]
        checks["required"] = Exists(Group.objects.filter(user=OuterRef("pk"), name__in=roles))
    found = get_user_model().objects.filter(pk=user.pk).values(**checks).first() or {}
    if any(v for k, v in found.items() if k.startswith("device_")):
        return "verify"
    if user.is_superuser or found.get("required"):
        return "setup"
    return ""


def totp_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def passkeys(user: Any) -> list[WebAuthnCredential]:
    """The account's passkeys, oldest first."""
    found = WebAuthnCredential.objects.filter(user=user, confirmed=True)
    return list(found.order_by("created_at", "pk"))


def has_passkey(user: Any) -> bool:
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def base32_secret(device: TOTPDevice) -> str:
    """The key as authenticator apps take it when typed in (RFC 4648 base32)."""
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def qr_svg(data: str) -> str:
    """An inline SVG QR code, drawn here: nothing is fetched from elsewhere."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    out = BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg") :]


def normalize_code(code: str) -> str:
    """Spaces and dashes people type in ("123 456", "abcd-efgh") do not count."""
    return "".join(code.split()).replace("-", "").lower()


@dataclass(frozen=True)
class CodeCheck:
    device: Device | None
    # When a throttled device takes the next attempt (UTC), if it is throttled.
    retry_at: datetime | None = None

    @property
    def is_recovery_code(self) -> bool:
        return isinstance(self.device, StaticDevice)


def retry_at(device: Device) -> datetime | None:
    """When a throttled device takes the next attempt, or None when it takes one now."""
    allowed, data = device.verify_is_allowed()
    return None if allowed else (data or {}).get("locked_until")


def code_check(user: Any, code: str) -> CodeCheck:
    """Check a code from the app or a recovery code; each failure counts toward the
    device's throttle, and a throttled device refuses even the right code."""
    code = normalize_code(code)
    model = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    latest = None
    with transaction.atomic():
        devices = model.objects.devices_for_user(user, confirmed=True).select_for_update()
        for device in devices:
            if device.verify_token(code):
                return CodeCheck(device=device)
            wait_until = retry_at(device)
            if wait_until is not None and (latest is None or wait_until > latest):
                latest = wait_until
    second_factor_failed.send(sender=CodeCheck, user=user)
    return CodeCheck(device=None, retry_at=latest)


def verify_token(user: Any, code: str) -> Device | None:
    """The device that accepts ``code`` for ``user``, or None. For the API's token login:
    refuse the token when this returns None for a user who has or needs a second
    factor (see the module docstring)."""
    return code_check(user, code).device


def totp_enrollment_begin(*, user: Any) -> TOTPDevice:
    """The account's pending (unconfirmed) authenticator key, made on first call; the
    same key is shown until it is confirmed, so reloading the page keeps the QR code."""
    pending = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return pending or TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)


@dataclass(frozen=True)
class Enrollment:
    device: TOTPDevice
    recovery_codes: list[str]


@transaction.atomic
def totp_enrollment_confirm(*, user: Any, code: str) -> Enrollment | None:
    """Confirm the pending key with a code from the app; then the account gets fresh
    recovery codes (returned once, to be shown once). None when the code is wrong."""
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=False)
        .order_by("pk")
        .first()
    )
    if device is None or not device.verify_token(normalize_code(code)):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    codes = _recovery_codes_replace(user)
    SecondFactorEvent.objects.create(user=user, by=user, action=SecondFactorEvent.Action.ENROLL)
    return Enrollment(device=device, recovery_codes=codes)


def _recovery_codes_replace(user: Any) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def recovery_codes_renew(*, user: Any) -> list[str]:
    """Ten new recovery codes in place of the old ones (all of which stop working)."""
    if totp_device(user) is None and not has_passkey(user):
        raise PermissionDenied("No authenticator app or passkey is enrolled.")
    codes = _recovery_codes_replace(user)
    SecondFactorEvent.objects.create(
        user=user, by=user, action=SecondFactorEvent.Action.RECOVERY_CODES
    )
    return codes


@transaction.atomic
def passkey_enrolled(*, user: Any, device: WebAuthnCredential) -> list[str] | None:
    """Name and record a passkey django-otp-webauthn has just saved. The account's first
    factor comes with recovery codes, returned to be shown once; None when it has some."""
    number = WebAuthnCredential.objects.filter(user=user).exclude(pk=device.pk).count() + 1
    device.name = f"{PASSKEY_DEVICE_NAME} {number}"
    device.save(update_fields=["name"])
    SecondFactorEvent.objects.create(
        user=user, by=user, action=SecondFactorEvent.Action.PASSKEY_ADD, reason=device.name
    )
    if StaticDevice.objects.filter(user=user, confirmed=True).exists():
        return None
    return _recovery_codes_replace(user)


@transaction.atomic
def passkey_remove(*, user: Any, passkey_id: int) -> WebAuthnCredential:
    """Remove one of the user's own passkeys (DoesNotExist for anyone else's). An account
    that must have a second factor keeps at least one app or passkey; for anyone else the
    last one takes the recovery codes with it (the second factor is then off)."""
    passkey = WebAuthnCredential.objects.select_for_update().get(user=user, pk=passkey_id)
    others = WebAuthnCredential.objects.filter(user=user, confirmed=True).exclude(pk=passkey.pk)
    if totp_device(user) is None and not others.exists():
        if requires_second_factor(user):
            raise PermissionDenied("This account must keep its second factor.")
        StaticDevice.objects.filter(user=user).delete()
    passkey.delete()
    SecondFactorEvent.objects.create(
        user=user, by=user, action=SecondFactorEvent.Action.PASSKEY_REMOVE, reason=passkey.name
    )
    return passkey


def _devices_delete(user: Any) -> int:
    models = (TOTPDevice, StaticDevice, WebAuthnCredential)
    return sum(model.objects.filter(user=user).delete()[0] for model in models)


@transaction.atomic
def second_factor_disable(*, user: Any) -> None:
    """Someone for whom it is optional switches their own second factor off."""
    if requires_second_factor(user):
        raise PermissionDenied("This account must keep its second factor.")
    _devices_delete(user)
    SecondFactorEvent.objects.create(user=user, by=user, action=SecondFactorEvent.Action.DISABLE)


@transaction.atomic
def second_factor_reset(*, user: Any, by: Any, reason: str) -> int:
    """An administrator removes every device of a user (a lost phone and no recovery
    codes); the user enrolls again at the next sign-in. Returns the devices removed."""
    removed = _devices_delete(user)
    SecondFactorEvent.objects.create(
        user=user, by=by, action=SecondFactorEvent.Action.RESET, reason=reason[:300]
    )
    return removed


def client_login_verified(client: Any, user: Any) -> None:
    """Sign Django's test client in as ``user`` with the second factor given, as after
    typing a code, for code that drives the pages as users it trusts (the demo walker,
    the tests). A user who needs a second factor must have a confirmed app already."""
    client.force_login(user)
    device = totp_device(user) or next(iter(passkeys(user)), None)
    if device is None:
        if requires_second_factor(user):
            raise PermissionDenied(f"{user} must enroll an authenticator app first.")
        return
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
