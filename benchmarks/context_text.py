"""How often ``ocr.context`` changes a right word: its rules run over natural Vietnamese text.

    .venv/bin/python benchmarks/context_text.py [--wheel underthesea-9.5.0-py3-none-any.whl]

The text is the VLSP 2013 part-of-speech test set that underthesea 9.5.0 (Apache-2.0) ships
beside its tagger (``pos_crf_vlsp2013_20230303/test_output.txt``: 2,120 sentences, 88,848
syllables of legal and news prose). It is read here only, never shipped, and the product never
learns from it. Without ``--wheel`` the wheel is fetched with ``pip download`` (a package
registry only). The sentences are split in two halves: the rules were set on the first and the
second is held out; both are reported. Every change is a false one, unless the text had a typo.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scanstation.ocr.context import repair

MEMBER = "underthesea/pipeline/pos_tag/models/pos_crf_vlsp2013_20230303/test_output.txt"


def sentences(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as z:
        rows = z.read(MEMBER).decode("utf-8").splitlines()
    out: list[str] = []
    tokens: list[str] = []
    for row in [*rows, ""]:
        if row.strip():
            tokens.append(row.split("\t")[0])
            continue
        if tokens:
            text = re.sub(r" ([,.;:!?)])", r"\1", " ".join(tokens)).replace("( ", "(")
            out.append(unicodedata.normalize("NFC", text))
            tokens = []
    return out


def vlsp_sentences(wheel: Path | None) -> list[str]:
    """The sentences, from ``wheel`` or from underthesea 9.5.0 fetched with ``pip download``."""
    if wheel is None:
        folder = Path(tempfile.mkdtemp(prefix="uts_"))
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q",
                        "underthesea==9.5.0", "-d", str(folder)], check=True)
        wheel = next(folder.glob("underthesea-*.whl"))
    return sentences(wheel)


def measure(lines: list[str]) -> tuple[int, int, Counter[tuple[str, str]]]:
    changed, words, pairs = 0, 0, Counter[tuple[str, str]]()
    for line in lines:
        texts = line.split()
        words += len(texts)
        for a, b in zip(texts, repair(texts), strict=True):
            if a != b:
                changed += 1
                pairs[(a, b)] += 1
    return changed, words, pairs


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--wheel", type=Path)
    a = ap.parse_args()
    lines = vlsp_sentences(a.wheel)
    half = len(lines) // 2
    print(f"{'text':28s} {'words':>7s} {'changed':>8s} {'rate':>8s}  changes")
    for name, part in (("first half (rules set)", lines[:half]),
                       ("second half (held out)", lines[half:])):
        changed, words, pairs = measure(part)
        top = ", ".join(f"{x}→{y}" + (f" ×{n}" if n > 1 else "") for (x, y), n in
                        pairs.most_common())
        print(f"{name:28s} {words:7d} {changed:8d} {100 * changed / words:7.3f}%  {top}")


if __name__ == "__main__":
    main()
