"""Keyboard focus around modal dialogs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtWidgets import QWidget


@contextmanager
def keep_focus(panel: QWidget) -> Iterator[None]:
    """Around a modal dialog: the officer's keys go back where they were afterwards (a closed
    dialog must not leave the focus nowhere, where no shortcut of the counter is heard)."""
    from PySide6.QtWidgets import QApplication

    before = QApplication.focusWidget()
    try:
        yield
    finally:
        panel.window().activateWindow()
        target = before if before is not None and before.isVisible() else panel
        target.setFocus()
