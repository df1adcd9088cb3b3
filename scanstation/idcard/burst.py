"""Several frames of one resting card (a document camera's burst): read by vote, then fused.

A document camera sees the card for many frames while it rests. One frame may be lost to sensor
noise in dim light, a flicker or compression, and a frame-by-frame reader keeps only the first
frame it happened to take. Reading a burst:

1. every frame through the whole-image stages only (a few ms each): the payloads that pass every
   check are votes. Two different citizen-ID payloads in one burst are refused
   (``several_citizen_qr``: a second card slid in, or a misread), never chosen between;
2. no vote: the frames are aligned to the first (phase correlation: a resting card moves by a
   pixel or two, and a document camera does not turn) and fused by a per-pixel median, which
   keeps the modules and drops what changes from frame to frame (noise, flicker); the fused
   frame then goes through the whole cascade, hard cases included;
3. still nothing: the first frame's own full reading, so the officer gets the most specific
   reason (``qr_unreadable`` rather than ``no_qr_found``).

No stage here decodes anything itself: every read is ``reader.read_card``'s, with its checks.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .payload import refuse
from .reader import CardRead, fill_record, load_gray, read_card

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

MAX_BURST = 8  # frames fused at most: the median's gain levels off, its cost does not
MAX_SHIFT_FRACTION = 0.05  # a frame moved more than this (of its size) is another placement


def align(reference: np.ndarray, frame: np.ndarray) -> np.ndarray | None:
    """``frame`` shifted onto ``reference`` (sub-pixel), or None when it moved too far to be the
    same resting card or has another size."""
    import cv2
    import numpy as np

    if frame.shape != reference.shape:
        return None
    (dx, dy), _response = cv2.phaseCorrelate(reference.astype(np.float32),
                                             frame.astype(np.float32))  # fmt: skip
    h, w = reference.shape[:2]
    if abs(dx) > MAX_SHIFT_FRACTION * w or abs(dy) > MAX_SHIFT_FRACTION * h:
        return None
    matrix = np.array([[1.0, 0.0, -dx], [0.0, 1.0, -dy]], dtype=np.float32)
    return cv2.warpAffine(frame, matrix, (w, h), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_REPLICATE)  # fmt: skip


def fuse(frames: list[np.ndarray]) -> np.ndarray:
    """The per-pixel median of ``frames`` aligned to the first (frames that do not align are
    left out)."""
    import numpy as np

    reference = frames[0]
    stack = [reference]
    for frame in frames[1:MAX_BURST]:
        moved = align(reference, frame)
        if moved is not None:
            stack.append(moved)
    if len(stack) == 1:
        return reference
    return np.median(np.stack(stack), axis=0).astype(np.uint8)


def read_burst(frames: list[np.ndarray]) -> CardRead:
    """One card's reading from several greyscale frames of it (see the module's docstring)."""
    from .qr import to_gray

    if not frames:
        return CardRead(refuse("no_qr_found"), None, 0.0)
    start = time.perf_counter()
    grays = [to_gray(frame) for frame in frames[:MAX_BURST]]
    votes: dict[str, CardRead] = {}
    for gray in grays:
        card = read_card(gray, hard_cases=False)
        if card.result.applicant is not None:
            key = json.dumps(card.result.applicant.to_json(), sort_keys=True)
            if key not in votes or (votes[key].result.warnings and not card.result.warnings):
                votes[key] = card  # a frame read without warnings speaks for the payload
    if len(votes) > 1:
        return _timed(start, CardRead(refuse("several_citizen_qr"), "burst-vote", 0.0))
    if votes:
        card = next(iter(votes.values()))
        return _timed(start, CardRead(card.result, f"burst-vote:{card.stage}", 0.0,
                                      card.qr_quad, card.qr_orientation))  # fmt: skip
    if len(grays) > 1:
        fused = read_card(fuse(grays))
        if fused.result.applicant is not None:
            return _timed(start, CardRead(fused.result, f"burst-fused:{fused.stage}", 0.0))
    return _timed(start, read_card(grays[0]))


def _timed(start: float, card: CardRead) -> CardRead:
    return CardRead(card.result, card.stage, (time.perf_counter() - start) * 1000.0,
                    card.qr_quad, card.qr_orientation)  # fmt: skip


def burst_record(
    paths: list[Path], *, convert_address: bool = True, with_mrz: bool = False
) -> dict[str, Any]:
    """The ``scanstation idcard --burst`` object: ``paths`` are frames of one resting card (a
    document camera's burst), read together (``burst.read_burst``); one record for them all."""
    from ..errors import ScanStationError
    from .qr import warm_up

    record: dict[str, Any] = {"file": str(paths[0]), "frames": len(paths)}
    load_start = time.perf_counter()
    grays = []
    failure: ScanStationError | None = None
    for number, path in enumerate(paths, 1):
        try:
            grays.append(load_gray(path))
        except ScanStationError as error:  # a bad frame is left out; all bad is an error
            log.info("burst frame %d unreadable: %s", number, type(error).__name__)
            failure = error
    load_ms = (time.perf_counter() - load_start) * 1000.0
    if not grays:
        record.update(applicant=None, warnings=[], reason="unreadable_image", elapsed_ms=0.0)
        if failure is not None:
            record["error"] = {"message_vi": failure.message_vi, "message_en": failure.message_en}
        return record
    warm_up()
    card = read_burst(grays)
    record["frames_read"] = len(grays)
    return fill_record(record, card, grays[0], load_ms, convert_address, with_mrz)
