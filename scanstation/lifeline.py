"""Child processes that end with the app: a helper or OCR worker left running after the app was
killed would go on writing into the workspace and hold its files."""

from __future__ import annotations

import os
import threading


def die_with(app_pid: int) -> None:
    """End this process the moment the app process ends (even by kill -9), so a killed app
    leaves no helper or OCR worker writing into the workspace. A daemon thread waits on the app's pidfd
    (Linux), or polls for it elsewhere."""
    def watch() -> None:
        import select
        import time

        try:
            fd = os.pidfd_open(app_pid)
        except (AttributeError, OSError):
            fd = -1
        if fd >= 0:
            select.select([fd], [], [])
        else:
            while True:
                try:
                    os.kill(app_pid, 0)
                except ProcessLookupError:
                    break
                except OSError:
                    pass
                time.sleep(0.2)
        os._exit(70)

    threading.Thread(target=watch, name="die-with-app", daemon=True).start()
