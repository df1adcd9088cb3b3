"""Start the desktop app."""

from __future__ import annotations

import sys

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from ..workspace import Workspace
from .i18n import install_translator

UI_FONT_FAMILIES = ["Noto Sans", "DejaVu Sans", "Liberation Sans"]  # all hold every Vietnamese glyph


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("ScanStation")
    app.setOrganizationName("ScanStation")
    font = QFont()
    font.setFamilies(UI_FONT_FAMILIES)
    font.setPointSize(max(font.pointSize(), 11))
    app.setFont(font)
    install_translator(app)
    return app  # type: ignore[return-value]


def run_app(argv: list[str] | None = None) -> int:
    app = make_application(argv)
    workspace = Workspace()
    from .station_window import StationWindow

    window = StationWindow(workspace)
    window.show()
    window.offer_recovery()
    code = app.exec()
    workspace.close()
    return code
