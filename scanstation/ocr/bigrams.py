"""Which two syllables are a known phrase: the word pairs of Tesseract's legacy Vietnamese model.

``resources/ocr_models/vie_bigrams.txt.gz`` (166,000 pairs, Apache-2.0; ``build_bigrams.py``)
holds the pairs seen next to each other in that model's training text — "kể từ", "có tính",
"cấp tỉnh", "như thế": phrases a dictionary of compounds lacks. ``ocr/context`` uses them on one
side only: a word read with a known partner is not changed for that partner's sake.

Reading 166,000 lines into a set would cost every CLI call ~0.1 s, so each pair is kept as a
64-bit hash of its placement keys, sorted, in a NumPy file in the cache folder (built once in
~1 s, then memory-mapped: nothing is read until a pair is looked up).
"""
from __future__ import annotations

import contextlib
import gzip
import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from .lattice import placement_key
from .textfix import MODELS

_VERSION = 1


def _hash(left: str, right: str) -> int:
    key = f"{placement_key(left)} {placement_key(right)}".encode()
    return int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "little")


@dataclass(frozen=True)
class Bigrams:
    hashes: np.ndarray  # sorted uint64

    def known(self, left: str, right: str) -> bool:
        """``left right`` (any case, any tone placement) is a pair of the model's text."""
        if not left or not right or not len(self.hashes):
            return False
        h = np.uint64(_hash(left, right))
        i = int(np.searchsorted(self.hashes, h))
        return i < len(self.hashes) and self.hashes[i] == h


def _build(source: Path) -> np.ndarray:
    hashes: list[int] = []
    with contextlib.suppress(OSError, EOFError, ValueError):
        for line in gzip.decompress(source.read_bytes()).decode("utf-8").splitlines():
            parts = line.split()
            if len(parts) == 2 and not line.startswith("#"):
                hashes.append(_hash(*parts))
    return np.unique(np.array(hashes, dtype=np.uint64))


@cache
def bigrams(folder: Path = MODELS) -> Bigrams:
    """The pairs, from the cache folder when it holds them for this file (else built there)."""
    from .. import fsio
    from ..paths import cache_dir
    from .modelcache import identity

    source = folder / "vie_bigrams.txt.gz"
    key = hashlib.sha256(repr((_VERSION, identity(source))).encode()).hexdigest()[:16]
    path = cache_dir("ocr") / f"bigrams-{key}.npy"
    with contextlib.suppress(OSError, ValueError):
        hashes = np.load(path, mmap_mode="r", allow_pickle=False)
        if hashes.dtype == np.uint64 and hashes.ndim == 1:
            return Bigrams(hashes)
    hashes = _build(source)
    with contextlib.suppress(Exception):  # a read-only cache only costs the next call time
        path.parent.mkdir(parents=True, exist_ok=True)
        with fsio.atomic_writer(path) as handle:
            np.save(handle, hashes, allow_pickle=False)
    return Bigrams(hashes)
