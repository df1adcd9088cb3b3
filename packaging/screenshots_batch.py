"""Screenshots of archive mode's batch review grid and dashboard (→ docs/screenshots/).

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/screenshots_batch.py

A generated box (archive documents from ``scanstation.testing.archive_docs``, aged, with code 128
separator sheets and planted faults: a blank page, an upside-down page, a double feed) goes
through a real ``scanstation batch run``; the station window in archive mode then opens the job,
accepts one flagged page with the keyboard, and is grabbed at 1366×768 (its initial size);
then the same box is run again by another process and the tab is grabbed following it live.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
sys.path.insert(0, str(ROOT / "packaging"))

from screenshots import save, settle, until  # noqa: E402

DPI = 100


def make_box(folder: Path) -> None:
    from PIL import Image

    from scanstation.batch.separators import sheet_image
    from scanstation.testing.archive_docs import aged, render_archive_document

    folder.mkdir(parents=True)
    pages: list[Image.Image] = []
    for index, code in enumerate(("HS-1975-012", "HS-1975-013", "HS-1975-015")):
        pages.append(sheet_image("code128", code, DPI))
        for seed in (index * 3, index * 3 + 1):
            if seed % 3:
                pages.append(sheet_image("patcht", "", DPI))  # the file's next document
            doc = render_archive_document(seed, dpi=DPI)
            pages += aged(doc, seed)
    pages.insert(4, Image.new("L", pages[1].size, 255))  # a blank back of a sheet
    pages.insert(8, pages[7])  # a double feed
    pages[-2] = pages[-2].rotate(180)  # fed upside down
    for number, img in enumerate(pages, 1):
        img.save(folder / f"p{number:04d}.png", dpi=(DPI, DPI))


def main() -> int:
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtTest import QTest

    from scanstation.ui.app import make_application
    from scanstation.ui.settings import StationSettings
    from scanstation.ui.station_window import StationWindow, initial_size
    from scanstation.workspace import Workspace

    app = make_application(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        home, box, out = tmp / "home", tmp / "hop-12", tmp / "out"
        home.mkdir()
        os.environ["SCANSTATION_HOME"] = str(home)
        make_box(box)
        subprocess.run([sys.executable, "-m", "scanstation", "batch", "run", str(box), "-o",
                        str(out), "--job", "hop-12", "--jobs", "2", "--fonds-code", "PHONG-01"],
                       check=True, env={**os.environ, "OMP_THREAD_LIMIT": "1"})
        workspace = Workspace(home)
        window = StationWindow(workspace, settings=StationSettings(home), start_sender=False)
        window.resize(initial_size(QRect(0, 0, 1366, 768)))
        window.show()
        window.set_mode(2)
        panel = window.archive
        panel.tabs.setCurrentWidget(panel.batch)
        grid = panel.batch.grid
        panel.batch.open_job(out)
        until(lambda: grid.count() > 0)
        grid.setFocus()
        QTest.keyClick(grid, Qt.Key.Key_Home)
        QTest.keyClick(grid, Qt.Key.Key_A)  # the blank back is fine
        until(lambda: "→ accepted" in grid.item(0).text())
        # the upside-down page, shown as the cleaner turned it: the reviewer checks it upright
        grid.setCurrentRow(next(i for i in range(grid.count()) if "rotated" in grid.item(i).text()))
        settle(1500)
        save(window, "archive-batch-review.png")
        top = panel.batch.mapTo(window, panel.batch.plots.geometry().bottomLeft()).y()
        path = OUT / "archive-batch-dashboard.png"
        window.grab(QRect(0, 0, window.width(), top + 12)).save(str(path))
        print(path)
        # the same box run again by another process: the tab follows it live (bar, rate, ETA)
        live = tmp / "out-live"
        runner = subprocess.Popen([sys.executable, "-m", "scanstation", "batch", "run", str(box),
                                   "-o", str(live), "--job", "hop-12-live", "--jobs", "1"],
                                  env={**os.environ, "OMP_THREAD_LIMIT": "1"},
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        until(lambda: (live / ".job" / "lease").exists() and (live / ".job" / "job.sqlite").exists())
        settle(2000)  # capture done, the first pages under way
        panel.batch.open_job(live)
        until(lambda: "left" in panel.batch.eta.text() or "còn" in panel.batch.eta.text(), 120_000)
        settle(500)
        path = OUT / "archive-batch-running.png"
        bar_bottom = panel.batch.mapTo(window, panel.batch.progress.geometry().bottomLeft()).y()
        window.grab(QRect(0, 0, window.width(), bar_bottom + 12)).save(str(path))
        print(path)
        runner.wait()
        window.close()
        workspace.close()
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
