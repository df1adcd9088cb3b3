"""Which two syllables are a known phrase, or part of a place name.

``bigrams()``: the word pairs of Tesseract's legacy Vietnamese model.
``resources/ocr_models/vie_bigrams.txt.gz`` (166,000 pairs, Apache-2.0; ``build_bigrams.py``)
holds the pairs seen next to each other in that model's training text — "kể từ", "có tính",
"cấp tỉnh", "như thế": phrases a dictionary of compounds lacks. ``places()``: the pairs of
neighbouring syllables in the address index's names ("cao lãnh", "hòa minh"). ``ocr/context``
does not change a word for the sake of a partner it already makes one of these with.

Reading 166,000 lines into a set would cost every CLI call ~0.1 s (16,000 place pairs in the
lexicon's JSON cost 10 ms), so each pair is kept as a 64-bit hash of its placement keys, sorted,
in a NumPy file in the cache folder (built once, then memory-mapped: nothing is read until a
pair is looked up).
"""
from __future__ import annotations

import contextlib
import gzip
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from .lattice import _address_names, placement_key
from .textfix import MODELS

_VERSION = 1


def _hash(left: str, right: str) -> int:
    key = f"{placement_key(left)} {placement_key(right)}".encode()
    return int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "little")


@dataclass(frozen=True)
class Bigrams:
    hashes: np.ndarray  # sorted uint64

    def known(self, left: str, right: str) -> bool:
        """``left right`` (any case, any tone placement) is one of the pairs."""
        if not left or not right or not len(self.hashes):
            return False
        h = np.uint64(_hash(left, right))
        i = int(np.searchsorted(self.hashes, h))
        return i < len(self.hashes) and self.hashes[i] == h


def _phrases(source: Path) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    with contextlib.suppress(OSError, EOFError, ValueError):
        for line in gzip.decompress(source.read_bytes()).decode("utf-8").splitlines():
            parts = line.split()
            if len(parts) == 2 and not line.startswith("#"):
                out.append((parts[0], parts[1]))
    return out


def _cached(name: str, source: Path, pairs: Callable[[], Iterable[tuple[str, str]]]) -> Bigrams:
    """The hashed pairs from the cache folder when it holds them for ``source`` as it is now;
    else built (``pairs()``) and written there."""
    from .. import fsio
    from .modelcache import cache_path, identity

    path = cache_path(name, [_VERSION, *identity(source)], ".npy")
    with contextlib.suppress(OSError, ValueError):
        hashes = np.load(path, mmap_mode="r", allow_pickle=False)
        if hashes.dtype == np.uint64 and hashes.ndim == 1:
            return Bigrams(hashes)
    hashes = np.unique(np.array([_hash(a, b) for a, b in pairs()], dtype=np.uint64))
    with contextlib.suppress(Exception):  # a read-only cache only costs the next call time
        path.parent.mkdir(parents=True, exist_ok=True)
        with fsio.atomic_writer(path) as handle:
            np.save(handle, hashes, allow_pickle=False)
    return Bigrams(hashes)


@cache
def bigrams(folder: Path = MODELS) -> Bigrams:
    """The phrases of Tesseract's model (built once in ~0.7 s, then mapped in < 1 ms)."""
    source = folder / "vie_bigrams.txt.gz"
    return _cached("bigrams", source, lambda: _phrases(source))


@cache
def places() -> Bigrams:
    """Neighbouring syllables of the address index's place names."""
    from ..paths import resource

    return _cached("places", resource("address", "address_index.json"),
                   lambda: _address_names()[1])
