"""Shared helpers for the UI tests: wait for a CoreOp, a station window on a private workspace."""

from __future__ import annotations

from typing import Any


def wait_op(qtbot: Any, op: Any, timeout: int = 120_000) -> Any:
    """Wait for a CoreOp to finish; return its result, raise its error."""
    box: dict[str, Any] = {}
    op.signals.succeeded.connect(lambda r: box.setdefault("result", r))
    op.signals.failed.connect(lambda e: box.setdefault("error", e))
    if not op.cancel_event.is_set() and op in type(op)._running:
        with qtbot.waitSignal(op.signals.done, timeout=timeout):
            pass
    if "error" in box:
        raise box["error"]
    return box.get("result")
