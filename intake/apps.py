from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    """Letters that arrive online: departments' and the public's requests for the leader's
    attendance, followed by tracking code, and the protocol office's answer."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "intake"
    verbose_name = _("Permohonan daring")

    def ready(self) -> None:
        from intake.selectors import request_answers_for_search
        from intake.views import letter_request_panel
        from workflows.panels import letter_panels
        from workflows.search import search_text_source_register

        letter_panels.register(letter_request_panel)
        # The answer sent to who asked is found in the archive search.
        search_text_source_register(request_answers_for_search)
