"""Fonts come from one place (``scanstation.fonts``): the families each use prefers hold every
Vietnamese glyph, the signature fonts have 1000 units per em, files are found in nested folders
too, and no other module hard-codes a font folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from scanstation import fonts
from scanstation.pdf.fonts import vietnamese_letters

ROOT = Path(__file__).resolve().parents[2]


def _covers_vietnamese(path: Path) -> bool:
    cmap = TTFont(path, lazy=True).getBestCmap()
    return all(ord(ch) in cmap for ch in vietnamese_letters())


@pytest.mark.parametrize("style", ["regular", "bold"])
def test_document_fonts_hold_every_vietnamese_letter(style: str) -> None:
    found = fonts.candidates(fonts.DOCUMENT_SANS, style)
    assert found, f"install {fonts.package_for(fonts.DOCUMENT_SANS[0])}"
    assert found[0].name == fonts.FAMILIES["dejavu-sans"][style]  # the stated preference
    assert all(_covers_vietnamese(path) for path in found)


def test_signature_fonts_have_1000_units_per_em() -> None:
    found = fonts.candidates(fonts.SIGNATURE)
    assert found, f"install {fonts.package_for('noto-sans')}"
    for path in found:
        assert TTFont(path, lazy=True)["head"].unitsPerEm == 1000
        assert _covers_vietnamese(path)


def test_every_listed_family_resolves_here() -> None:
    # make sysdeps installs fonts-dejavu-core, fonts-liberation2 and fonts-noto-core
    for family, files in fonts.FAMILIES.items():
        for style in fonts.STYLES:
            path = fonts.find(files[style])
            assert path is not None and path.is_file(), (family, style)


def test_find_looks_into_nested_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nested = tmp_path / "fonts" / "truetype" / "vendor"
    nested.mkdir(parents=True)
    source = fonts.first(fonts.DOCUMENT_SANS)
    assert source is not None
    shutil.copy(source, nested / "OnlyHere.ttf")
    monkeypatch.setattr(fonts, "font_dirs", lambda: (tmp_path / "fonts",))
    assert fonts.find("OnlyHere.ttf") == nested / "OnlyHere.ttf"
    assert fonts.find("Missing.ttf") is None
    assert fonts.candidates(fonts.DOCUMENT_SANS) == ()


def test_unknown_style_is_refused() -> None:
    with pytest.raises(ValueError, match="font style"):
        fonts.candidates(fonts.DOCUMENT_SANS, "condensed")


def test_no_module_hard_codes_a_font_folder() -> None:
    offenders = []
    for path in sorted((ROOT / "scanstation").rglob("*.py")):
        if path.name == "fonts.py" and path.parent.name == "scanstation":
            continue
        text = path.read_text(encoding="utf-8")
        if "/usr/share/fonts" in text or "Windows\\Fonts" in text:
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
