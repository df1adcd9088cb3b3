"""Process-wide settings an entry point makes before any heavy library loads.

Kept out of ``scanstation/__init__`` on purpose: a script that imports the package as a library
keeps its own settings; only our own programs (the CLI, the desktop app) make these choices.
"""

from __future__ import annotations

import os
import sys


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


# glibc's mallopt parameters (malloc.h)
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
_HEAP_KEEP = 1 << 30  # freed memory a one-shot call keeps rather than hands back
_MALLOC_ENV = ("MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_", "GLIBC_TUNABLES")


def keep_freed_memory() -> bool:
    """For a call that reads one input and exits: freed memory stays in the heap for the next
    array instead of going back to the kernel. Returns whether the setting was made.

    A page is handled as a dozen page-sized arrays one after the other (8.7 MB each at 300 dpi).
    glibc maps each one fresh and unmaps it when freed, so every new one faults in and zeroes
    2,000 pages again: a one-page ``scanstation ocr`` call spent 0.23 s in the kernel against
    bare Tesseract's 0.09. Kept, 0.18 s, and the call's CPU time 3 % lower (issue 14, measured
    interleaved on 8 pages × 3). Not for the desktop app or a server: a long-lived process must
    give memory back. A user's own ``MALLOC_*`` / ``GLIBC_TUNABLES`` settings win.
    """
    if not sys.platform.startswith("linux") or any(name in os.environ for name in _MALLOC_ENV):
        return False
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # another libc: nothing to set
        return False
    return bool(mallopt(_M_MMAP_THRESHOLD, _HEAP_KEEP) and mallopt(_M_TRIM_THRESHOLD, _HEAP_KEEP))
