"""Screenshots of the local API (→ docs/screenshots/): the window's approval dialog and the demo
page in headless Chromium after pairing, a 3-page scan and a card read.

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/screenshots_api.py

They are the pictures the browser test takes (tests/api/test_api_browser.py: the station's window
and API in one process, approval by the dialog's key), kept by pointing its
``SCANSTATION_SCREENSHOTS`` at docs/screenshots/.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "SCANSTATION_SCREENSHOTS": str(OUT),
           "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q",
                           "tests/api/test_api_browser.py"], cwd=ROOT, env=env)
    if done.returncode == 0:
        print(f"→ {OUT}/api-approval.png, api-demo.png")
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
