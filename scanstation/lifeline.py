"""Child processes that end with the app: a helper or OCR worker left running after the app was
killed would go on writing into the workspace and hold its files."""

from __future__ import annotations

import os
import threading

from .platform import wait_for_exit


def die_with(app_pid: int) -> None:
    """End this process the moment the app process ends (even by kill -9), so a killed app
    leaves no helper or OCR worker writing into the workspace. A daemon thread waits for the app to
    end (``platform.wait_for_exit``: a pidfd on Linux, a process handle on Windows)."""
    def watch() -> None:
        wait_for_exit(app_pid)  # a pidfd on Linux, a process handle on Windows
        os._exit(70)

    threading.Thread(target=watch, name="die-with-app", daemon=True).start()
