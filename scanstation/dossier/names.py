"""Stable, readable ASCII file names for the built dossier (``01-to-khai-dang-ky-khai-sinh.pdf``).

Portals, ZIP tools and network shares still mangle non-ASCII names, so names are folded to ASCII
(``đ`` → ``d``, diacritics dropped); the Vietnamese name stays in the manifest and the PDF title.
"""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def ascii_fold(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).encode(
        "ascii", "ignore"
    ).decode("ascii")


_SEARCH_SEPARATORS = re.compile(r"[^a-z0-9.]+")


def search_fold(text: str) -> str:
    """``text`` as searched: ASCII-folded, lower case, words split on anything but letters,
    digits and dots (codes keep their dots): "Đăng ký  KẾT-HÔN" → "dang ky ket hon"."""
    return " ".join(_SEARCH_SEPARATORS.sub(" ", ascii_fold(text).lower()).split()).strip(" .")


def slug(text: str, max_len: int = 48) -> str:
    folded = _NON_ALNUM.sub("-", ascii_fold(text).lower()).strip("-")
    if len(folded) > max_len:
        folded = folded[:max_len].rsplit("-", 1)[0] or folded[:max_len]
    return folded or "tai-lieu"


def document_file_name(index: int, name: str) -> str:
    return f"{index:02d}-{slug(name)}.pdf"
