"""The user's own notifications: the list, marking read, the settings, push subscriptions.
Every view reads and changes only the signed-in user's rows."""

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from notifications import selectors, services
from notifications.forms import NotificationSettingsForm
from notifications.models import Channel


@login_required
@require_safe
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_for(user=request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/list.html", {"page_obj": page})


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one read and go where it points (only the user's own: else 404)."""
    notification = selectors.notifications_for(user=request.user).filter(pk=pk).first()
    if notification is None:
        raise Http404
    services.notification_mark_read(user=request.user, notification_id=pk)
    target = notification.url
    if request.POST.get("stay") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("notifikasi:index")
    return HttpResponseRedirect(target)


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    services.notifications_mark_all_read(user=request.user)
    return HttpResponseRedirect(reverse("notifikasi:index"))


@login_required
def notification_settings(request: HttpRequest) -> HttpResponse:
    profile = selectors.notification_profile(user=request.user)
    choices = selectors.notification_choices(user=request.user)
    initial = {
        "phone": profile.phone,
        "whatsapp_opt_in": profile.whatsapp_opt_in,
        "email_digest": profile.email_digest,
    }
    form = NotificationSettingsForm(request.POST or None, initial=initial, choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            services.notification_settings_update(
                user=request.user,
                phone=form.cleaned_data["phone"],
                whatsapp_opt_in=form.cleaned_data["whatsapp_opt_in"],
                email_digest=form.cleaned_data["email_digest"],
                choices=form.channel_choices(),
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("Pilihan pemberitahuan disimpan."))
            return HttpResponseRedirect(reverse("notifikasi:settings"))
    return render(
        request,
        "notifications/settings.html",
        {
            "form": form,
            "channels": Channel.choices,
            "vapid_public_key": settings.LONTAR_VAPID_PUBLIC_KEY,
            "push_count": request.user.push_subscriptions.count(),
        },
    )


def _json_body(request: HttpRequest) -> dict[str, Any]:
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


@login_required
@require_POST
def push_subscribe(request: HttpRequest) -> HttpResponse:
    """The page's script posts the browser's PushSubscription JSON here."""
    try:
        services.push_subscription_save(
            user=request.user,
            data=_json_body(request),
            user_agent=request.headers.get("User-Agent", ""),
        )
    except ValidationError as exc:
        return JsonResponse({"error": exc.messages[0]}, status=400)
    return JsonResponse({"ok": True}, status=201)


@login_required
@require_POST
def push_unsubscribe(request: HttpRequest) -> HttpResponse:
    endpoint = _json_body(request).get("endpoint")
    if not isinstance(endpoint, str):
        return JsonResponse({"error": _("Alamat langganan tidak ada.")}, status=400)
    deleted = services.push_subscription_delete(user=request.user, endpoint=endpoint)
    return JsonResponse({"ok": True, "deleted": deleted})
