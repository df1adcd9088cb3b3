"""Fuzzing, the long run: ≥ 1,000,000 citizen-ID payloads and ≥ 10,000 input-file mutations.

    .venv/bin/python benchmarks/fuzz.py [--payloads 1000000] [--files 10000] [--seed 0]

Payloads are mutations of invented cards (``scanstation.testing.fuzzing``: nasty strings from
issue 17 spliced in, characters dropped or replaced, fields swapped, added or removed, digits
changed, NFD); each goes through ``parse_payload`` and, when the parser answers "ok, no warning",
through an independent oracle of what a genuine card produces. Files are byte-level mutations
(flips, cuts, duplications, splices, magic numbers) of a generated PNG/JPEG/TIFF/PDF seed corpus,
each probed and decoded through the input guard. Printed per row: inputs, crashes (any exception
that is not a bilingual ScanStationError), silent accepts (payloads accepted without a warning
that the oracle calls invalid), and the split refused / warned / accepted. Target: 0 and 0.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scanstation.testing.fuzzing import FuzzStats, fuzz_files, fuzz_parser


def row(name: str, stats: FuzzStats, seconds: float) -> str:
    rate = stats.inputs / seconds if seconds else 0.0
    return (f"{name:<22} {stats.inputs:>10,} {stats.crashes:>8} {stats.silent_accepts:>8} "
            f"{stats.refused:>10,} {stats.warned:>10,} {stats.accepted:>10,} {rate:>10,.0f}/s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--payloads", type=int, default=1_000_000)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    print(f"{'input':<22} {'inputs':>10} {'crashes':>8} {'silent':>8} {'refused':>10} "
          f"{'warned':>10} {'accepted':>10} {'speed':>12}")
    results = []
    start = time.perf_counter()
    payloads = fuzz_parser(args.payloads, seed=args.seed)
    results.append(("citizen-ID payloads", payloads, time.perf_counter() - start))
    print(row(*results[-1]), flush=True)
    start = time.perf_counter()
    files = fuzz_files(args.files, seed=args.seed)
    results.append(("file mutations", files, time.perf_counter() - start))
    print(row(*results[-1]), flush=True)
    for name, stats, _ in results:
        for example in stats.examples:
            print(f"  {name}: {example}")
    bad = sum(s.crashes + s.silent_accepts for _, s, _ in results)
    print("OK: 0 crashes, 0 silent accepts" if not bad else f"FAILED: {bad} problem inputs")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
