"""Personal data never reaches a log in clear.

``mask_id("001089012345") == "001*******45"`` keeps the province code and the last two digits (enough
for an officer to tell two records apart, not enough to identify anyone); names become initials
(``"N… T… H…"``). ``PiiFilter`` is installed on ScanStation's log handlers and masks anything that
looks like an ID number, a QR payload or a registered person's name in every record, as a second
line of defence behind code that masks explicitly.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import unicodedata
from collections.abc import Iterable

_ID_RE = re.compile(r"(?<!\d)(\d{3})(\d{7})(\d{2})(?!\d)")  # 12-digit citizen ID
_CMND_RE = re.compile(r"(?<!\d)(\d{2})(\d{5})(\d{2})(?!\d)")  # 9-digit old ID
# a '|'-separated QR payload (≥ 7 fields): everything up to the last '|' on the line, and the
# token after it (over-masking the words before a payload is the safe side)
_PAYLOAD_RE = re.compile(r"(?:[^|\n]*\|){6,}[^|\s]*")


def mask_id(value: str) -> str:
    """Mask a 12-digit citizen ID or a 9-digit old ID; other strings are masked entirely."""
    digits = value.strip()
    if len(digits) == 12 and digits.isdigit():
        return f"{digits[:3]}{'*' * 7}{digits[-2:]}"
    if len(digits) == 9 and digits.isdigit():
        return f"{digits[:2]}{'*' * 5}{digits[-2:]}"
    return "*" * len(digits) if digits else ""


def mask_name(value: str) -> str:
    """``"Nguyễn Thị Hồng" -> "N… T… H…"``."""
    parts = unicodedata.normalize("NFC", value).split()
    return " ".join(f"{p[0]}…" for p in parts if p)


def mask_address(value: str) -> str:
    """Keep only the last component (the province): enough to debug address conversion."""
    parts = [p.strip() for p in value.split(",") if p.strip()]
    if not parts:
        return ""
    return "…, " + parts[-1] if len(parts) > 1 else "…"


def mask_payload(value: str) -> str:
    """A QR payload is never logged: only its shape (field count and length)."""
    return f"<payload: {value.count('|') + 1} fields, {len(value)} chars>"


class _Registry:
    """Strings known to be personal data in this process (names, addresses read from a card)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: set[str] = set()

    def add(self, values: Iterable[str]) -> None:
        with self._lock:
            for v in values:
                v = unicodedata.normalize("NFC", v.strip())
                if len(v) >= 4:
                    self._values.add(v)

    def snapshot(self) -> list[str]:
        with self._lock:
            return sorted(self._values, key=len, reverse=True)


_registry = _Registry()


def register_personal_data(*values: str) -> None:
    """Tell the log filter about names/addresses just read, so a stray log line cannot leak them."""
    _registry.add(values)


def scrub(text: str) -> str:
    """Mask everything in ``text`` that looks like personal data."""
    text = unicodedata.normalize("NFC", text)
    text = _PAYLOAD_RE.sub(lambda m: mask_payload(m.group(0)), text)
    text = _ID_RE.sub(lambda m: f"{m.group(1)}{'*' * 7}{m.group(3)}", text)
    text = _CMND_RE.sub(lambda m: f"{m.group(1)}{'*' * 5}{m.group(3)}", text)
    for value in _registry.snapshot():
        if value in text:
            text = text.replace(value, mask_name(value))
    return text


class PiiFilter(logging.Filter):
    """Masks personal data in every record passing through a handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        record.msg = scrub(message)
        record.args = None
        return True


def install_log_masking(logger: logging.Logger | None = None) -> None:
    """Attach ``PiiFilter`` to every handler of ``logger`` (the root logger by default)."""
    logger = logger or logging.getLogger()
    for handler in logger.handlers:
        if not any(isinstance(f, PiiFilter) for f in handler.filters):
            handler.addFilter(PiiFilter())


PRIVATE_UMASK = 0o077


def protect_new_files() -> int:
    """Make every file and folder this process creates owner-only (0600/0700), whatever the
    user's umask: workspace, stores, outbox, logs, exports and what libraries write for us
    (SQLite's -wal/-shm, Tesseract and pikepdf temp files). Called first by the CLI and the app;
    the core also sets modes explicitly, so library use without it stays private. Returns the
    previous umask."""
    return os.umask(PRIVATE_UMASK)
