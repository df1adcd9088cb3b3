"""Encryption at rest: what it costs. CLI start-up (``scanstation dossier list --json`` on a
workspace with a few dossiers) plain, with a key file and with a passphrase (scrypt); and sealing /
opening a scan-sized file against a plain write / read, in one run.

    .venv/bin/python benchmarks/vault.py [--runs 5] [--mb 4]

Every figure is measured here, in this run (median of ``--runs``); the ratio column is against
the plain row of the same table.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scanstation import vault  # noqa: E402

PY = sys.executable
PERSON = json.dumps({"id_number": "079190123456", "full_name": "Trịnh Thị Mỹ Duyên"})


def _cli(home: Path, extra: dict[str, str], args: list[str], stdin: str | None = None) -> float:
    env = {**os.environ, "SCANSTATION_HOME": str(home), "SCANSTATION_AGENCY_CODE": "000.00.53.H48",
           **extra}
    start = time.perf_counter()
    proc = subprocess.run([PY, "-m", "scanstation", *args], env=env, input=stdin,
                          capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(proc.stderr)
    return elapsed


def startup(root: Path, runs: int) -> list[tuple[str, float]]:
    modes = {
        "plain": {},
        "key file": {"SCANSTATION_ENCRYPT": "1",
                     "SCANSTATION_KEY_FILE": str(root / "keys" / "ws.key")},
        "passphrase (scrypt)": {"SCANSTATION_ENCRYPT": "1", "SCANSTATION_KEY_SOURCE": "passphrase",
                                "SCANSTATION_PASSPHRASE": "mật khẩu của trạm"},
    }
    rows = []
    for name, extra in modes.items():
        home = root / name.split()[0]
        for _ in range(3):
            _cli(home, extra, ["dossier", "new", "-p", "2.000815", "--applicant-json", "-"],
                 PERSON)
        times = [_cli(home, extra, ["dossier", "list", "--json"]) for _ in range(runs)]
        rows.append((name, statistics.median(times)))
    return rows


def files(root: Path, runs: int, mb: int) -> list[tuple[str, float]]:
    data = os.urandom(mb << 20)
    plain_home, sealed_home = root / "plain-files", root / "sealed-files"
    os.environ[vault.KEY_FILE_ENV] = str(root / "keys" / "files.key")
    vault.vault_for(sealed_home, enable=True)
    rows = []
    for name, home in (("write+read plain", plain_home), ("write+read sealed", sealed_home)):
        times = []
        for i in range(runs):
            start = time.perf_counter()
            path = home / f"f{i}.bin"
            vault.write_personal(path, data)
            assert vault.read_personal(path) == data
            times.append(time.perf_counter() - start)
        rows.append((f"{name} ({mb} MB)", statistics.median(times)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--mb", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for title, rows in (("CLI start-up: dossier list --json", startup(root, args.runs)),
                            ("one personal file", files(root, args.runs, args.mb))):
            reference = rows[0][1]
            print(f"\n{title}\n{'':2}{'mode':34}{'median s':>10}{'ratio':>8}")
            for name, seconds in rows:
                print(f"{'':2}{name:34}{seconds:10.3f}{seconds / reference:8.2f}")


if __name__ == "__main__":
    main()
