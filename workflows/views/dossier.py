"""The auditor's dossier of one letter (``workflows.dossier``), at /letters/<pk>/dosir/."""

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.views import generic

from workflows.dossier import letter_dossier
from workflows.models import Letter
from workflows.panels import dossier_panels


class LetterDossierView(LoginRequiredMixin, generic.TemplateView):
    """Auditors and administrators only (403 for everyone else, before the letter is
    looked up, so no one learns which letters exist)."""

    template_name = "workflows/letter_dossier.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        try:
            dossier = letter_dossier(
                user=self.request.user, pk=kwargs["pk"], rehash="periksa" in self.request.GET
            )
        except Letter.DoesNotExist as exc:
            raise Http404 from exc
        kwargs.update(
            dossier=dossier,
            letter=dossier.letter,
            panels=dossier_panels.render(self.request, dossier.letter),
        )
        return super().get_context_data(**kwargs)
