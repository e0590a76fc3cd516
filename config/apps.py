"""Third-party apps under Indonesian names in the admin."""

from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class TasksDatabaseConfig(TasksAppConfig):
    verbose_name = _("Antrean tugas latar belakang")
