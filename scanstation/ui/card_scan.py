"""The ID card on the scanner's glass, read for guided mode: the application service does it
(``DossierSession.read_card_from_scanner``: the whole bed in colour, into a private temporary
file that is deleted after the read — the card image never becomes a page)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

CARD_DPI = 300  # the QR's modules need ≥ 300 dpi on a flatbed


def scan_card_image(home: Path, device: str, cancel: threading.Event) -> dict[str, Any]:
    from ..dossier.session import DossierSession

    return DossierSession(home).read_card_from_scanner(device, resolution=CARD_DPI,
                                                       cancel=cancel)
