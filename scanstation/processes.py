"""The app's one multiprocessing context: ``forkserver`` on Linux with one preload list (each new
worker forks from a server that has already imported numpy, OpenCV and Tesseract), ``spawn``
elsewhere (Windows, macOS) or when ``SCANSTATION_START_METHOD=spawn``. Below both the worker
pools (:mod:`scanstation.workers`) and the OCR pipeline, which build their pools on it."""

from __future__ import annotations

from typing import Any

# What helpers and OCR workers run: imported once by the forkserver, not by every worker.
PRELOAD = ["scanstation.ocr.pipeline", "scanstation.stages.pipeline", "scanstation.ocr.recognize",
           "scanstation.ocr.textfix", "scanstation.pdf.pdfa", "scanstation.dossier.service",
           "scanstation.importer"]

_CONTEXT: Any = None


def process_context() -> Any:
    """The app's one multiprocessing context (the forkserver's preload is set once)."""
    from .platform import worker_context

    global _CONTEXT
    if _CONTEXT is None:
        _CONTEXT = worker_context(PRELOAD)
    return _CONTEXT
