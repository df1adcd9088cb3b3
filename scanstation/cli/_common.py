"""Helpers shared by the command modules: JSON lines, bilingual errors, logging."""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from ..errors import ScanStationError

T = TypeVar("T")


def configure_logging() -> None:
    """Log to stderr at the level of ``SCANSTATION_LOG`` (WARNING by default), masked."""
    from ..privacy import install_log_masking

    level = os.environ.get("SCANSTATION_LOG", "WARNING").upper()
    root = logging.getLogger("scanstation")
    if not root.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(getattr(logging, level, logging.WARNING))
    install_log_masking(root)


def emit_json(obj: dict[str, Any]) -> None:
    """One JSON object per line on stdout, UTF-8, flushed (callers may read it as a stream)."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def report_error(error: ScanStationError, prefix: str = "") -> None:
    """Print the Vietnamese then the English message to stderr."""
    from ..textsafe import escape_controls

    head = f"{prefix}: " if prefix else ""
    # file names come from outside: a control character must not reach the terminal
    sys.stderr.write(f"{escape_controls(head + error.message_vi)}\n"
                     f"{escape_controls(head + error.message_en)}\n")


def fail(error: ScanStationError) -> None:
    """Report ``error`` and exit with its code."""
    report_error(error)
    raise SystemExit(int(error.exit_code))


@contextmanager
def stopwatch() -> Iterator[Callable[[], float]]:
    """``with stopwatch() as elapsed: ...; elapsed()`` gives milliseconds so far."""
    start = time.perf_counter()
    yield lambda: (time.perf_counter() - start) * 1000.0


def guarded(func: Callable[..., T]) -> Callable[..., T]:
    """Turn a ScanStationError escaping a command into a bilingual message and its exit code."""
    import functools

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        try:
            return func(*args, **kwargs)
        except ScanStationError as error:
            fail(error)
            raise  # unreachable: fail() exits

    return wrapper
