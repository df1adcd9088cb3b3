"""Start the desktop app."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from ..fonts import UI_FAMILIES
from ..workspace import Workspace
from .i18n import install_translator


def configure_app_logging(home: Path, level: int = logging.INFO) -> Path:
    """A rotating log in the workspace (``logs/scanstation.log``), masked by ``PiiFilter``: no ID
    number, name, address or QR payload is written in clear."""
    from logging.handlers import RotatingFileHandler

    from ..privacy import install_log_masking

    folder = Path(home) / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "scanstation.log"
    root = logging.getLogger("scanstation")
    if not any(getattr(h, "baseFilename", "") == str(path) for h in root.handlers):
        handler = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(level)
    install_log_masking(root)
    return path


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("ScanStation")
    app.setOrganizationName("ScanStation")
    font = QFont()
    font.setFamilies(list(UI_FAMILIES))  # each holds every Vietnamese glyph
    font.setPointSize(max(font.pointSize(), 11))
    QApplication.setFont(font)
    install_translator(app)
    return app  # type: ignore[return-value]


def run_app(argv: list[str] | None = None) -> int:
    app = make_application(argv)
    workspace = Workspace()
    configure_app_logging(workspace.home)
    from .settings import StationSettings
    from .station_window import StationWindow

    settings = StationSettings(workspace.home)
    if "SCANSTATION_LANG" not in os.environ:  # the variable wins, for a one-off run
        install_translator(app, str(settings.get("ui/language") or "vi"))
    window = StationWindow(workspace, settings=settings)
    window.show()
    window.offer_recovery()
    from .api_panel import attach_api

    api = attach_api(window)  # the local API for the provincial web system (issue 16)
    code = app.exec()
    if api is not None:
        api.stop()
    workspace.close()
    return code
