"""Data built once from shipped files and kept in the cache folder as JSON.

The OCR repairs index shipped word lists (18,000 syllables, 31,000 dictionary words, 7,500 place
names). Indexing them costs 0.05–0.3 s, paid by every one-page CLI call; reading the built index
back costs milliseconds (issue 14). JSON, not pickle: a cache file is data, never code. A damaged
or unreadable cache file is rebuilt; a read-only cache folder only costs the next call the time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def identity(*paths: Path) -> list[str]:
    """What names a build's inputs: each file's path, size and modification time (a missing
    file counts as missing)."""
    out = []
    for path in paths:
        try:
            st = path.stat()
            out.append(f"{path}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            out.append(f"{path}:missing")
    return out


def cache_path(name: str, ident: list[Any], suffix: str) -> Path:
    """The cache file of ``name`` built from inputs named ``ident`` (``identity``)."""
    from ..paths import cache_dir

    key = hashlib.sha256(json.dumps(ident).encode()).hexdigest()[:16]
    return cache_dir("ocr") / f"{name}-{key}{suffix}"


def cached(name: str, ident: list[Any], build: Callable[[], Any],
           load: Callable[[Any], T]) -> T:
    """``load(build())``: the built data read from the cache file named after ``ident`` when
    there is one that loads, else built and written there (a file of another shape too)."""
    from .. import fsio

    path = cache_path(name, ident, ".json")
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError, AttributeError):
        return load(json.loads(path.read_text(encoding="utf-8")))
    data = build()
    with contextlib.suppress(Exception):  # a read-only cache only costs the next call time
        path.parent.mkdir(parents=True, exist_ok=True)
        fsio.atomic_write_text(path, json.dumps(data, ensure_ascii=False))
    return load(data)
