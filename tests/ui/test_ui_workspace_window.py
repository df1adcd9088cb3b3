"""The workspace window with real widgets (pytest-qt, offscreen): import in a worker, thumbnails
with cleanup applied, edits as transforms, keyboard reordering."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from ui_helpers import show_active, wait_op

from scanstation.model import Rotate
from scanstation.testing.pages import degrade, near_blank, render_page
from scanstation.ui.main_window import MainWindow
from scanstation.ui.models import BLANK_ROLE, PAGE_ROLE, PageListModel
from scanstation.workspace import Workspace


@pytest.fixture
def page_files(tmp_path: Path) -> list[Path]:
    files = []
    for i, (kind, turn) in enumerate((("form", 90), ("letter", 0))):
        page = degrade(render_page(kind, seed=i, dpi=150), quarter_turn=turn, skew_deg=2.0,
                       seed=i)
        path = tmp_path / f"p{i}.png"
        page.image.save(path, dpi=(150, 150))
        files.append(path)
    blank = tmp_path / "blank.png"
    near_blank(seed=1, dpi=150).image.save(blank)
    files.append(blank)
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 truncated")
    files.append(broken)
    return files


def test_page_model_passes_qt_model_tester(qtmodeltester, workspace: Workspace, page_files):
    from scanstation.importer import import_files

    import_files(workspace, page_files[:2], clean=False)
    model = PageListModel(workspace)
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    model.move_row(1, 0)
    qtmodeltester.check(model)
    assert [p.id for p in workspace.pages()] == [p.id for p in model.pages()]


def test_import_runs_in_a_worker_and_shows_cleaned_thumbnails(qtbot, workspace: Workspace,
                                                             page_files, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    wait_op(qtbot, window.import_paths(page_files))
    model = window.model
    assert model.rowCount() == 3
    # the broken file is reported in both languages; the batch went on
    assert warnings and "broken.jpg" in warnings[0] and "damaged" in warnings[0]
    # the quarter-turned form comes out upright (portrait), the blank page is flagged
    first = model.index(0).data(PAGE_ROLE)
    assert workspace.render(first).height > workspace.render(first).width
    assert [model.index(r).data(BLANK_ROLE) for r in range(3)] == [False, False, True]
    qtbot.waitUntil(lambda: all(model.index(r).data(Qt.ItemDataRole.DecorationRole) is not None
                                for r in range(3)), timeout=30_000)


def test_edits_are_transforms_and_undoable_by_keyboard(qtbot, workspace: Workspace, page_files):
    from scanstation.importer import import_files

    import_files(workspace, page_files[:2], clean=False)
    window = MainWindow(workspace)
    show_active(qtbot, window)
    window.pages_view.setFocus()
    window.pages_view.setCurrentIndex(window.model.index(0))
    first_id = window.model.page(0).id
    qtbot.keyClick(window.pages_view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert workspace.page(first_id).transforms == (Rotate(1),)
    qtbot.keyClick(window.pages_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert workspace.page(first_id).transforms == ()
    qtbot.keyClick(window.pages_view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert [p.id for p in workspace.pages()][1] == first_id
    # every action has a shortcut and an accessible text
    for action in window.actions():
        assert not action.shortcut().isEmpty() and action.text()
