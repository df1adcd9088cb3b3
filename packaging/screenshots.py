"""Screenshots of every screen, under Xvfb (`make screenshots` → docs/screenshots/)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"


def main() -> int:
    from PySide6.QtCore import QEventLoop, QTimer

    from scanstation.ui.app import make_application
    from scanstation.ui.main_window import MainWindow
    from scanstation.workspace import Workspace

    app = make_application(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        workspace = Workspace(Path(tmp))
        window = MainWindow(workspace)
        window.resize(1280, 820)
        window.show()
        samples = sorted((ROOT / "resources" / "samples").glob("*.jpg"))
        op = window.import_paths(samples)
        loop = QEventLoop()
        op.signals.done.connect(loop.quit)
        loop.exec()
        window.pages_view.setCurrentIndex(window.model.index(0))
        deadline = QEventLoop()
        QTimer.singleShot(2500, deadline.quit)  # let the thumbnails arrive
        deadline.exec()
        window.grab().save(str(OUT / "workspace.png"))
        print(OUT / "workspace.png")
        workspace.close()
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
