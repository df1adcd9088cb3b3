"""The Qt thread only draws: while an 8-page job runs through the counter's real worker path
(import + cleanup of generated pages, thumbnails, then OCR of every page in the background), a
5 ms QTimer on the Qt thread records the gaps between its ticks.

This is a functional check, not a measurement: the bound (1 s) is one no healthy run can miss
on a loaded machine, yet import, cleanup or OCR of even one page done on the Qt thread would
break it. The latency itself (longest stall, percentiles over several runs, with the time other
processes had the CPU taken out) is measured by ``benchmarks/ui_stall.py``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from ui_helpers import StallProbe, wait_op

from scanstation.testing import pages as synthetic
from scanstation.ui.settings import StationSettings
from scanstation.ui.station_window import StationWindow
from scanstation.workspace import Workspace

# 8 pages: enough for imports, thumbnails and OCR to overlap on the workers, few enough that a
# machine loaded 10× over its cores still finishes well inside the waits (20 pages did not).
PAGES = 8
FUNCTIONAL_BOUND_MS = 1000.0


def make_pages(folder: Path, count: int, dpi: int = 100) -> list[Path]:
    paths = []
    for i in range(count):
        page = synthetic.render_page(("sparse", "letter", "form")[i % 3], seed=500 + i, dpi=dpi)
        path = folder / f"trang-{i:02d}.png"
        page.image.save(path, dpi=(dpi, dpi))
        paths.append(path)
    return paths


def test_event_loop_keeps_ticking_during_a_multi_page_job(qtbot, tmp_path: Path, home: Path,
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
    added = wait_op(qtbot, counter.add_files(files, code="ban-sao"), timeout=420_000)
    assert len(added) == PAGES
    assert counter.pages.rowCount() == PAGES
    # the thumbnails arrive from the workers, and OCR of every page runs in its own lane
    qtbot.waitUntil(lambda: set(added) <= set(window.session.ocr), timeout=420_000)
    qtbot.waitUntil(lambda: all(counter.pages.index(r).data(1) is not None
                                for r in range(PAGES)), timeout=60_000)
    probe.stop()
    window.close()
    workspace.close()

    assert not errors
    assert len(probe.gaps) > PAGES  # the probe really ticked through the job
    assert probe.longest_raw_ms <= FUNCTIONAL_BOUND_MS, (
        f"the Qt thread was blocked {probe.longest_raw_ms:.0f} ms: work on the UI thread?")
