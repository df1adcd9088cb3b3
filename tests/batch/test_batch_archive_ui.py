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
