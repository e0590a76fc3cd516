"""Where originals live: local disk by default, S3-compatible storage when configured.

Both are reached through Django's storage API; this module holds the few places where
the difference matters (a presigned URL, which exceptions mean "storage is down", and
listing every stored object).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

from django.core.files.storage import FileSystemStorage, Storage
from django.utils.translation import gettext as _

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


class StorageUnavailable(Exception):  # noqa: N818 - reads as the condition it reports
    """The object storage cannot be reached right now; try again later.

    Raised instead of the storage backend's own exception so that callers (and
    ``config.middleware.StorageUnavailableMiddleware``, which answers 503 with this
    message) need not know which backend is configured.
    """

    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            message
            or _(
                "Penyimpanan berkas sedang tidak dapat dihubungi, sehingga berkas belum "
                "dapat dibuka. Coba lagi beberapa saat lagi."
            )
        )


def ensure_reachable(field_file: Any) -> None:
    """Ask the storage for the object once; raise StorageUnavailable if it does not answer.

    A presigned URL is computed locally, so without this a link to a storage that is down
    is handed out anyway and the browser shows a bare connection error.
    """
    try:
        field_file.storage.exists(field_file.name)
    except storage_errors() as exc:
        raise StorageUnavailable from exc


def presigned_url(
    field_file: Any, *, content_type: str, filename: str, expire: int = PRESIGNED_SECONDS
) -> str | None:
    """A short-lived URL to the object when the storage is S3, else None (stream it).

    Raises StorageUnavailable when the S3 server does not answer.
    """
    storage = field_file.storage
    if not is_s3(storage):
        return None
    ensure_reachable(field_file)
    disposition = f"inline; filename*=UTF-8''{quote(filename)}"
    return storage.url(
        field_file.name,
        parameters={
            "ResponseContentType": content_type,
            "ResponseContentDisposition": disposition,
        },
        expire=expire,
    )


def iter_stored_names(storage: Storage, prefix: str) -> Iterator[str]:
    """Every object name under ``prefix`` (a directory such as ``originals``), streamed.

    S3 is listed page by page (1,000 keys per request); local disk with ``os.walk``. Names
    are those a FileField stores (relative to the storage's root, ``/``-separated).
    """
    prefix = prefix.strip("/")
    if is_s3(storage):
        yield from _iter_s3_names(storage, prefix)
    elif isinstance(storage, FileSystemStorage):
        root = storage.path("")
        for directory, _subdirectories, file_names in os.walk(storage.path(prefix)):
            relative = os.path.relpath(directory, root).replace(os.sep, "/")
            for file_name in file_names:
                yield f"{relative}/{file_name}"
    else:  # any other backend: Django's listdir, one directory at a time
        yield from _iter_listdir_names(storage, prefix)


def _iter_s3_names(storage: Any, prefix: str) -> Iterator[str]:
    location = storage.location.strip("/")
    key_prefix = f"{location}/{prefix}/" if location else f"{prefix}/"
    client = storage.connection.meta.client
    pages = client.get_paginator("list_objects_v2").paginate(
        Bucket=storage.bucket_name, Prefix=key_prefix
    )
    for page in pages:
        for item in page.get("Contents", ()):
            key = item["Key"]
            if key.endswith("/"):  # a "directory" marker some tools create
                continue
            yield key[len(location) + 1 :] if location else key


def _iter_listdir_names(storage: Storage, prefix: str) -> Iterator[str]:
    pending = [prefix]
    while pending:
        directory = pending.pop()
        try:
            subdirectories, file_names = storage.listdir(directory)
        except FileNotFoundError:
            continue
        pending.extend(f"{directory}/{name}" for name in subdirectories)
        for file_name in file_names:
            yield f"{directory}/{file_name}"
