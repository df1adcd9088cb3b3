"""Archive metadata reader: how often the export's document fields (number/symbol, date, author,
type, summary) match the truth, on generated documents scanned the way old files scan (aged
pages: skew, blur, noise, JPEG, yellow paper), read by the real cleaner and Tesseract.

    .venv/bin/python benchmarks/archive_metadata.py [--dev 0:24] [--held-out 9000:9024]

Two sets, side by side: the seeds the rules were written against (dev) and seeds never looked at
(held out). Exact match per field; the summary also by mean similarity (difflib ratio), since a
dropped tone mark there is Tesseract's error, not the reader's.
"""

from __future__ import annotations

import argparse
import difflib
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

FIELDS = ("number_symbol", "date", "author", "type", "summary")


def measure(seeds: range) -> dict[str, float]:
    from scanstation.batch.metadata import document_metadata
    from scanstation.batch.ocr import read_page
    from scanstation.testing.archive_docs import aged, render_archive_document

    hits = dict.fromkeys(FIELDS, 0)
    similarity = 0.0
    start = time.perf_counter()
    for seed in seeds:
        doc = render_archive_document(seed, pages=1)
        result = read_page(aged(doc, seed)[0], f"{seed}.png")
        meta = document_metadata([result.ocr.lines], [result.ocr.width])
        for key in FIELDS:
            hits[key] += meta[key] == doc.truth[key]
            if meta[key] != doc.truth[key]:  # what missed, to tell reader errors from OCR errors
                print(f"  seed {seed} {key}: read {meta[key]!r}, truth {doc.truth[key]!r}",
                      file=sys.stderr)
        similarity += difflib.SequenceMatcher(None, meta["summary"], doc.summary).ratio()
    n = len(seeds)
    return {**{k: hits[k] / n for k in FIELDS}, "summary_similarity": similarity / n,
            "documents": n, "seconds": time.perf_counter() - start}


def _range(text: str) -> range:
    a, _, b = text.partition(":")
    return range(int(a), int(b))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", default="0:24")
    parser.add_argument("--held-out", default="9000:9024")
    args = parser.parse_args()
    rows = {"dev": measure(_range(args.dev)), "held out": measure(_range(args.held_out))}
    print(f"| set | docs | {' | '.join(FIELDS)} | summary similarity |")
    print("|---|---|" + "---|" * (len(FIELDS) + 1))
    for name, row in rows.items():
        cells = " | ".join(f"{row[k]:.0%}" for k in FIELDS)
        print(f"| {name} | {row['documents']} | {cells} | {row['summary_similarity']:.3f} |")


if __name__ == "__main__":
    main()
