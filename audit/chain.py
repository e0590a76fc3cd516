"""The chain's arithmetic: a row's canonical form and its hash. Shared by the writer, the
verifier and the benchmark, so all three hash the same bytes."""

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

GENESIS_HASH = "0" * 64

# The fields of a row that its hash covers, in the order they are stored.
FIELDS = (
    "id",
    "at",
    "action",
    "actor_id",
    "actor_label",
    "on_behalf_of_id",
    "on_behalf_label",
    "ip",
    "content_type_id",
    "object_id",
    "object_label",
    "scope",
    "before",
    "after",
    "note",
    "prev_hash",
    "hash",
)


def _instant(value: datetime | str) -> str:
    # SQLite's raw values_list() may hand back a string on some paths; normalise both.
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def json_safe(value: Any) -> Any:
    """``value`` as it will read back from a JSON column (dates and decimals as text), so
    the hash computed before the write matches the row read later."""
    if value is None:
        return None
    return json.loads(json.dumps(value, default=str, ensure_ascii=False))


def canonical(row: dict[str, Any]) -> bytes:
    """The row (without its own hash) as sorted, compact JSON."""
    data = {name: row[name] for name in FIELDS if name != "hash"}
    data["at"] = _instant(data["at"])
    data["ip"] = data["ip"] or None
    for name in ("actor_id", "on_behalf_of_id", "content_type_id"):
        data[name] = int(data[name]) if data[name] is not None else None
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def row_hash(row: dict[str, Any]) -> str:
    """SHA-256(previous hash + canonical row)."""
    return hashlib.sha256(row["prev_hash"].encode() + canonical(row)).hexdigest()
