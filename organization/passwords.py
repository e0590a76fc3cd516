"""Password rules beyond Django's own (BSSN 4/2021: long, and of mixed characters)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class MixedCharactersValidator:
    """At least one lowercase letter, one uppercase letter, and one digit or symbol."""

    def validate(self, password: str, user: Any = None) -> None:
        lower = any(c.islower() for c in password)
        upper = any(c.isupper() for c in password)
        other = any(not c.isalpha() for c in password)
        if not (lower and upper and other):
            raise ValidationError(self.get_help_text(), code="password_not_mixed")

    def get_help_text(self) -> str:
        return _("Kata sandi harus memuat huruf kecil, huruf besar, dan angka atau simbol.")
