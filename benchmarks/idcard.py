"""Citizen-ID QR reading: ScanStation's pipeline vs the readers public code uses, same images.

    .venv/bin/python benchmarks/idcard.py [--cards 120] [--seed 7]

Generates invented cards (both real QR layouts, modules 1.8–3 px, scans and phone photos, some on
an A4 form) plus lookalike QRs, then runs in one process:

* ``scanstation``: ``scanstation.idcard.reader.read_card`` (zxing-cpp + strict UTF-8 +
  fallbacks + payload checks);
* ``pyzbar (public)``: ``pyzbar.decode`` with its default text conversion, then the split-by-``|``
  parse public scripts use (no checks) — zbar guesses Shift-JIS/Big5 for the 2021 layout;
* ``pyzbar + checks``: the same decode through ScanStation's payload checks;
* ``zxing-cpp (plain)``: ``zxingcpp.read_barcodes`` on the image as given, default text,
  naive parse.

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=120)
    parser.add_argument("--phones", type=int, default=30, help="phone photos on a desk")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--cli", type=int, default=0, metavar="N",
                        help="instead: run the CLI once per image on N cards + 5 lookalikes")
    args = parser.parse_args()
    if args.cli:
        cli_run(args.seed, args.cli, 5)
        return

    samples = (
        synthetic.card_set(args.seed, args.cards)
        + synthetic.phone_set(args.seed, args.phones)
        + synthetic.lookalike_set(args.seed)
    )
    images = [np.asarray(s.image.convert("L")) for s in samples]
    import zxingcpp  # noqa: F401  (warm imports outside the timed region)
    from pyzbar import pyzbar  # noqa: F401

    positives = sum(1 for s in samples if s.person is not None)
    negatives = len(samples) - positives
    print(f"{positives} cards (seed {args.seed}: {args.cards} scans/photos with modules 1.8–3 px, "
          f"{args.phones} phone photos on a desk), {negatives} lookalikes\n")  # fmt: skip
    header = (f"{'reader':<20}{'exact':>12}{'silent err':>12}{'refused':>10}"
              f"{'ms median':>11}{'p90':>9}")  # fmt: skip
    print(header)
    print("-" * len(header))
    for name, reader in READERS.items():
        exact = silent = refused = 0
        times = []
        for sample, gray in zip(samples, images, strict=True):
            start = time.perf_counter()
            fields, warned = reader(gray)
            times.append((time.perf_counter() - start) * 1000.0)
            if sample.person is None:
                if fields is None:
                    refused += 1
                elif not warned:
                    silent += 1
                continue
            if fields is None:
                continue
            truth = sample.person.expected()
            same = all(fields.get(k) == v for k, v in truth.items())
            exact += same
            silent += not same and not warned
        times.sort()
        p90 = times[min(len(times) - 1, int(0.9 * len(times)))]
        print(f"{name:<20}{f'{exact}/{positives}':>12}{silent:>12}{f'{refused}/{negatives}':>10}"
              f"{statistics.median(times):>11.1f}{p90:>9.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
