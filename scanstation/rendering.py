"""Page pixels for the screen and for OCR, made in a helper process (decoding and resampling a
300 dpi page holds the GIL for ~100 ms: never in the window's process)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from .model import Page

_THUMB_WORKSPACES: dict[str, Any] = {}


def render_pages(home: Path, page_ids: list[str]) -> list[tuple[str, str, float]]:
    """(render key, rendered PNG path, dpi) per page; run in a helper process."""
    from .workspace import Workspace

    with Workspace(Path(home)) as ws:
        out = []
        for pid in page_ids:
            page = ws.page(pid)
            out.append((ws.render_key(page), str(ws.render_path(page)), float(page.dpi or 0.0)))
        return out


def thumbnail_png(home: Path, page: Page, size: int) -> bytes:
    """A page's thumbnail (rendered from original + transforms through the workspace cache),
    as PNG bytes no larger than ``size``; made in a helper process by ``run_in_helper``."""
    from PIL import Image

    from .workspace import Workspace

    ws = _THUMB_WORKSPACES.get(str(home))
    if ws is None:
        ws = _THUMB_WORKSPACES[str(home)] = Workspace(Path(home))
    from .vault import read_personal

    with Image.open(io.BytesIO(read_personal(ws.render_path(page)))) as opened:
        opened.draft("L" if opened.mode == "L" else "RGB", (size, size))
        opened.thumbnail((size, size), Image.Resampling.LANCZOS)
        image = opened if opened.mode in ("L", "RGB") else opened.convert("RGB")
        out = io.BytesIO()
        image.save(out, format="PNG", compress_level=1)
    return out.getvalue()
