"""The ID card from the scanner: one page scanned and read as a card, with no trace on disk."""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path
from typing import Any

MEDIA_SUFFIX = {"image/png": ".png", "image/jpeg": ".jpg", "image/tiff": ".tif",
                "image/x-portable-anymap": ".pnm", "image/bmp": ".bmp"}
CARD_DPI = 300  # the QR's modules need ≥ 300 dpi on a flatbed


def scan_card_image(home: Path, device: str, cancel: threading.Event) -> dict[str, Any]:
    """One page from the scanner (the whole bed, colour, 300 dpi) into a private temp file, read
    as an ID card, then deleted: the card image never stays on disk."""
    from ..capture.base import ScanOptions
    from ..capture.discovery import source_for
    from ..dossier.session import DossierSession

    options = ScanOptions(device=device, resolution=CARD_DPI, mode="color", pages=1)
    with tempfile.TemporaryDirectory(prefix="scanstation-card-") as folder:  # 0700
        for page in source_for(device, home).scan(options, cancel):
            path = Path(folder) / f"card{MEDIA_SUFFIX.get(page.media_type, '.png')}"
            path.touch(mode=0o600)
            path.write_bytes(page.data)
            return DossierSession.read_card(path)
    return {}

