"""Shared helpers for the outbox tests: dossiers with known content, fast sender settings."""

from __future__ import annotations

import hashlib
import json
import os
import random
from pathlib import Path

from scanstation.outbox.queue import Outbox
from scanstation.outbox.sender import Sender, SenderSettings
from scanstation.outbox.transports import Transport
from scanstation.testing.portal import ReferencePortal

SCANSTATION = str(Path(__file__).resolve().parents[2] / ".venv" / "bin" / "scanstation")

# Small timings so faults resolve in milliseconds; the logic is the same as in production.
FAST_ENV = {
    "SCANSTATION_OUTBOX_TIMEOUT": "1.0",
    "SCANSTATION_OUTBOX_BACKOFF_BASE": "0.02",
    "SCANSTATION_OUTBOX_BACKOFF_MAX": "0.3",
    "SCANSTATION_OUTBOX_RETRY_AFTER_MAX": "0.5",
    "SCANSTATION_OUTBOX_BREAKER_COOLDOWN": "0.05",
    "SCANSTATION_OUTBOX_BREAKER_COOLDOWN_MAX": "0.3",
    "SCANSTATION_OUTBOX_IDLE_POLL": "0.05",
    "SCANSTATION_OUTBOX_ORPHAN_SCAN": "0.2",
    "SCANSTATION_OUTBOX_GIVE_UP_AFTER": "30",
}


def fast_settings(**overrides: float) -> SenderSettings:
    settings = SenderSettings(
        backoff_base=0.02, backoff_max=0.3, retry_after_max=0.5, breaker_cooldown=0.05,
        breaker_cooldown_max=0.3, idle_poll=0.05, orphan_scan=0.2, give_up_after=30.0,
    )
    for key, value in overrides.items():
        setattr(settings, key, value)
    return settings


def cli_env(home: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "SCANSTATION_HOME": str(home), **FAST_ENV, **extra}
    env.pop("SCANSTATION_PORTAL_URL", None)
    return env


def make_dossier(root: Path, name: str, *, files: int = 2, manifest: bool = False,
                 seed: int | None = None, code: str = "", procedure: str = "") -> Path:
    """A built dossier folder with random (unique) content: ``name/`` + optional manifest.json."""
    rng = random.Random(seed if seed is not None else name)
    folder = root / name
    folder.mkdir(parents=True)
    entries = []
    for i in range(files):
        fname = f"thanh-phan-{i + 1}.pdf"
        data = b"%PDF-1.7\n" + rng.randbytes(rng.randint(50, 400)) + b"\n%%EOF\n"
        (folder / fname).write_bytes(data)
        entries.append({"name": fname, "sha256": hashlib.sha256(data).hexdigest(),
                        "size": len(data)})
    if manifest:
        doc = {"dossier_code": code or f"000.00.53.H48-261123-{rng.randint(0, 9999):04d}",
               "procedure_code": procedure or "2.000815",
               "procedure_name": "Cấp bản sao trích lục hộ tịch", "documents": entries}
        (folder / "manifest.json").write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    return folder


def make_pdf(root: Path, name: str, seed: int = 0) -> Path:
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    path = root / name
    path.write_bytes(b"%PDF-1.7\n" + rng.randbytes(300) + b"\n%%EOF\n")
    return path


def drain(home: Path, transport: Transport, **settings: float) -> Sender:
    """Run an in-process sender until the outbox is empty; returns it (stats inside)."""
    with Outbox(home) as outbox:
        sender = Sender(outbox, transport, fast_settings(**settings))
        try:
            sender.run(until_empty=True)
        finally:
            sender.close()
    return sender


def assert_exactly_once(home: Path, portal: ReferencePortal, expected: int) -> None:
    """N enqueued = N stored once by the server (by content hash) = N receipts."""
    with Outbox(home) as outbox:
        items = outbox.items()
    assert len(items) == expected
    assert [i.state for i in items] == ["sent"] * expected
    receipts = {i.receipt_id for i in items}
    assert None not in receipts
    assert len(receipts) == expected
    assert portal.stored == expected
    assert portal.duplicates == 0
    assert len(portal.content_hashes()) == expected
    assert receipts == {r.receipt_id for r in portal.by_key.values()}
    assert {i.idempotency_key for i in items} == set(portal.by_key)
