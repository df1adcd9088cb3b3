"""The Qt thread only draws: while a 50-page job runs through the counter's real worker path
(import + cleanup of 50 generated pages, thumbnails, then OCR of all 50 in the background), a
5 ms QTimer on the Qt thread records the gaps between its ticks. The longest gap beyond the
interval is the event loop's longest stall; the issue asks for ≤ 50 ms. Time the Qt thread
spent waiting in the OS run queue (other processes on the CPU) is reported but not charged to
the app; its own work and its waits for the GIL are."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from ui_helpers import wait_op

from scanstation import synthetic
from scanstation.ui.settings import StationSettings
from scanstation.ui.station_window import StationWindow
from scanstation.workspace import Workspace

PAGES = 50
STALL_LIMIT_MS = 50.0


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


def make_pages(folder: Path, count: int, dpi: int = 100) -> list[Path]:
    paths = []
    for i in range(count):
        page = synthetic.render_page(("sparse", "letter", "form")[i % 3], seed=500 + i, dpi=dpi)
        path = folder / f"trang-{i:02d}.png"
        page.image.save(path, dpi=(dpi, dpi))
        paths.append(path)
    return paths


@pytest.mark.serial
def test_event_loop_never_stalls_during_a_50_page_job(qtbot, tmp_path: Path, home: Path,
                                                      monkeypatch: pytest.MonkeyPatch):
    from PySide6.QtWidgets import QMessageBox

    errors: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: errors.append(args[2]))
    files = make_pages(tmp_path, PAGES)
    workspace = Workspace(home)
    window = StationWindow(workspace, settings=StationSettings(home), start_sender=False)
    qtbot.addWidget(window)
    window.show()
    counter = window.counter
    wait_op(qtbot, counter.start_dossier("2.000815"))
    qtbot.waitUntil(lambda: window.session.dossier is not None and counter.checklist.rowCount()
                    > 0, timeout=10_000)

    probe = StallProbe()
    probe.start()
    started = time.perf_counter()
    added = wait_op(qtbot, counter.add_files(files, code="ban-sao"), timeout=300_000)
    imported = time.perf_counter() - started
    assert len(added) == PAGES
    assert counter.pages.rowCount() == PAGES
    # the thumbnails arrive from the workers, and OCR of the 50 pages runs in its own lane
    qtbot.waitUntil(lambda: set(added) <= set(window.session.ocr), timeout=300_000)
    qtbot.waitUntil(lambda: all(counter.pages.index(r).data(1) is not None
                                for r in range(PAGES)), timeout=60_000)
    total = time.perf_counter() - started
    probe.stop()
    window.close()
    workspace.close()

    assert not errors
    assert len(probe.gaps) > total / 0.05  # the probe really ran the whole time
    print(f"\n50-page job: import+clean {imported:.1f} s, with OCR and thumbnails {total:.1f} s; "
          f"{len(probe.gaps)} ticks, longest event-loop stall {probe.longest_ms:.1f} ms "
          f"({probe.longest_raw_ms:.1f} ms counting time other processes had the CPU)")
    assert probe.longest_ms <= STALL_LIMIT_MS, f"event loop stalled {probe.longest_ms:.1f} ms"
