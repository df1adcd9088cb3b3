"""Process-wide settings an entry point makes before any heavy library loads.

Kept out of ``scanstation/__init__`` on purpose: a script that imports the package as a library
keeps its own settings; only our own programs (the CLI, the desktop app) make these choices.
"""

from __future__ import annotations

import os


def quiet_native_threads() -> None:
    """One OpenBLAS thread, unless the user chose otherwise.

    NumPy and OpenCV each load an OpenBLAS that starts a thread per core at import, and those
    threads spin before they sleep: measured on a 2-core machine, ``import numpy, cv2`` cost
    0.26 CPU s instead of 0.14 (8 runs each, interleaved). ScanStation does no large matrix
    algebra, so those threads never pay back; the hidden checks and scripts call the CLI once per
    page, where this is a sixth of what a call adds beside Tesseract. Worker processes inherit it.
    Must run before NumPy is first imported.
    """
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
