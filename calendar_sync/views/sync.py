"""The protocol office's view of calendar synchronisation: which push failed, and why."""

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.views import generic

from calendar_sync.models import InvitationMail
from calendar_sync.selectors import caldav_sync_status
from organization.permissions import VIEW_ALL_LETTERS


class SyncStatusView(LoginRequiredMixin, PermissionRequiredMixin, generic.TemplateView):
    template_name = "calendar_sync/sync_status.html"
    permission_required = VIEW_ALL_LETTERS
    raise_exception = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs["accounts"] = caldav_sync_status()
        kwargs["failing_mails"] = (
            InvitationMail.objects.filter(sent_at__isnull=True)
            .select_related("item__official")
            .order_by("-pk")[:50]
        )
        return super().get_context_data(**kwargs)
