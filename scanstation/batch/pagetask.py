"""The page task — the same function on every executor (local pool, Dask worker).

It takes a small picklable ``PageJob`` (where to read the page) and returns a ``PageOutcome``:
the page result as bytes (pickled: encoded image + words) and the few numbers the coordinator
keeps in the job state. It writes nothing: the coordinator owns the state, so a task run twice
(Dask retrying after a worker died) is harmless.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one Tesseract thread per worker (DESIGN §4)

TASK_VERSION = "1"  # bump when the page task's output changes: render keys change with it


@dataclass(frozen=True)
class PageJob:
    seq: int
    path: str
    media_type: str
    frame: int
    dpi: float
    name: str
    render_key: str
    patch: bool = True
    barcodes: bool = True
    turn: int = 0  # a reviewer's clockwise quarter turns (the original file is never changed)


@dataclass
class PageOutcome:
    seq: int
    render_key: str
    result: bytes = b""  # pickled PageResult (empty when the page could not be read)
    values: dict[str, Any] = field(default_factory=dict)


def render_key(path: str, frame: int, turn: int = 0) -> str:
    """What the page's result depends on: the input file's identity, the frame, the task, and a
    reviewer's rotation (the transform, kept beside the untouched original)."""
    stat = Path(path).stat()
    ident = f"{Path(path).resolve()}|{frame}|{stat.st_size}|{stat.st_mtime_ns}|{TASK_VERSION}"
    if turn % 4:
        ident += f"|turn{turn % 4}"
    return hashlib.sha256(ident.encode()).hexdigest()[:32]


def _dhash(img: Any) -> str:
    import numpy as np
    from PIL import Image

    small = np.asarray(img.convert("L").resize((9, 8), Image.Resampling.BOX), dtype=np.int16)
    bits = (small[:, 1:] > small[:, :-1]).flatten()
    return f"{int(''.join('1' if b else '0' for b in bits), 2):016x}"


def _simhash(text: str) -> str:
    words = text.lower().split()
    grams = [" ".join(words[i:i + 2]) for i in range(max(1, len(words) - 1))] if words else []
    weights = [0] * 64
    for gram in grams:
        h = int.from_bytes(hashlib.blake2b(gram.encode(), digest_size=8).digest(), "big")
        for bit in range(64):
            weights[bit] += 1 if h >> bit & 1 else -1
    return f"{sum(1 << b for b in range(64) if weights[b] > 0):016x}"


def _content_share(ocr: Any) -> float:
    """Share of the page the text occupies (ScanTailor's content box, from the words)."""
    words = ocr.words
    if not words or not ocr.width or not ocr.height:
        return 0.0
    left = min(w.box[0] for w in words)
    top = min(w.box[1] for w in words)
    right = max(w.box[2] for w in words)
    bottom = max(w.box[3] for w in words)
    return round((right - left) * (bottom - top) / (ocr.width * ocr.height), 4)


def run_page(job: PageJob) -> PageOutcome:
    """decode → separator? → (clean + OCR) → outcome. Never raises for a bad page."""
    from ..errors import ScanStationError
    from ..imaging import decode_frame
    from .ocr import read_page, unread_page
    from .separators import caption_seen, read_separator

    cpu = time.process_time()
    try:
        img = decode_frame(Path(job.path).read_bytes(), job.media_type, job.frame, job.dpi,
                           job.name)
    except (ScanStationError, OSError) as exc:
        return PageOutcome(job.seq, job.render_key, b"",
                           {"error": type(exc).__name__, "cpu": time.process_time() - cpu})
    if img.mode not in ("RGB", "L", "1"):
        img = img.convert("RGB")
    sep = read_separator(img, patch=job.patch, barcodes=job.barcodes)
    values: dict[str, Any] = {"sep_kind": sep.kind, "sep_value": sep.value,
                              "sep_unsure": sep.unsure}
    if sep.is_separator:
        result = unread_page(img.rotate(-90 * (job.turn % 4), expand=True) if job.turn % 4 else img)
    else:
        try:
            result = read_page(img, job.name, job.turn)
        except ScanStationError as exc:
            return PageOutcome(job.seq, job.render_key, b"",
                               {"error": type(exc).__name__, "cpu": time.process_time() - cpu})
        text = result.ocr.text
        values.update(
            blank=int(result.blank), confidence=round(result.ocr.mean_confidence, 2),
            skew=round(result.skew_deg, 3), quarter_turn=result.quarter_turn,
            content=_content_share(result.ocr), text_sig=_simhash(text), text_len=len(text),
            caption=int(caption_seen(text)))
    values.update(cleaned=1, ocred=1, image_sig=_dhash(img),
                  colour=int(result.image.color_space == "/DeviceRGB"),
                  cpu=round(time.process_time() - cpu, 3))
    return PageOutcome(job.seq, job.render_key, pickle.dumps(result, protocol=5), values)
