from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    """Letters that arrive online: departments' and the public's requests for the leader's
    attendance, followed by tracking code, and the protocol office's answer."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "intake"
    verbose_name = _("Permohonan daring")

    def ready(self) -> None:
        from intake.views import letter_request_panel
        from workflows.panels import letter_panels

        letter_panels.register(letter_request_panel)
