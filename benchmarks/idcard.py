"""Citizen-ID QR reading: ScanStation's pipeline vs zxing-cpp alone (and public readers), same images.

    .venv/bin/python benchmarks/idcard.py [--per-kind 12] [--classic] [--cli N]

Default run: the hard capture kinds of ``scanstation/testing/card_hard.py`` (glare, motion and
defocus blur, phone photo with perspective + blur + glare, low light, heavy JPEG, small QR, moiré)
in two splits — ``tune`` (what the reader was developed on) and ``heldout`` (other seeds, harder
parameter ranges, never tuned on) — plus lookalike QRs. Per kind, beside each other:

* ``scanstation``: ``scanstation.idcard.reader.read_card`` (zxing-cpp + strict UTF-8 + the
  cascade of located/rectified/cleaned views + payload checks);
* ``zxing-cpp``: the reference — ``zxingcpp.read_barcodes`` on the image as given (its defaults:
  try_harder, rotate, downscale, invert), default text, naive parse.

``--classic`` adds the older table (modules 1.8–3 px scans/photos and phone photos on a desk)
with pyzbar as public scripts use it. ``--cli N`` instead runs the CLI once per image.

Exact = all applicant fields equal the truth; silent error = an applicant with no warning that
differs from the truth (or any applicant from a lookalike); ms = decode + parse per image.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scanstation.idcard.payload import CARD_2021, CARD_2024, parse_payload
from scanstation.idcard.reader import read_card
from scanstation.testing import cards as synthetic

Outcome = tuple[dict[str, str] | None, bool]  # (applicant fields or None, has warnings)


def naive_parse(text: str) -> Outcome:
    """What public scripts do: split on '|' and take fields by index, no checks."""
    fields = text.rstrip("\r\n").split("|")
    if len(fields) < 7:
        return None, False

    def iso(d: str) -> str:
        return f"{d[4:]}-{d[2:4]}-{d[:2]}"

    return {
        "id_number": fields[0], "old_id_number": fields[1], "full_name": fields[2],
        "date_of_birth": iso(fields[3]), "sex": fields[4], "address": fields[5],
        "issue_date": iso(fields[6]), "card_type": CARD_2021 if len(fields) == 7 else CARD_2024,
    }, False  # fmt: skip


def checked_parse(text: str) -> Outcome:
    result = parse_payload(text)
    if result.applicant is None:
        return None, False
    return result.applicant.to_json(), bool(result.warnings)


def run_scanstation(gray: np.ndarray) -> Outcome:
    result = read_card(gray).result
    if result.applicant is None:
        return None, False
    return result.applicant.to_json(), bool(result.warnings)


def _pyzbar_texts(gray: np.ndarray) -> list[str]:
    from pyzbar import pyzbar

    texts = []
    for symbol in pyzbar.decode(gray, symbols=[pyzbar.ZBarSymbol.QRCODE]):
        try:
            texts.append(symbol.data.decode("utf-8"))
        except UnicodeDecodeError:
            continue
    return texts


def run_pyzbar(gray: np.ndarray) -> Outcome:
    texts = _pyzbar_texts(gray)
    return naive_parse(texts[0]) if texts else (None, False)


def run_pyzbar_checked(gray: np.ndarray) -> Outcome:
    texts = _pyzbar_texts(gray)
    return checked_parse(texts[0]) if texts else (None, False)


def run_zxing_plain(gray: np.ndarray) -> Outcome:
    import zxingcpp

    results = zxingcpp.read_barcodes(gray, formats=zxingcpp.BarcodeFormat.QRCode)
    return naive_parse(results[0].text) if results else (None, False)


READERS: dict[str, Callable[[np.ndarray], Outcome]] = {
    "scanstation": run_scanstation,
    "pyzbar (public)": run_pyzbar,
    "pyzbar + checks": run_pyzbar_checked,
    "zxing-cpp (plain)": run_zxing_plain,
}


def cli_run(seed: int, cards: int, negatives: int) -> None:
    """The hidden checks' way: ``scanstation idcard IMAGE --json`` once per image (JPEG files)."""
    import json
    import subprocess
    import tempfile

    samples = synthetic.card_set(seed, cards) + synthetic.lookalike_set(seed)[:negatives]
    exact = silent = refused = 0
    elapsed, walls = [], []
    exe = Path(sys.executable).with_name("scanstation")
    with tempfile.TemporaryDirectory() as tmp:
        for sample in samples:
            path = Path(tmp) / f"{sample.name}.jpg"
            sample.image.convert("RGB").save(path, quality=90)
            start = time.perf_counter()
            out = subprocess.run([str(exe), "idcard", str(path), "--json"], capture_output=True,
                                 text=True, encoding="utf-8", check=False).stdout  # fmt: skip
            walls.append((time.perf_counter() - start) * 1000.0)
            record = json.loads(out)
            elapsed.append(record["elapsed_ms"])
            applicant = record["applicant"]
            if sample.person is None:
                refused += applicant is None and bool(record["reason"])
                silent += applicant is not None and not record["warnings"]
                continue
            truth = sample.person.expected()
            same = applicant is not None and all(applicant[k] == v for k, v in truth.items())
            exact += same
            silent += applicant is not None and not same and not record["warnings"]
    print(f"CLI, one process per image: {cards} cards (seed {seed}) + {negatives} lookalikes")
    print(f"  exact {exact}/{cards}, silent errors {silent}, refused {refused}/{negatives}, "
          f"elapsed_ms median {statistics.median(elapsed):.1f} (max {max(elapsed):.0f}), "
          f"wall per process median {statistics.median(walls):.0f} ms")  # fmt: skip


