"""Accessibility, checked by walking the real station window: every action has a shortcut, every
button has a shortcut or takes Tab focus, every interactive control has an accessible name (or a
visible text a screen reader reads), and the large-text switch reaches every mode."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from scanstation.ui.settings import StationSettings
from scanstation.ui.station_window import SettingsDialog, StationWindow
from scanstation.workspace import Workspace


def _interactive(root):
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QAbstractSpinBox,
        QComboBox,
        QLineEdit,
        QTextEdit,
        QWidget,
    )

    kinds = (QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox, QLineEdit,
             QTextEdit)
    for widget in root.findChildren(QWidget):
        if isinstance(widget, kinds) and not _internal(widget):
            yield widget


def _internal(widget) -> bool:
    """Qt's own parts of composite widgets (tab-bar scroll arrows, toolbar extension, the
    line edit inside a spin box, header views) are named by Qt, not by us."""
    from PySide6.QtWidgets import QAbstractSpinBox, QHeaderView, QTabBar, QToolBar

    parent = widget.parentWidget()
    return (isinstance(widget, QHeaderView) or isinstance(parent, (QTabBar, QAbstractSpinBox))
            or (isinstance(parent, QToolBar) and widget.objectName() == "qt_toolbar_ext_button")
            or widget.objectName().startswith("qt_"))


def _name(widget) -> str:
    text = widget.accessibleName()
    if not text and hasattr(widget, "text") and not hasattr(widget, "setPlaceholderText"):
        text = widget.text()  # a button's own label is what a screen reader reads
    if not text and hasattr(widget, "defaultAction") and widget.defaultAction():
        text = widget.defaultAction().text()
    return text.replace("&", "").strip()


def test_every_control_is_named_and_reachable(qtbot, home: Path):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QAbstractButton, QToolButton

    workspace = Workspace(home)
    window = StationWindow(workspace, settings=StationSettings(home), start_sender=False)
    qtbot.addWidget(window)
    window.show()
    for mode in range(3):  # build every mode's screen
        window.set_mode(mode)
    window.set_mode(0)

    actions = [a for a in window.findChildren(QAction)
               if a.text() and not a.isSeparator() and a.objectName()]
    assert len(actions) >= 15
    no_shortcut = [a.objectName() for a in actions if a.shortcut().isEmpty()]
    assert not no_shortcut, f"actions without a keyboard shortcut: {no_shortcut}"
    shortcuts = [a.shortcut().toString() for a in actions]
    assert len(shortcuts) == len(set(shortcuts)), "two actions share a shortcut"

    unnamed, unreachable = [], []
    controls = list(_interactive(window))
    assert len(controls) >= 20, "the walk must reach the window's controls"
    for widget in controls:
        label = f"{type(widget).__name__}:{widget.objectName() or _name(widget)}"
        if not _name(widget):
            unnamed.append(label)
        if isinstance(widget, QToolButton) and widget.defaultAction() is not None:
            continue  # a toolbar button for an action: the action's shortcut reaches it
        has_key = isinstance(widget, QAbstractButton) and not widget.shortcut().isEmpty()
        if not has_key and not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            unreachable.append(label)
    assert not unnamed, f"controls without an accessible name: {unnamed}"
    assert not unreachable, f"controls neither in the Tab chain nor on a key: {unreachable}"

    dialog = SettingsDialog(window.settings, window)
    for widget in _interactive(dialog):
        assert _name(widget), f"settings control without a name: {type(widget).__name__}"
    dialog.close()

    # the large-text switch: one action, every mode grows (the guided mode stays ≥ 18 pt)
    before = {p.objectName(): p.font().pointSize() for p in (window.counter, window.archive)}
    window.large_text_action.trigger()
    for panel in (window.counter, window.archive):
        assert panel.font().pointSize() >= 18 > before[panel.objectName()]
    assert window.guided.point_size >= 24
    window.large_text_action.trigger()
    assert window.guided.point_size >= 18
    # … and every text the volunteer reads there is that large, not only the panel's own font
    from PySide6.QtWidgets import QAbstractButton, QLabel, QListWidget, QWidget

    texts = [w for w in window.guided.findChildren(QWidget)
             if isinstance(w, (QLabel, QAbstractButton, QListWidget))]
    assert len(texts) >= 4
    for widget in texts:
        widget.ensurePolished()
        assert widget.font().pointSize() >= 18, (type(widget).__name__, widget.font().pointSize())
    window.close()
    workspace.close()
