"""A Tesseract engine kept loaded per thread, for the cleanup stages' quick reads.

Loading the ``vie`` model costs more than reading a strip of text, so one API object per thread
is kept (tesserocr's ``PyTessBaseAPI`` is not thread-safe, hence per thread). OpenMP is limited
to one thread before tesserocr loads (one Tesseract per core: DESIGN §4).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import numpy as np

_local = threading.local()

TESSDATA_CANDIDATES = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
)


def tessdata_dir() -> str:
    env = os.environ.get("TESSDATA_PREFIX")
    if env and Path(env).is_dir():
        return env
    for candidate in TESSDATA_CANDIDATES:
        if (Path(candidate) / "vie.traineddata").exists():
            return candidate
    from ..errors import MissingToolError

    raise MissingToolError(tool="tesseract vie", package="tesseract-ocr-vie")


def _api(lang: str, psm: int) -> Any:
    key = (lang, psm)
    cache = getattr(_local, "apis", None)
    if cache is None:
        cache = _local.apis = {}
    if key not in cache:
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
        import tesserocr

        cache[key] = tesserocr.PyTessBaseAPI(path=tessdata_dir(), lang=lang,
                                             psm=psm)
    return cache[key]


def word_confidences(gray: np.ndarray, lang: str = "vie", psm: int = 6) -> list[float]:
    """Confidence (0–100) of each word Tesseract reads in ``gray`` (uint8, text upright)."""
    from PIL import Image

    api = _api(lang, psm)
    api.SetImage(Image.fromarray(np.ascontiguousarray(gray)))
    api.Recognize()
    return [float(c) for c in api.AllWordConfidences()]
