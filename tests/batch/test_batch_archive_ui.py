"""Archive mode's batch review grid, driven by keyboard on a real job (offscreen Qt)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from batch_helpers import cli, make_box

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ui"))

from ui_helpers import wait_op

pytestmark = pytest.mark.qt


def test_review_grid_by_keyboard(qtbot, tmp_path: Path) -> None:
    from PySide6.QtCore import Qt

    from scanstation.batch.state import JobStore
    from scanstation.ui.archive import ArchivePanel

    box = make_box(tmp_path / "box", [("page", 1), ("blank",), ("page", 4), ("double",)])
    home, out = tmp_path / "home", tmp_path / "out"
    cli("batch", "run", str(box.folder), "-o", str(out), "--jobs", "2", home=home, check=True)
    panel = ArchivePanel(home)
    qtbot.addWidget(panel)
    panel.tabs.setCurrentWidget(panel.batch)
    wait_op(qtbot, panel.batch.open_job(out))
    grid = panel.batch.grid
    texts = [grid.item(i).text() for i in range(grid.count())]
    assert len(texts) == 2 and "blank" in texts[0] and "double_feed" in texts[1]
    assert not grid.item(0).icon().isNull()  # a thumbnail of the page
    assert "2 to review" in panel.batch.dashboard.text()
    grid.setFocus()
    grid.setCurrentRow(0)
    qtbot.keyClick(grid, Qt.Key.Key_A)  # the blank page is fine (a form's empty back)
    qtbot.waitUntil(lambda: grid.count() == 2 and "→ accepted" in grid.item(0).text(),
                    timeout=180_000)
    grid.setCurrentRow(1)
    qtbot.keyClick(grid, Qt.Key.Key_D)  # the double feed goes
    qtbot.waitUntil(lambda: grid.count() == 2 and "→ deleted" in grid.item(1).text(),
                    timeout=180_000)
    wait_op(qtbot, panel.batch.submit({}, done=True))
    qtbot.waitUntil(lambda: "review done" in panel.batch.dashboard.text(), timeout=180_000)
    store = JobStore(out)
    try:
        assert store.get("review")["state"] == "done"
        # one document: page 1, the accepted blank, page 3 — the double feed dropped
        assert [d["pages"] for d in store.documents()] == [[1, 2, 3]]
    finally:
        store.db.close()


def test_rotate_and_insert_by_keys_only(qtbot, tmp_path: Path) -> None:
    """R turns the current page (kept as a transform in the job: the original's bytes do not
    change); I opens the file dialog, its name is typed and Return puts the page in before."""
    import hashlib

    from batch_helpers import content_page, read_index
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit

    from scanstation.batch.state import JobStore
    from scanstation.ui.archive import ArchivePanel

    box = make_box(tmp_path / "box", [("page", 1), ("blank",), ("page", 4)])
    blank = box.folder / box.files[1]
    blank_sha = hashlib.sha256(blank.read_bytes()).hexdigest()
    home, out = tmp_path / "home", tmp_path / "out"
    cli("batch", "run", str(box.folder), "-o", str(out), "--jobs", "2", home=home, check=True)
    missed = tmp_path / "missed.png"
    content_page(7).save(missed, dpi=(100, 100))
    panel = ArchivePanel(home)
    qtbot.addWidget(panel)
    panel.show()
    panel.tabs.setCurrentWidget(panel.batch)
    wait_op(qtbot, panel.batch.open_job(out))
    grid = panel.batch.grid
    assert grid.count() == 1 and "#2" in grid.item(0).text()
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_Home)
    qtbot.keyClick(grid, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: grid.count() == 1 and "↻90°" in grid.item(0).text(), timeout=180_000)
    qtbot.keyClick(grid, Qt.Key.Key_I)
    qtbot.waitUntil(lambda: panel.batch.file_dialog is not None
                    and panel.batch.file_dialog.isVisible(), timeout=10_000)
    name = panel.batch.file_dialog.findChild(QLineEdit, "fileNameEdit")
    # the dialog opens beside the job's output folder: the name is enough
    qtbot.keyClicks(name, missed.name)
    qtbot.keyClick(name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "4/4 pages" in panel.batch.dashboard.text(), timeout=180_000)
    qtbot.waitUntil(lambda: grid.count() >= 1 and "#3" in grid.item(grid.count() - 1).text(),
                    timeout=30_000)
    (doc,) = read_index(out)
    assert [Path(p["source"]).name for p in doc["pages"]] == [
        box.files[0], "missed.png", box.files[1], box.files[2]]
    store = JobStore(out)
    try:
        assert [r.turn for r in store.pages()] == [0, 0, 1, 0]
    finally:
        store.db.close()
    assert hashlib.sha256(blank.read_bytes()).hexdigest() == blank_sha
