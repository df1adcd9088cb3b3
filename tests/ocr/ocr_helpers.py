"""Generated Vietnamese administrative pages with known text, by degradation category, and CER.

Shared by the OCR tests (a handful of pages per category) and ``benchmarks/ocr.py`` (more pages).
Pages come from ``scanstation.testing.pages`` (two-column national header, "Số: 123/QĐ-UBND", dated
place line, paragraphs, ruled tables, signature block; fonts-liberation2 / DejaVu), degraded the way
counters capture them.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from PIL import Image

from scanstation.testing import pages as synthetic

KINDS = ("form", "letter", "table", "sparse")


def _degradation(category: str, rng: random.Random) -> dict[str, Any]:
    if category == "clean":
        return {}
    if category == "scan":
        return {"yellow": rng.random() < 0.6, "border": True, "punch": rng.random() < 0.5,
                "shadow": rng.random() < 0.5, "noise": rng.uniform(2, 6),
                "skew_deg": rng.uniform(-0.8, 0.8), "jpeg_quality": rng.choice([None, 85])}
    if category == "skewed":
        return {"skew_deg": rng.choice([-1, 1]) * rng.uniform(1.5, 8.0),
                "jpeg_quality": rng.choice([None, 90])}
    if category == "rotated":
        return {"quarter_turn": rng.choice([1, 2, 3]), "skew_deg": rng.uniform(-1.5, 1.5)}
    if category == "photo":
        return {"photo": True, "shadow": rng.random() < 0.5, "blur": rng.uniform(0.4, 0.9),
                "jpeg_quality": rng.randint(70, 88), "noise": rng.uniform(2, 5)}
    if category == "blurred":
        return {"blur": rng.uniform(1.0, 1.8), "jpeg_quality": rng.choice([None, 85])}
    if category == "jpeg":
        return {"jpeg_quality": rng.randint(25, 45), "downscale": rng.choice([1.0, 0.8])}
    if category == "lowres":
        return {"downscale": rng.uniform(0.5, 0.7), "jpeg_quality": rng.choice([None, 80])}
    raise ValueError(category)


CATEGORIES = ("clean", "scan", "skewed", "rotated", "photo", "blurred", "jpeg", "lowres")


@dataclass
class Case:
    name: str
    category: str
    image: Image.Image
    truth: str


def make_case(category: str, index: int) -> Case:
    rng = random.Random(f"ocr-{category}-{index}")
    kind = KINDS[index % len(KINDS)]
    dpi = rng.choice([300, 300, 200]) if category == "clean" else 300
    page = synthetic.render_page(kind, seed=index * 31 + len(category), dpi=dpi)
    degraded = synthetic.degrade(page, seed=index, **_degradation(category, rng))
    return Case(f"{category}-{index:02d}-{kind}", category, degraded.image, degraded.text)


def cases(per_category: int, categories: tuple[str, ...] = CATEGORIES) -> list[Case]:
    return [make_case(c, i) for c in categories for i in range(per_category)]


def normalize(text: str) -> str:
    """NFC, whitespace runs collapsed: CER counts characters, not layout."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def cer(hypothesis: str, truth: str) -> float:
    from rapidfuzz.distance import Levenshtein

    h, t = normalize(hypothesis), normalize(truth)
    return Levenshtein.distance(h, t) / max(1, len(t))


def cer_totals(pairs: list[tuple[str, str]]) -> float:
    """Corpus CER: total edits over total truth characters."""
    from rapidfuzz.distance import Levenshtein

    edits = sum(Levenshtein.distance(normalize(h), normalize(t)) for h, t in pairs)
    return edits / max(1, sum(len(normalize(t)) for _, t in pairs))