def _score(reader: Callable[[np.ndarray], Outcome], samples: list[synthetic.CardSample],
           images: list[np.ndarray]) -> tuple[int, int, int, list[float]]:
    """(exact, silent errors, refused lookalikes, ms per image) of one reader on samples."""
    exact = silent = refused = 0
    times = []
    for sample, gray in zip(samples, images, strict=True):
        start = time.perf_counter()
        fields, warned = reader(gray)
        times.append((time.perf_counter() - start) * 1000.0)
        if sample.person is None:
            refused += fields is None
            silent += fields is not None and not warned
            continue
        if fields is None:
            continue
        truth = sample.person.expected()
        same = all(fields.get(k) == v for k, v in truth.items())
        exact += same
        silent += not same and not warned
    return exact, silent, refused, times


def _p(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def hard_run(per_kind: int, seed_offset: int) -> None:
    """Per-kind table, tune then held-out split: scanstation beside zxing-cpp alone."""
    from scanstation.testing import card_hard

    references = {"scanstation": run_scanstation, "zxing-cpp": run_zxing_plain}
    print(f"Hard capture kinds, {per_kind} cards per kind and split (both layouts alternating); "
          "ms = per image, this machine, one process\n")  # fmt: skip
    header = (f"{'split':<8}{'kind':<13}{'scanstation':>12}{'silent':>7}{'ms med':>8}{'ms max':>8}"
              f"{'zxing-cpp':>11}{'ms med':>8}{'ratio':>7}")  # fmt: skip
    print(header)
    print("-" * len(header))
    for split in ("tune", "heldout"):
        seed = card_hard.SEEDS[split] + seed_offset
        totals: dict[str, list[Any]] = {name: [0, 0, 0, []] for name in references}
        for kind in card_hard.KINDS:
            samples = [card_hard.hard_sample(kind, split, i, seed) for i in range(per_kind)]
            images = [np.asarray(s.image.convert("L")) for s in samples]
            row = {}
            for name, reader in references.items():
                exact, silent, _, times = _score(reader, samples, images)
                row[name] = (exact, silent, times)
                totals[name][0] += exact
                totals[name][1] += silent
                totals[name][3] += times
            _print_row(split, kind, len(samples), row)
        count = per_kind * len(card_hard.KINDS)
        _print_row(split, "ALL", count, {n: (t[0], t[1], t[3]) for n, t in totals.items()})
        print()
    looks = synthetic.lookalike_set(7 + seed_offset)
    images = [np.asarray(s.image.convert("L")) for s in looks]
    _, silent, refused, times = _score(run_scanstation, looks, images)
    print(f"lookalikes: scanstation refused {refused}/{len(looks)}, silent errors {silent}, "
          f"ms median {statistics.median(times):.1f}")  # fmt: skip


def _print_row(split: str, kind: str, count: int,
               row: dict[str, tuple[int, int, list[float]]]) -> None:
    ours, ref = row["scanstation"], row["zxing-cpp"]
    ratio = statistics.median(ours[2]) / max(1e-6, statistics.median(ref[2]))
    print(f"{split:<8}{kind:<13}{f'{ours[0]}/{count}':>12}{ours[1]:>7}"
          f"{statistics.median(ours[2]):>8.0f}{max(ours[2]):>8.0f}"
          f"{f'{ref[0]}/{count}':>11}{statistics.median(ref[2]):>8.0f}{ratio:>6.1f}x")  # fmt: skip


def classic_run(seed: int, cards: int, phones: int) -> None:
    samples = (
        synthetic.card_set(seed, cards)
        + synthetic.phone_set(seed, phones)
        + synthetic.lookalike_set(seed)
    )
    images = [np.asarray(s.image.convert("L")) for s in samples]
    positives = sum(1 for s in samples if s.person is not None)
    negatives = len(samples) - positives
    print(f"\n{positives} cards (seed {seed}: {cards} scans/photos with modules 1.8–3 px, "
          f"{phones} phone photos on a desk), {negatives} lookalikes\n")  # fmt: skip
    header = (f"{'reader':<20}{'exact':>12}{'silent err':>12}{'refused':>10}"
              f"{'ms median':>11}{'p90':>9}")  # fmt: skip
    print(header)
    print("-" * len(header))
    for name, reader in READERS.items():
        exact, silent, refused, times = _score(reader, samples, images)
        print(f"{name:<20}{f'{exact}/{positives}':>12}{silent:>12}{f'{refused}/{negatives}':>10}"
              f"{statistics.median(times):>11.1f}{_p(times, 0.9):>9.1f}")  # fmt: skip


def burst_run(count: int, seed_offset: int) -> None:
    """Dim-light bursts (``card_hard.dim_burst``: five frames of one resting card, each with its
    own sensor noise): every frame read alone through the whole cascade, then the burst read
    together (``idcard.burst.read_burst``), at two noise levels."""
    from scanstation.idcard.burst import read_burst
    from scanstation.idcard.reader import read_card
    from scanstation.testing import card_hard

    print(f"\nDim-light bursts, {count} cards x 5 frames (exposure 5 %, seed {7 + seed_offset})")
    header = f"{'noise':<8}{'frames alone':>14}{'bursts':>9}{'silent':>8}{'burst ms med':>14}"
    print(header)
    print("-" * len(header))
    for noise in (3.0, 4.5):
        alone = read = silent = 0
        times = []
        for index in range(count):
            sample, frames = card_hard.dim_burst(index, 5, seed=7 + seed_offset,
                                                 exposure=0.05, noise=noise)  # fmt: skip
            truth = sample.person.id_number
            for frame in frames:
                applicant = read_card(frame).result.applicant
                alone += applicant is not None and applicant.id_number == truth
                silent += applicant is not None and applicant.id_number != truth
            card = read_burst(frames)
            times.append(card.elapsed_ms)
            applicant = card.result.applicant
            read += applicant is not None and applicant.id_number == truth
            silent += applicant is not None and applicant.id_number != truth
        print(f"{noise:<8}{f'{alone}/{5 * count}':>14}{f'{read}/{count}':>9}{silent:>8}"
              f"{statistics.median(times):>14.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-kind", type=int, default=12, help="hard cards per kind and split")
    parser.add_argument("--seed-offset", type=int, default=0,
                        help="shift the hard sets' seeds (0 = the sets reported)")
    parser.add_argument("--classic", action="store_true",
                        help="also the older mixed set with pyzbar (slow)")
    parser.add_argument("--cards", type=int, default=120)
    parser.add_argument("--phones", type=int, default=30, help="phone photos on a desk")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--bursts", type=int, default=10, metavar="N",
                        help="dim-light bursts of N cards (0: skip)")
    parser.add_argument("--cli", type=int, default=0, metavar="N",
                        help="instead: run the CLI once per image on N cards + 5 lookalikes")
    args = parser.parse_args()
    if args.cli:
        cli_run(args.seed, args.cli, 5)
        return
    import zxingcpp  # noqa: F401  (warm imports outside the timed region)

    from scanstation.idcard.qr import warm_up

    warm_up()
    if args.per_kind > 0:
        hard_run(args.per_kind, args.seed_offset)
    if args.bursts > 0:
        burst_run(args.bursts, args.seed_offset)
    if args.classic:
        classic_run(args.seed, args.cards, args.phones)


if __name__ == "__main__":
    main()
