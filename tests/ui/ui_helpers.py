"""Shared helpers for the UI tests: wait for a CoreOp, a station window on a private workspace."""

from __future__ import annotations

import time
from typing import Any


def wait_op(qtbot: Any, op: Any, timeout: int = 120_000) -> Any:
    """Wait for a CoreOp to finish; return its result, raise its error.

    Waits on the op's own ``finished`` flag (set in the worker before ``done`` is emitted),
    not on the signal: a fast op can emit ``done`` before a test gets to connect to it, and a
    wait for a signal already gone by hung CI for two minutes. The wait also lets the queued
    ``done`` slots run, so the window has taken the result when this returns."""
    qtbot.waitUntil(lambda: op.finished.is_set() and op not in type(op)._running,
                    timeout=timeout)
    if "error" in op.outcome:
        raise op.outcome["error"]
    return op.outcome.get("result")


def _run_queue_wait() -> float:
    """Seconds this thread has spent runnable but waiting for a CPU (Linux schedstat): time
    the OS gave to other processes, not time the app spent working or waiting for its GIL."""
    try:
        with open("/proc/thread-self/schedstat") as handle:
            return int(handle.read().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


class StallProbe:
    """Ticks every ``interval_ms`` on the Qt thread and records each gap between ticks.

    ``longest_ms`` is the worst late tick minus the time the Qt thread sat in the run queue
    during that gap (another process had the CPU: this 2-core machine runs other test workers
    and other sessions). Work on the Qt thread and waits for the GIL still count in full.
    ``longest_raw_ms`` is the plain worst late tick."""

    def __init__(self, interval_ms: int = 5) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.interval = interval_ms / 1000
        self.gaps: list[float] = []
        self.own: list[float] = []  # gap minus run-queue wait
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.last_wait = 0.0

    def _tick(self) -> None:
        now, wait = time.perf_counter(), _run_queue_wait()
        gap = now - self.last
        self.gaps.append(gap)
        self.own.append(gap - (wait - self.last_wait))
        self.last, self.last_wait = now, wait

    def start(self) -> None:
        self.last, self.last_wait = time.perf_counter(), _run_queue_wait()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    @property
    def longest_ms(self) -> float:
        return max(0.0, (max(self.own) - self.interval) * 1000) if self.own else float("inf")

    @property
    def longest_raw_ms(self) -> float:
        return max(0.0, (max(self.gaps) - self.interval) * 1000) if self.gaps else float("inf")


def show_active(qtbot: Any, window: Any, timeout: int = 10_000) -> None:
    """Show ``window`` and wait until it has the keyboard. Qt's own qWaitForWindowActive hung
    once in a full offscreen run (its C++ loop never timed out); this Python-side wait ends
    with a clear failure instead."""
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=timeout)
