"""Writes to the classification scheme. Who did it is the caller's check (the view asks
for ``records.manage_records``); the Django admin history is not the record here: the
scheme is small and every code keeps its ``updated_at``."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from records.models import ClassificationCode

FIELDS = (
    "code",
    "title",
    "parent",
    "active_years",
    "inactive_years",
    "final_disposition",
    "is_active",
    "note",
)


def _check_parent(code: ClassificationCode) -> None:
    parent = code.parent
    while parent is not None:
        if parent.pk == code.pk:
            raise ValidationError(
                {"parent": _("Induk tidak boleh kode ini sendiri atau turunannya.")}
            )
        parent = parent.parent


@transaction.atomic
def classification_code_save(
    *, values: dict[str, Any], code: ClassificationCode | None = None
) -> ClassificationCode:
    """Create a code, or change ``code``; a change applies to letters archived from now
    on (letters already archived keep the dates they got)."""
    code = code or ClassificationCode()
    for name in FIELDS:
        if name in values:
            setattr(code, name, values[name])
    code.code = code.code.strip()
    _check_parent(code)
    code.full_clean()
    code.save()
    return code
