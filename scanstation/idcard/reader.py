"""Image → applicant record: the QR reader and the payload checks put together.

This is what the CLI, the UI and batch jobs call. ``elapsed_ms`` covers finding/decoding the QR
and checking the payload (the image file is already decoded; address conversion is separate and
reported in ``address_new``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..privacy import mask_id, register_personal_data
from .payload import ParseResult, parse_payload, refuse

if TYPE_CHECKING:
    import numpy as np

    from .qr import QrRead

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CardRead:
    """The outcome for one image."""

    result: ParseResult
    stage: str | None
    elapsed_ms: float
    qr_quad: tuple[tuple[float, float], ...] | None = None
    qr_orientation: float = 0.0


def read_card(gray: np.ndarray, *, hard_cases: bool = True) -> CardRead:
    """Find the citizen-ID QR in ``gray`` and parse it; never raises on image content.

    The cascade of attempts (``qr.iter_batches``) stops at the first payload that passes every
    check. A payload that parses with warnings is kept as a fallback while the whole-image stages
    go on (a cleaner read may follow; the hard-case views are not paid for it). Two different
    valid payloads from one attempt are refused (``several_citizen_qr``), never chosen between.
    ``hard_cases=False``: the whole-image stages only (a few ms; a burst's frames, ``burst.py``).
    """
    from .qr import CHEAP_STAGES, iter_batches

    start = time.perf_counter()
    first_refusal: ParseResult | None = None
    fallback: tuple[QrRead, ParseResult] | None = None
    stage = None
    located: list[tuple[tuple[float, float], ...]] = []
    for batch_stage, batch in iter_batches(gray, located):
        if batch_stage not in CHEAP_STAGES and (fallback is not None or not hard_cases):
            break
        clean: dict[str, tuple[QrRead, ParseResult]] = {}
        for read in batch:
            if read.text is None:
                first_refusal = first_refusal or refuse(read.problem or "not_utf8")
                continue
            parsed = parse_payload(read.text)
            if parsed.applicant is None:
                first_refusal = first_refusal or parsed
                stage = stage or read.stage
            elif parsed.warnings:
                fallback = fallback or (read, parsed)
            else:
                clean.setdefault(read.text, (read, parsed))
        if len(clean) > 1:
            log.warning("%d different citizen-ID QRs in one view: refused", len(clean))
            return _finish(start, refuse("several_citizen_qr"), batch_stage)
        if clean:
            return _accept(start, *next(iter(clean.values())))
    if fallback is not None:
        return _accept(start, *fallback)
    result = first_refusal or refuse("qr_unreadable" if located else "no_qr_found")
    log.info("no citizen-ID QR (%s)", result.reason)
    return _finish(start, result, stage)


def _finish(start: float, result: ParseResult, stage: str | None) -> CardRead:
    return CardRead(result, stage, (time.perf_counter() - start) * 1000.0)


def _accept(start: float, read: QrRead, parsed: ParseResult) -> CardRead:
    applicant = parsed.applicant
    assert applicant is not None
    register_personal_data(applicant.full_name, applicant.address)
    log.info(
        "citizen-ID QR read (%s, stage %s, %d warnings)",
        mask_id(applicant.id_number), read.stage, len(parsed.warnings),
    )  # fmt: skip
    elapsed = (time.perf_counter() - start) * 1000.0
    return CardRead(parsed, read.stage, elapsed, read.quad, read.orientation)


MAX_FRAMES = 4  # a scanned PDF/TIFF of an ID card: front and back, maybe a form page or two


def iter_gray_frames(path: Path) -> Iterator[np.ndarray]:
    """Greyscale frames of an image, PDF (300 dpi) or multi-page TIFF, decoded lazily with
    ScanStation's safe decoder (bomb limits, EXIF orientation)."""
    from ..errors import FileNotFoundInputError, InputFileError
    from ..imaging import decode_frame, probe, to_gray_array

    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise FileNotFoundInputError(name=path.name) from exc
    except OSError as exc:  # a folder, no permission …
        raise InputFileError(name=path.name) from exc
    media_type, frames = probe(data, path.name)
    dpi = 300.0 if media_type == "application/pdf" else 0.0
    for index in range(min(len(frames), MAX_FRAMES)):
        yield to_gray_array(decode_frame(data, media_type, index, dpi=dpi, name=path.name))


def load_gray(path: Path) -> np.ndarray:
    """The first frame of ``path`` in greyscale."""
    return next(iter_gray_frames(path))


def mrz_summary(gray: np.ndarray, card: CardRead) -> tuple[dict[str, Any] | None, list[str]]:
    """OCR the MRZ in the same image (2024 back side, or both sides copied on one page) and
    cross-check it with the QR. Returns (summary or None, warning codes). Only an MRZ whose check
    digits all pass can raise a warning: OCR misreads are reported as problems, not as conflicts."""
    from .mrz import cross_check, read_mrz

    applicant = card.result.applicant
    if applicant is None:
        return None, []
    quad = [(x, y) for x, y in card.qr_quad] if card.qr_quad else None
    td1 = read_mrz(gray, quad, card.qr_orientation)
    if td1 is None:
        return None, []
    summary = {
        "valid": td1.valid,
        "problems": list(td1.problems),
        "id_number": td1.id_number,
        "birth_yymmdd": td1.birth_yymmdd,
        "sex": td1.sex,
        "expiry_yymmdd": td1.expiry_yymmdd,
    }
    if not td1.valid:
        return summary, []
    return summary, [c for c in cross_check(td1, applicant) if c.startswith("mrz_qr_")]


def card_record(
    path: Path, *, convert_address: bool = True, with_mrz: bool = False
) -> dict[str, Any]:
    """The ``scanstation idcard --json`` object for one image file."""
    from ..errors import ScanStationError

    record: dict[str, Any] = {"file": str(path)}
    load_ms = elapsed_ms = 0.0
    card: CardRead | None = None
    gray: np.ndarray | None = None
    frames = iter_gray_frames(path)
    try:
        # Frames are tried in order until one carries a citizen-ID QR (front/back in one PDF).
        for _ in range(MAX_FRAMES):
            load_start = time.perf_counter()
            frame = next(frames, None)
            load_ms += (time.perf_counter() - load_start) * 1000.0
            if frame is None:
                break
            from .qr import warm_up

            warm_up()  # import + one-off set-up are start-up cost, not decoding

            if frame.size > 8_000_000:
                import cv2  # noqa: F401  (large photos are halved with OpenCV before decoding)
            attempt = read_card(frame)
            elapsed_ms += attempt.elapsed_ms
            if card is None or attempt.result.applicant is not None or (
                card.result.reason == "no_qr_found" and attempt.result.reason != "no_qr_found"
            ):
                card, gray = attempt, frame
            if attempt.result.applicant is not None:
                break
    except ScanStationError as error:
        if card is None:
            record.update(
                applicant=None, warnings=[], reason="unreadable_image", elapsed_ms=0.0,
                error={"message_vi": error.message_vi, "message_en": error.message_en},
            )  # fmt: skip
            return record
    if card is None or gray is None:
        record.update(applicant=None, warnings=[], reason="unreadable_image", elapsed_ms=0.0)
        return record
    card = CardRead(card.result, card.stage, elapsed_ms, card.qr_quad, card.qr_orientation)
    return fill_record(record, card, gray, load_ms, convert_address, with_mrz)


def fill_record(record: dict[str, Any], card: CardRead, gray: np.ndarray, load_ms: float,
                convert_address: bool, with_mrz: bool) -> dict[str, Any]:
    """``record`` completed with ``card``'s outcome: the applicant (with the address since
    2025 unless ``convert_address`` is off), warnings, reason, timings, and the MRZ check."""
    result = card.result
    applicant: dict[str, Any] | None = None
    if result.applicant is not None:
        applicant = result.applicant.to_json()
        if convert_address:
            from .address import AddressIndexError
            from .address import convert_address as convert

            try:
                applicant["address_new"] = convert(result.applicant.address).summary()
            except AddressIndexError as error:
                applicant["address_new"] = {"status": "unknown", "ward": None, "province": None,
                                            "candidates": [], "note": error.message_en}  # fmt: skip
    warnings = list(result.warnings)
    if with_mrz:
        mrz_start = time.perf_counter()
        summary, mrz_warnings = mrz_summary(gray, card)
        record["mrz"] = summary
        record["mrz_ms"] = round((time.perf_counter() - mrz_start) * 1000.0, 3)
        warnings.extend(mrz_warnings)
    record.update(
        applicant=applicant,
        warnings=warnings,
        reason=result.reason,
        elapsed_ms=round(card.elapsed_ms, 3),
        stage=card.stage,
        load_ms=round(load_ms, 3),
    )
    return record
