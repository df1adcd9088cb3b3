"""Outbox chaos benchmark: 1,000 small dossiers, 30 % faults, 20 random kill -9 of the sender.

    .venv/bin/python benchmarks/outbox_chaos.py [--dossiers 1000] [--fault-rate 0.3] [--kills 20]

Everything goes through the real CLI (``scanstation outbox add`` / ``outbox run --until-empty``)
against the reference portal on 127.0.0.1 (``scanstation.testing.portal``), which injects
500/503/429 with Retry-After, answers that come too late (before and after storing), TCP resets
(before and after storing) and slow answers, and counts what it stored by idempotency key and by
content hash. Rows printed side by side, in one run:

* ``outbox, no faults``     — the reference drain time on a healthy portal;
* ``outbox, chaos``         — 30 % faults + N random kill -9 of the sender, restarted each time;
* ``naive retry loop``      — what a plain "POST, retry 3 times" uploader does with the same faults
                              (no idempotency key kept, no reconciliation): the losses and
                              duplicates the outbox exists to prevent.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scanstation.testing.portal import FaultPlan, ReferencePortal  # noqa: E402

SCANSTATION = str(ROOT / ".venv" / "bin" / "scanstation")
TEMPS: list[Path] = []  # removed at the end
CHAOS_ENV = {
    "SCANSTATION_OUTBOX_TIMEOUT": "0.5",
    "SCANSTATION_OUTBOX_BACKOFF_BASE": "0.05",
    "SCANSTATION_OUTBOX_BACKOFF_MAX": "1.0",
    "SCANSTATION_OUTBOX_RETRY_AFTER_MAX": "1.0",
    "SCANSTATION_OUTBOX_BREAKER_COOLDOWN": "0.1",
    "SCANSTATION_OUTBOX_BREAKER_COOLDOWN_MAX": "1.0",
    "SCANSTATION_OUTBOX_IDLE_POLL": "0.05",
    "SCANSTATION_OUTBOX_ORPHAN_SCAN": "0.5",
}


def make_dossiers(root: Path, n: int, seed: int) -> list[Path]:
    rng = random.Random(seed)
    paths = []
    for i in range(n):
        if i % 5 == 4:  # every fifth is a single PDF
            path = root / f"don-{i:04d}.pdf"
            path.write_bytes(b"%PDF-1.7\n" + rng.randbytes(rng.randint(200, 2000)) + b"\n%%EOF\n")
        else:
            path = root / f"hs-{i:04d}"
            path.mkdir()
            for j in range(rng.randint(1, 3)):
                (path / f"thanh-phan-{j}.pdf").write_bytes(
                    b"%PDF-1.7\n" + rng.randbytes(rng.randint(200, 2000)) + b"\n%%EOF\n")
            if i % 2 == 0:
                manifest = {"dossier_code": f"000.00.53.H48-261123-{i:04d}",
                            "procedure_code": "2.000815"}
                (path / "manifest.json").write_text(json.dumps(manifest), "utf-8")
        paths.append(path)
    return paths


def env_for(home: Path) -> dict[str, str]:
    return {**os.environ, "SCANSTATION_HOME": str(home), **CHAOS_ENV}


def add_all(home: Path, paths: list[Path]) -> tuple[list[str], float]:
    started = time.perf_counter()
    ids: list[str] = []
    for k in range(0, len(paths), 250):  # a few calls, like an officer's batches
        done = subprocess.run([SCANSTATION, "outbox", "add", *map(str, paths[k:k + 250])],
                              env=env_for(home), capture_output=True, text=True, check=True)
        ids += done.stdout.split()
    return ids, time.perf_counter() - started


def status(home: Path) -> list[dict]:
    done = subprocess.run([SCANSTATION, "outbox", "status", "--json"], env=env_for(home),
                          capture_output=True, text=True, check=True)
    return [json.loads(line) for line in done.stdout.splitlines()]


def judge(ids: list[str], rows: list[dict], portal: ReferencePortal) -> dict[str, int]:
    """Lost: enqueued but not stored by the portal, or stored with no receipt on the station.
    Duplicated: stored more than once (same content under several keys)."""
    by_id = {r["id"]: r for r in rows}
    stored_keys = set(portal.by_key)
    lost = 0
    for item_id in ids:
        row = by_id.get(item_id)
        if (row is None or row["idempotency_key"] not in stored_keys or row["state"] != "sent"
                or row["receipt_id"] != portal.by_key[row["idempotency_key"]].receipt_id):
            lost += 1
    return {"lost": lost, "duplicated": portal.duplicates,
            "stored": portal.stored}


def run_outbox(paths: list[Path], fault_rate: float, kills: int, seed: int) -> dict:
    home = Path(tempfile.mkdtemp(prefix="outbox-chaos-"))
    TEMPS.append(home)
    ids, add_s = add_all(home, paths)
    rng = random.Random(seed)
    plan = FaultPlan(rate=fault_rate, seed=seed, hang=0.8, slow=0.1, retry_after=0.2,
                     lookup_rate=fault_rate / 3)
    killed = 0
    with ReferencePortal(faults=plan, keep_files=False) as portal:
        started = time.perf_counter()
        while killed < kills:
            proc = subprocess.Popen(
                [SCANSTATION, "outbox", "run", "--portal-url", portal.url, "--until-empty"],
                env=env_for(home), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.4, 2.5))
            if proc.poll() is not None:  # drained before we could kill it
                break
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            killed += 1
        final = subprocess.run(
            [SCANSTATION, "outbox", "run", "--portal-url", portal.url, "--until-empty", "--json"],
            env=env_for(home), capture_output=True, text=True)
        drain_s = time.perf_counter() - started
        rows = status(home)
        verdict = judge(ids, rows, portal)
        faults = sum(v for k, v in portal.counters.items() if k.startswith("fault:"))
        return {
            "enqueued": len(ids), "add_s": add_s, "kills": killed, "faults": faults,
            "posts": portal.counters.get("posts", 0),
            "lookups": portal.counters.get("lookups", 0),
            "drain_s": drain_s, "exit": final.returncode, **verdict,
        }


def run_naive(paths: list[Path], fault_rate: float, seed: int) -> dict:
    """A plain uploader: POST each dossier, retry up to 3 times on any error, a fresh request
    id per attempt (it keeps no state), give up after that."""
    import httpx

    from scanstation.outbox.queue import Outbox

    home = Path(tempfile.mkdtemp(prefix="outbox-naive-"))
    TEMPS.append(home)
    with Outbox(home) as outbox:  # reuse the freezing only to get the same bytes to send
        parcels = [outbox.parcel(outbox.add_path(p).item) for p in paths]
    plan = FaultPlan(rate=fault_rate, seed=seed, hang=0.8, slow=0.1, retry_after=0.2)
    with ReferencePortal(faults=plan, keep_files=False) as portal, \
            httpx.Client(timeout=0.5) as client:
        started = time.perf_counter()
        delivered = 0
        for parcel in parcels:
            for _ in range(4):
                files = [("manifest", (None, parcel.manifest, "application/json"))]
                files += [("files", (f.name, f.path.read_bytes(), f.media_type))
                          for f in parcel.files]
                try:
                    response = client.post(f"{portal.url}/dossiers", files=files,
                                           headers={"Idempotency-Key": uuid.uuid4().hex})
                except httpx.HTTPError:
                    continue
                if response.status_code in (200, 201):
                    delivered += 1
                    break
        drain_s = time.perf_counter() - started
        stored_content = portal.content_hashes()
        lost = len(parcels) - len(stored_content)
        faults = sum(v for k, v in portal.counters.items() if k.startswith("fault:"))
        return {"enqueued": len(parcels), "add_s": 0.0, "kills": 0, "faults": faults,
                "posts": portal.counters.get("posts", 0), "lookups": 0, "drain_s": drain_s,
                "exit": 0, "lost": lost, "duplicated": portal.duplicates,
                "stored": portal.stored}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=1000)
    parser.add_argument("--fault-rate", type=float, default=0.3)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--skip-naive", action="store_true")
    args = parser.parse_args()

    src = Path(tempfile.mkdtemp(prefix="outbox-src-"))
    TEMPS.append(src)
    try:
        report(args, make_dossiers(src, args.dossiers, args.seed))
    finally:
        for temp in TEMPS:
            shutil.rmtree(temp, ignore_errors=True)


def report(args: argparse.Namespace, paths: list[Path]) -> None:
    rows = [("outbox, no faults", run_outbox(paths, 0.0, 0, args.seed)),
            (f"outbox, chaos {args.fault_rate:.0%} + kill -9",
             run_outbox(paths, args.fault_rate, args.kills, args.seed))]
    if not args.skip_naive:
        rows.append((f"naive retry loop, {args.fault_rate:.0%}",
                     run_naive(paths, args.fault_rate, args.seed)))
    reference = rows[0][1]["drain_s"]
    header = (f"{'run':34} {'enq':>5} {'kills':>5} {'faults':>6} {'posts':>6} {'lookups':>7} "
              f"{'stored':>6} {'lost':>5} {'dup':>5} {'drain s':>8} {'×ref':>6} {'exit':>4}")
    print(header)
    print("-" * len(header))
    for name, r in rows:
        print(f"{name:34} {r['enqueued']:>5} {r['kills']:>5} {r['faults']:>6} {r['posts']:>6} "
              f"{r['lookups']:>7} {r['stored']:>6} {r['lost']:>5} {r['duplicated']:>5} "
              f"{r['drain_s']:>8.1f} {r['drain_s'] / reference:>6.2f} {r['exit']:>4}")
    print(f"\nenqueue time (outbox add, {args.dossiers} paths): {rows[0][1]['add_s']:.1f} s")
    ok = all(r["lost"] == 0 and r["duplicated"] == 0
             for name, r in rows if name.startswith("outbox"))
    print("verdict:", "0 lost, 0 duplicates" if ok else "FAILED: losses or duplicates")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
