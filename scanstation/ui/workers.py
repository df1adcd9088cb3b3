"""Run core functions off the Qt thread, with progress, cancel and a result on the Qt thread.

``CoreOp(fn).on_success(...).on_failure(...).on_progress(...).start(pool)`` runs ``fn(progress,
cancel)`` in a ``QThreadPool``; its result, error or progress comes back through queued signals,
so the slots run on the Qt thread. Cancel sets a ``threading.Event`` the core checks between
pages (it never kills a thread); the core then raises ``Cancelled``, which is not an error to
show. (Anki's ``QueryOp`` has the same shape.)
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ..errors import Cancelled, ScanStationError

log = logging.getLogger("scanstation.ui.workers")

ProgressFn = Callable[[int, int, str], None]


class _Signals(QObject):
    progress = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    done = Signal()


class CoreOp(QRunnable):
    """One background operation. Keep a reference until ``done`` fires."""

    _running: set[CoreOp] = set()  # keeps Python wrappers alive while Qt runs them

    def __init__(self, fn: Callable[[ProgressFn, threading.Event], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.fn = fn
        self.cancel_event = threading.Event()
        self.signals = _Signals()
        self.signals.done.connect(lambda: CoreOp._running.discard(self))
        # Set in the worker before ``done`` is emitted, with the outcome kept beside it: a
        # waiter that connects late (the op may finish before it looks) still sees both.
        self.finished = threading.Event()
        self.outcome: dict[str, Any] = {}

    def on_success(self, slot: Callable[[Any], None]) -> CoreOp:
        self.signals.succeeded.connect(slot)
        return self

    def on_failure(self, slot: Callable[[Exception], None]) -> CoreOp:
        self.signals.failed.connect(slot)
        return self

    def on_progress(self, slot: Callable[[int, int, str], None]) -> CoreOp:
        self.signals.progress.connect(slot)
        return self

    def on_done(self, slot: Callable[[], None]) -> CoreOp:
        self.signals.done.connect(slot)
        return self

    def cancel(self) -> None:
        self.cancel_event.set()

    def start(self, pool: QThreadPool | None = None) -> CoreOp:
        CoreOp._running.add(self)
        (pool or QThreadPool.globalInstance()).start(self)
        return self

    def run(self) -> None:  # worker thread
        try:
            result = self.fn(self.signals.progress.emit, self.cancel_event)
        except Cancelled:
            self.outcome["cancelled"] = True
            self.signals.cancelled.emit()
        except ScanStationError as error:
            self.outcome["error"] = error
            self.signals.failed.emit(error)
        except Exception as error:
            log.error("background operation failed: %s", traceback.format_exc(limit=5))
            self.outcome["error"] = error
            self.signals.failed.emit(error)
        else:
            self.outcome["result"] = result
            self.signals.succeeded.emit(result)
        finally:
            self.finished.set()
            self.signals.done.emit()


def wait_for(op: CoreOp) -> Any:
    """Run the event loop until ``op`` is done; its result, or its error raised. For scripts
    (benchmarks, screenshots) that drive the window step by step; the app itself never blocks."""
    from PySide6.QtCore import QEventLoop

    loop = QEventLoop()
    op.signals.done.connect(loop.quit)
    # connected first, looked at second: either ``done`` is still to come (and quits the
    # loop) or ``finished`` is already set - never a wait for a signal that has gone by
    if op in CoreOp._running and not op.finished.is_set():
        loop.exec()
    if "error" in op.outcome:
        raise op.outcome["error"]
    return op.outcome.get("result")
