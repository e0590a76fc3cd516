from django.db.models import QuerySet

from records.models import ClassificationCode


def classification_codes(*, active_only: bool = False) -> QuerySet[ClassificationCode]:
    codes = ClassificationCode.objects.select_related("parent")
    return codes.filter(is_active=True) if active_only else codes


def classification_code_by_code(code: str) -> ClassificationCode | None:
    return ClassificationCode.objects.filter(code=code).first()
