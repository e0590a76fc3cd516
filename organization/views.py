"""The second-factor pages. Each acts only on the signed-in user's own devices; the
passkey ceremonies themselves are JSON endpoints (``organization.passkeys``)."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login

from organization import twofactor
from organization.forms import CodeForm, EnrollForm


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


def _signed_in_with(request: HttpRequest, device: object) -> None:
    # A new session key at the step that completes the sign-in, as at the password step.
    request.session.cycle_key()
    otp_login(request, device)


@never_cache
@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """``/akun/verifikasi/``: the second step of signing in."""
    user = request.user
    next_url = _next_url(request)
    if user.is_verified():
        return HttpResponseRedirect(next_url)
    if not twofactor.has_second_factor(user):
        return HttpResponseRedirect(reverse("twofactor:setup"))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = twofactor.code_check(user, form.cleaned_data["code"])
        if check.device is not None:
            _signed_in_with(request, check.device)
            if check.is_recovery_code:
                left = twofactor.recovery_codes_left(user)
                messages.warning(
                    request,
                    ngettext(
                        "Kode pemulihan dipakai dan tidak berlaku lagi; tersisa %(n)d kode.",
                        "Kode pemulihan dipakai dan tidak berlaku lagi; tersisa %(n)d kode.",
                        left,
                    )
                    % {"n": left},
                )
            return HttpResponseRedirect(next_url)
        form.add_error("code", _refusal(check))
    context = {
        "form": form,
        "next": next_url,
        "passkeys": twofactor.has_passkey(user),
        "app": twofactor.totp_device(user) is not None,
    }
    return render(request, "organization/twofactor_verify.html", context)


def _refusal(check: twofactor.CodeCheck) -> str:
    if check.retry_at is None:
        return _("Kode salah atau sudah dipakai. Periksa aplikasi autentikator Anda.")
    seconds = max(1, int((check.retry_at - timezone.now()).total_seconds() + 0.999))
    return ngettext(
        "Kode salah atau sudah dipakai. Terlalu banyak percobaan: tunggu %(n)d detik "
        "sebelum mencoba lagi.",
        "Kode salah atau sudah dipakai. Terlalu banyak percobaan: tunggu %(n)d detik "
        "sebelum mencoba lagi.",
        seconds,
    ) % {"n": seconds}


@never_cache
@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """``/akun/2fa/``: enroll an authenticator app or a passkey, or, once enrolled, add or
    remove passkeys, renew the recovery codes or (where it is optional) switch the second
    factor off. ``?tambah=aplikasi`` enrolls an app beside the passkeys."""
    user = request.user
    next_url = _next_url(request)
    if not user.is_verified() and twofactor.has_second_factor(user):
        # The password alone changes nothing here: no new codes, no new app.
        verify_url = reverse("twofactor:verify")
        return HttpResponseRedirect(f"{verify_url}?{urlencode({'next': next_url})}")
    new_codes = None
    if request.method == "GET":
        new_codes = request.session.pop(twofactor.NEW_RECOVERY_CODES_SESSION_KEY, None)
    if new_codes:
        # Made with a first passkey; shown this once.
        return _codes_page(request, new_codes, next_url)
    device = twofactor.totp_device(user)
    passkeys = twofactor.passkeys(user)
    required = twofactor.requires_second_factor(user)
    adding_app = device is None and (not passkeys or request.GET.get("tambah") == "aplikasi")
    if not adding_app:
        action = request.POST.get("action") if request.method == "POST" else None
        if action == "recovery_codes":
            codes = twofactor.recovery_codes_renew(user=user)
            return _codes_page(request, codes, next_url)
        if action == "disable" and not required:
            twofactor.second_factor_disable(user=user)
            messages.success(request, _("Verifikasi dua langkah dimatikan."))
            return HttpResponseRedirect(request.path)
        if action == "remove_passkey":
            return _passkey_remove(request)
        context = {
            "device": device,
            "passkeys": passkeys,
            "codes_left": twofactor.recovery_codes_left(user),
            "required": required,
            "last_factor": device is None and len(passkeys) == 1,
            "next": next_url,
            **_passkey_page(request, next_url),
        }
        return render(request, "organization/twofactor_status.html", context)

    pending = twofactor.totp_enrollment_begin(user=user)
    form = EnrollForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        enrollment = twofactor.totp_enrollment_confirm(user=user, code=form.cleaned_data["code"])
        if enrollment is not None:
            _signed_in_with(request, enrollment.device)
            return _codes_page(request, enrollment.recovery_codes, next_url)
        wait_until = twofactor.retry_at(pending)
        if wait_until is None:
            message = _("Kode tidak cocok. Pastikan jam ponsel tepat lalu masukkan kode terbaru.")
        else:
            message = _refusal(twofactor.CodeCheck(device=None, retry_at=wait_until))
        form.add_error("code", message)
    context = {
        "form": form,
        "qr": twofactor.qr_svg(pending.config_url),
        "secret": twofactor.base32_secret(pending),
        "required": required,
        "passkeys": passkeys,
        "next": next_url,
        **_passkey_page(request, next_url),
    }
    return render(request, "organization/twofactor_setup.html", context)


def _passkey_page(request: HttpRequest, next_url: str) -> dict[str, object]:
    return {
        # Where the page goes once a passkey is registered: here again, keeping "next".
        "done_url": f"{request.path}?{urlencode({'next': next_url})}",
        "localhost_only": settings.OTP_WEBAUTHN_RP_ID == "localhost",
    }


def _passkey_remove(request: HttpRequest) -> HttpResponse:
    try:
        passkey_id = int(request.POST.get("passkey", ""))
        passkey = twofactor.passkey_remove(user=request.user, passkey_id=passkey_id)
    except (ValueError, twofactor.WebAuthnCredential.DoesNotExist):
        raise Http404 from None
    messages.success(request, _("Kunci sandi “%(name)s” dihapus.") % {"name": passkey.name})
    return HttpResponseRedirect(request.path)


def _codes_page(request: HttpRequest, codes: list[str], next_url: str) -> HttpResponse:
    """The recovery codes, shown this once: no page shows them again (renewing makes
    new ones)."""
    return render(request, "organization/twofactor_codes.html", {"codes": codes, "next": next_url})
