"""Import files (PNG, JPEG, TIFF, PDF …) into the workspace, one page per frame.

Each file is checked (type by magic bytes, size, decompression bombs, encryption) before it is
stored; a bad file yields a bilingual error for that file and the rest of the batch goes on.
With ``clean=True`` each page also gets its cleanup transforms (orientation, deskew, crop) and its
blank flag; the original stays as captured.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import imaging
from .errors import (
    Cancelled,
    FileNotFoundInputError,
    FileTooLargeError,
    InputFileError,
    ScanStationError,
)
from .model import Page
from .workspace import Workspace

log = logging.getLogger("scanstation.importer")

MAX_FILE_BYTES = 1 << 30  # 1 GiB: larger files are refused before reading


@dataclass
class ImportOutcome:
    file: str
    pages: list[Page] = field(default_factory=list)
    error: ScanStationError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def read_input(path: Path) -> bytes:
    """The file's bytes, or a bilingual error if it is missing, unreadable or huge."""
    name = path.name
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise FileNotFoundInputError(name=name) from exc
    except OSError as exc:
        raise InputFileError(name=name, detail=exc.strerror) from exc
    if not path.is_file():
        raise InputFileError(name=name)
    if size > MAX_FILE_BYTES:
        raise FileTooLargeError(name=name, megabytes=size / 1e6, limit=MAX_FILE_BYTES / 1e6)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputFileError(name=name, detail=exc.strerror) from exc


def cleanup_page(workspace: Workspace, page: Page) -> Page:
    """Run the cleanup stages on the page as captured; save its transforms and blank flag."""
    from .stages.pipeline import clean_image

    result = clean_image(workspace.decode(page))
    flags = dict(page.flags)
    flags["cleanup"] = {
        "quarter_turn": result.quarter_turn,
        "skew_deg": result.skew_deg,
        "confidence": result.confidence,
    }
    cleaned = replace(page, transforms=result.transforms, blank=result.blank, flags=flags)
    return workspace.update_page(cleaned)


def import_bytes(
    workspace: Workspace,
    data: bytes,
    name: str,
    *,
    batch: str = "",
    clean: bool = True,
) -> list[Page]:
    media_type, frames = imaging.probe(data, name)
    original = workspace.add_original(data, name, media_type, len(frames))
    pages = []
    for index, frame in enumerate(frames):
        page = workspace.add_page(original, index, dpi=frame.dpi, batch=batch)
        if clean:
            page = cleanup_page(workspace, page)
        pages.append(page)
    return pages


def import_files(
    workspace: Workspace,
    paths: Iterable[Path | str],
    *,
    batch: str = "",
    clean: bool = True,
    progress: Callable[[int, int, str], None] | None = None,
    cancel: threading.Event | None = None,
) -> list[ImportOutcome]:
    """Import every file; a failure is reported in its outcome and the batch goes on."""
    files = [Path(p) for p in paths]
    outcomes: list[ImportOutcome] = []
    for index, path in enumerate(files):
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        if progress:
            progress(index, len(files), path.name)
        outcome = ImportOutcome(str(path))
        try:
            outcome.pages = import_bytes(workspace, read_input(path), path.name, batch=batch,
                                         clean=clean)
        except ScanStationError as error:
            log.warning("import of %s failed: %s", path.name, type(error).__name__)
            outcome.error = error
        outcomes.append(outcome)
    if progress:
        progress(len(files), len(files), "")
    return outcomes


def decode_file(path: Path | str) -> Iterable[tuple[int, int, imaging.Image.Image]]:
    """Decode every frame of a file without storing it: ``(index, count, image)``."""
    path = Path(path)
    data = read_input(path)
    media_type, frames = imaging.probe(data, path.name)
    for index, frame in enumerate(frames):
        yield index, len(frames), imaging.decode_frame(data, media_type, index, frame.dpi,
                                                       path.name)
