"""Callbacks other apps register to hear about documents, without documents importing them.

``documents`` knows nothing of letters (dependencies point workflows -> documents), yet the
letter search must be reindexed when a document's text is ready. So the app that cares
registers a callback here in its ``AppConfig.ready`` and the extraction task calls
``text_extracted(document_id)`` once the text is saved (after commit). A plain list rather
than a Django signal: one explicit call site, and a failing callback is logged, never
allowed to fail the extraction.
"""

import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)

TextExtractedCallback = Callable[..., None]  # called as callback(document_id=...)
_text_extracted: list[TextExtractedCallback] = []


def on_text_extracted(callback: TextExtractedCallback) -> TextExtractedCallback:
    """Register ``callback(document_id=...)``; registering the same callback twice is a no-op."""
    if callback not in _text_extracted:
        _text_extracted.append(callback)
    return callback


def text_extracted(document_id: int) -> None:
    """Tell the registered callbacks that ``Document.text`` of ``document_id`` is saved."""
    for callback in list(_text_extracted):
        try:
            callback(document_id=document_id)
        except Exception:
            logger.exception(
                "text_extracted callback %r failed for document %s", callback, document_id
            )
