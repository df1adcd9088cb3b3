"""One place for fonts: which TrueType families hold every Vietnamese glyph, which one each use
prefers, and where they are found on this machine.

Every use names its preference as an ordered tuple of families (``DOCUMENT_SANS`` for receipts
and printed sheets, ``SIGNATURE`` for pyHanko's appearance, ``UI_FAMILIES`` for Qt), and
:func:`candidates` turns it into the files present, in that order. Folders searched: fonts
bundled with the application (``scanstation/resources/fonts/``, used by the Windows build), then
the platform's font folders (Debian's ``/usr/share/fonts/truetype/<package>``, the Windows and
macOS system and per-user folders). No heavy import: the CLI's start-up time counts.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from .paths import resource

STYLES = ("regular", "bold", "italic")

# File names by family and style. Debian's fonts-liberation 1.x lacks 34 precomposed Vietnamese
# vowels: only Liberation 2 (fonts-liberation2) is listed.
FAMILIES: dict[str, dict[str, str]] = {
    "dejavu-sans": {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf",
                    "italic": "DejaVuSans-Oblique.ttf"},
    "dejavu-serif": {"regular": "DejaVuSerif.ttf", "bold": "DejaVuSerif-Bold.ttf",
                     "italic": "DejaVuSerif-Italic.ttf"},
    "liberation-sans": {"regular": "LiberationSans-Regular.ttf", "bold": "LiberationSans-Bold.ttf",
                        "italic": "LiberationSans-Italic.ttf"},
    "liberation-serif": {"regular": "LiberationSerif-Regular.ttf",
                         "bold": "LiberationSerif-Bold.ttf", "italic": "LiberationSerif-Italic.ttf"},
    "noto-sans": {"regular": "NotoSans-Regular.ttf", "bold": "NotoSans-Bold.ttf",
                  "italic": "NotoSans-Italic.ttf"},
    "noto-serif": {"regular": "NotoSerif-Regular.ttf", "bold": "NotoSerif-Bold.ttf",
                   "italic": "NotoSerif-Italic.ttf"},
}
# The Debian package that ships each family (named in "install …" messages).
PACKAGES = {"dejavu": "fonts-dejavu-core", "liberation": "fonts-liberation2",
            "noto": "fonts-noto-core"}

# Receipts and the PDF text layer: any of the three; DejaVu first (the widest coverage).
DOCUMENT_SANS = ("dejavu-sans", "liberation-sans", "noto-sans")
# pyHanko writes glyph widths in font units without rescaling to 1/1000 em, so the signature
# appearance needs a font with 1000 units per em: Noto qualifies, DejaVu and Liberation (2048) not.
SIGNATURE = ("noto-sans", "noto-serif")
# The Qt UI asks by family name (fontconfig / the OS resolves it).
UI_FAMILIES = ("Noto Sans", "DejaVu Sans", "Liberation Sans")


def package_for(family: str) -> str:
    """The Debian package that ships ``family`` (``noto-sans`` → ``fonts-noto-core``)."""
    return PACKAGES[family.split("-", 1)[0]]


def font_dirs() -> tuple[Path, ...]:
    """Folders searched, most specific first (only those that exist)."""
    home = Path.home()
    dirs = [resource("fonts")]
    if sys.platform == "win32":
        dirs += [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts",
                 Path(os.environ.get("LOCALAPPDATA", home)) / "Microsoft" / "Windows" / "Fonts"]
    elif sys.platform == "darwin":
        dirs += [Path("/Library/Fonts"), home / "Library" / "Fonts", Path("/System/Library/Fonts")]
    else:
        truetype = Path("/usr/share/fonts/truetype")
        dirs += [truetype / "dejavu", truetype / "liberation2", truetype / "noto",
                 Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
                 home / ".local" / "share" / "fonts", home / ".fonts"]
    return tuple(d for d in dirs if d.is_dir())


@cache
def _index(folder: Path) -> dict[str, Path]:
    """Every font file under ``folder`` by name (first found wins); built once per folder."""
    found: dict[str, Path] = {}
    for path in sorted(folder.rglob("*.[ot]tf")):
        found.setdefault(path.name, path)
    return found


def find(file_name: str) -> Path | None:
    """The font file called ``file_name`` in the first folder that has it (a direct look in each
    folder first; a recursive index only when that fails)."""
    dirs = font_dirs()
    for folder in dirs:
        if (folder / file_name).is_file():
            return folder / file_name
    for folder in dirs:
        path = _index(folder).get(file_name)
        if path is not None:
            return path
    return None


def candidates(families: Iterable[str], style: str = "regular") -> tuple[Path, ...]:
    """The files present for ``families`` in ``style``, in the order given."""
    if style not in STYLES:
        raise ValueError(f"unknown font style {style!r}; one of {STYLES}")
    out = []
    for family in families:
        path = find(FAMILIES[family][style])
        if path is not None:
            out.append(path)
    return tuple(out)


def first(families: Iterable[str], style: str = "regular") -> Path | None:
    """The preferred file present for ``families`` in ``style``, or None."""
    found = candidates(families, style)
    return found[0] if found else None
