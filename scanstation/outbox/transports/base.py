"""What every transport offers the sender, the receipt it returns, and the checks on what a
portal answers (a portal's answer is input from outside like any file: bounded, typed, never
printed raw)."""

from __future__ import annotations

import os
import re
import time
from typing import Any, Protocol

from ..items import Parcel

# A receipt id is printed on the citizen's receipt and shown to the officer: at most 128
# characters of the documented alphabet (docs/portal-protocol.md): ASCII letters, digits and
# . _ - : / # + = @ — enough for every portal code seen (DVCQG "H56.22-240315-0001", UUIDs).
RECEIPT_ID_MAX = 128
_RECEIPT_ID = re.compile(r"[A-Za-z0-9._:/#+=@-]+")


class Transport(Protocol):
    name: str

    def deliver(self, parcel: Parcel) -> dict[str, Any]:
        """Send ``parcel``; return its receipt. Raises Transient/PermanentPortalError."""
        ...

    def lookup(self, parcel: Parcel) -> dict[str, Any] | None:
        """The receipt if the portal already holds this version, else None."""
        ...

    def close(self) -> None: ...


def make_receipt(
    parcel: Parcel, receipt_id: str, transport: str, via: str, **extra: Any
) -> dict[str, Any]:
    """The receipt as stored: portal id, time, and the hash of exactly what was sent."""
    now = time.time()
    return {
        "receipt_id": receipt_id,
        "transport": transport,
        "via": via,  # "send" or "lookup" (found by reconciliation)
        "received_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now)),
        "received_at_ts": now,
        "idempotency_key": parcel.idempotency_key,
        "sha256": parcel.digest,
        "files": [{"name": f.name, "sha256": f.sha256, "size": f.size} for f in parcel.files],
        **extra,
    }


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return float(raw)
    except ValueError:
        return default


def receipt_id_problem(value: object) -> str | None:
    """Why a portal's ``receipt_id`` cannot be stored, or None when it is acceptable."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return f"receipt_id is {type(value).__name__}, not text"
    text = str(value)
    if not text:
        return "receipt_id is empty"
    if len(text) > RECEIPT_ID_MAX:
        return f"receipt_id is {len(text)} characters long (limit {RECEIPT_ID_MAX})"
    if not _RECEIPT_ID.fullmatch(text):
        return "receipt_id holds characters outside the documented alphabet"
    return None
