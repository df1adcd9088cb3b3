"""One place for the app's worker processes: the helper pool (imports, cleanup, rendering, the
build) and the OCR pool, started from one multiprocessing context with one preload list.

Why processes: cleaning, rendering, PDF writing and pyHanko are CPU-bound Python and C that hold
the GIL for tens of ms at a time; in a thread of the app they would stall the window's event
loop. The calling thread waits on a future without the GIL.

Start method: ``forkserver`` on Linux (each new worker forks from a server that has already
imported numpy, OpenCV and Tesseract), ``spawn`` elsewhere (Windows, macOS) or when
``SCANSTATION_START_METHOD=spawn`` — every function run here is a module-level function with
picklable arguments, so both work (a test runs the pools with ``spawn``)."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from .processes import process_context

HELPER_NICENESS = 5  # the officer waits for imports, but the window must keep drawing meanwhile
BACKGROUND_NICENESS = 10  # OCR while the officer works: the window's drawing comes first
HELPERS = 2

_LOCK = threading.Lock()
_HELPERS: ProcessPoolExecutor | None = None
_OCR_POOL: ProcessPoolExecutor | None = None


def _helper_init(app_pid: int) -> None:
    from .lifeline import die_with
    from .platform import lower_priority

    lower_priority(HELPER_NICENESS)
    die_with(app_pid)


def run_in_helper(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a core function (picklable arguments and result) in the app's helper processes and
    wait for it. Two helpers, started on first use and reused; they end with the app (even after
    a kill -9). If one dies (killed, out of memory) the call raises ``BrokenProcessPool`` and the
    next call starts afresh."""
    global _HELPERS
    with _LOCK:
        if _HELPERS is None:
            _HELPERS = ProcessPoolExecutor(max_workers=HELPERS, mp_context=process_context(),
                                           initializer=_helper_init, initargs=(os.getpid(),))
        pool = _HELPERS
    try:
        return pool.submit(fn, *args, **kwargs).result()
    except BrokenProcessPool:
        with _LOCK:
            if _HELPERS is pool:
                _HELPERS = None
        raise


def ocr_pool() -> ProcessPoolExecutor:
    """The app's OCR workers (one per core, niceness 10: background work), started once and
    kept; like the helpers they end the moment the app does."""
    from .ocr.pipeline import make_ocr_pool

    global _OCR_POOL
    with _LOCK:
        if _OCR_POOL is None:
            _OCR_POOL = make_ocr_pool(niceness=BACKGROUND_NICENESS, die_with_pid=os.getpid())
        return _OCR_POOL


def drop_ocr_pool() -> None:
    """Forget a broken OCR pool: the next call starts a new one."""
    global _OCR_POOL
    with _LOCK:
        _OCR_POOL = None
