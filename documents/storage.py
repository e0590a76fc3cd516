"""Where originals live: local disk by default, S3-compatible storage when configured.

Both are reached through Django's storage API; this module holds the few places where
the difference matters (a presigned URL, and which exceptions mean "storage is down").
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.core.files.storage import Storage

# How long a presigned link to an original stays valid: long enough for the browser to
# follow the redirect, short enough that a copied link is useless by the next day.
PRESIGNED_SECONDS = 300


def is_s3(storage: Storage) -> bool:
    try:
        from storages.backends.s3 import S3Storage
    except ImportError:  # django-storages not installed: only local storage exists
        return False
    return isinstance(storage, S3Storage)


def storage_errors() -> tuple[type[BaseException], ...]:
    """Exceptions that mean the storage could not be written or read, not a bad file."""
    errors: list[type[BaseException]] = [OSError]
    try:
        from boto3.exceptions import Boto3Error
        from botocore.exceptions import BotoCoreError, ClientError

        errors += [BotoCoreError, ClientError, Boto3Error]
    except ImportError:
        pass
    return tuple(errors)


def presigned_url(
    field_file: Any, *, content_type: str, filename: str, expire: int = PRESIGNED_SECONDS
) -> str | None:
    """A short-lived URL to the object when the storage is S3, else None (stream it)."""
    storage = field_file.storage
    if not is_s3(storage):
        return None
    disposition = f"inline; filename*=UTF-8''{quote(filename)}"
    return storage.url(
        field_file.name,
        parameters={
            "ResponseContentType": content_type,
            "ResponseContentDisposition": disposition,
        },
        expire=expire,
    )
