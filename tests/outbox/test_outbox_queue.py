"""The queue itself: freezing, idempotency keys, leases, orphan recovery (real SQLite files)."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from outbox_helpers import make_dossier, make_pdf

from scanstation.outbox.errors import OutboxInputError, OutboxStoreError
from scanstation.outbox.queue import Outbox, RunnerLease


def test_add_freezes_the_dossier_so_later_edits_change_nothing(tmp_path: Path) -> None:
    src = make_dossier(tmp_path / "src", "hs-001", files=3)
    originals = {p.name: p.read_bytes() for p in src.iterdir()}
    with Outbox(tmp_path / "home") as outbox:
        item = outbox.add_path(src).item
        (src / "thanh-phan-1.pdf").write_bytes(b"%PDF-1.7 edited after enqueue")
        (src / "thanh-phan-2.pdf").unlink()
        parcel = outbox.parcel(item)
    assert item.state == "queued" and item.file_count == 3
    assert {f.name: f.path.read_bytes() for f in parcel.files} == originals
    for frozen in parcel.files:
        assert hashlib.sha256(frozen.path.read_bytes()).hexdigest() == frozen.sha256
    manifest = json.loads(parcel.manifest)  # synthesised: names, sha256, sizes
    assert {f["name"]: f["sha256"] for f in manifest["files"]} == {
        n: hashlib.sha256(d).hexdigest() for n, d in originals.items()
    }


def test_one_key_per_version_stable_across_stations(tmp_path: Path) -> None:
    src = make_dossier(tmp_path / "src", "hs-002", manifest=True)
    with Outbox(tmp_path / "a") as a, Outbox(tmp_path / "b") as b:
        first = a.add_path(src)
        again = a.add_path(src)
        elsewhere = b.add_path(src)
        assert first.created and not again.created
        assert again.item.id == first.item.id
        assert elsewhere.item.idempotency_key == first.item.idempotency_key
        (src / "thanh-phan-1.pdf").write_bytes(b"%PDF-1.7 a corrected page")
        new_version = a.add_path(src)
        assert new_version.created
        assert new_version.item.idempotency_key != first.item.idempotency_key
        assert len(a.items()) == 2


def test_builder_manifest_is_sent_byte_for_byte(tmp_path: Path) -> None:
    src = make_dossier(tmp_path / "src", "hs-003", manifest=True, code="000.00.53.H48-261123-0042",
                       procedure="1.001612")
    raw = (src / "manifest.json").read_bytes()
    with Outbox(tmp_path / "home") as outbox:
        item = outbox.add_path(src).item
        parcel = outbox.parcel(item)
    assert parcel.manifest == raw
    assert item.dossier_code == "000.00.53.H48-261123-0042"
    assert item.procedure_code == "1.001612"
    assert "manifest.json" not in {f.name for f in parcel.files}
    assert not item.manifest_synthesised


def test_pdf_is_one_item_with_one_file(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path, "Tờ khai.pdf")
    with Outbox(tmp_path / "home") as outbox:
        item = outbox.add_path(pdf).item
        parcel = outbox.parcel(item)
    assert item.kind == "pdf" and [f.name for f in parcel.files] == ["Tờ khai.pdf"]
    assert json.loads(parcel.manifest)["files"][0]["size"] == pdf.stat().st_size


@pytest.mark.parametrize("kind", ["missing", "empty", "not-pdf", "bad-manifest"])
def test_bad_input_is_refused_in_both_languages(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "x"
    if kind == "empty":
        target.mkdir()
    elif kind == "not-pdf":
        target = tmp_path / "notes.txt"
        target.write_text("plain text")
    elif kind == "bad-manifest":
        target = make_dossier(tmp_path, "hs-bad")
        (target / "manifest.json").write_text("{not json")
    with Outbox(tmp_path / "home") as outbox:
        with pytest.raises(OutboxInputError) as info:
            outbox.add_path(target)
        assert outbox.items() == []
    assert info.value.message_vi != info.value.message_en
    assert target.name in info.value.message_en


def test_concurrent_claims_never_share_an_item(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with Outbox(home) as outbox:
        for i in range(40):
            outbox.add_path(make_dossier(tmp_path / "src", f"hs-{i:03d}", files=1))
    claimed: list[str] = []
    lock = threading.Lock()

    def worker(n: int) -> None:
        with Outbox(home) as outbox:
            while (item := outbox.claim(f"runner-{n}")) is not None:
                with lock:
                    claimed.append(item.id)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(claimed) == 40 and len(set(claimed)) == 40


def test_a_dead_senders_items_go_back_flagged_for_reconciliation(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with Outbox(home) as outbox:
        item = outbox.add_path(make_dossier(tmp_path / "src", "hs-010")).item
        runners = outbox.runners_dir
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from scanstation.outbox.queue import Outbox, RunnerLease\n"
        "o = Outbox(Path(sys.argv[1])); lease = RunnerLease(o.runners_dir)\n"
        "o.claim(lease.id); print(lease.id, flush=True); time.sleep(60)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script, str(home)], stdout=subprocess.PIPE,
                            text=True)
    try:
        owner = proc.stdout.readline().strip()
        with Outbox(home) as outbox:
            assert outbox.get(item.id).state == "sending"
            assert RunnerLease.is_alive(runners, owner)
            assert outbox.recover_orphans() == 0  # alive: its lease is respected
            proc.kill()  # SIGKILL: no cleanup runs in the sender
            proc.wait()
            assert not RunnerLease.is_alive(runners, owner)
            assert outbox.recover_orphans() == 1
            back = outbox.get(item.id)
    finally:
        proc.kill()
    assert back.state == "queued" and back.needs_reconcile and back.lease_owner is None


def test_live_lease_in_this_process_is_seen_alive(tmp_path: Path) -> None:
    lease = RunnerLease(tmp_path / "runners")
    try:
        assert RunnerLease.is_alive(tmp_path / "runners", lease.id)
    finally:
        lease.close()
    assert not RunnerLease.is_alive(tmp_path / "runners", lease.id)


def test_a_damaged_frozen_copy_is_detected(tmp_path: Path) -> None:
    with Outbox(tmp_path / "home") as outbox:
        item = outbox.add_path(make_dossier(tmp_path / "src", "hs-020")).item
        blob = outbox.files(item.id)[0].path
        blob.chmod(0o644)
        blob.write_bytes(b"%PDF-1.7 bit rot")
        with pytest.raises(OutboxStoreError):
            outbox.parcel(item)


def test_retry_requeues_only_failed_or_held(tmp_path: Path) -> None:
    with Outbox(tmp_path / "home") as outbox:
        item = outbox.add_path(make_dossier(tmp_path / "src", "hs-030")).item
        assert not outbox.retry(item.id)  # queued: nothing to do
        claimed = outbox.claim("r1")
        assert outbox.mark_failed(claimed.id, "r1", "HTTP 422")
        assert not outbox.mark_sent(claimed.id, "r1", {"receipt_id": "x"})  # lease is gone
        assert outbox.get(item.id).reason == "HTTP 422"
        assert outbox.retry(item.id)
        again = outbox.get(item.id)
    assert again.state == "queued" and again.next_attempt_at <= time.time()


def test_purge_keeps_receipts_and_shared_blobs(tmp_path: Path) -> None:
    src = tmp_path / "src"
    first = make_dossier(src, "hs-a", files=2)
    second = tmp_path / "src2" / "hs-b"  # shares one file with the first dossier
    second.mkdir(parents=True)
    (second / "thanh-phan-1.pdf").write_bytes((first / "thanh-phan-1.pdf").read_bytes())
    with Outbox(tmp_path / "home") as outbox:
        a = outbox.add_path(first).item
        b = outbox.add_path(second).item
        claimed = outbox.claim("r")
        assert claimed.id == a.id
        outbox.mark_sent(a.id, "r", {"receipt_id": "R-1", "received_at_ts": time.time() - 100})
        shared = outbox.files(a.id)[0].path
        only_a = outbox.files(a.id)[1].path
        assert outbox.purge_sent(older_than_s=1000) == (0, 0)  # too recent
        items, blobs = outbox.purge_sent(older_than_s=10)
        assert items == 1 and blobs == 2  # its own file and its manifest
        assert shared.exists() and not only_a.exists()
        assert outbox.get(a.id).receipt_id == "R-1"
        outbox.parcel(outbox.get(b.id))  # the queued dossier is intact


def test_reads_code_and_procedure_from_the_dossier_builders_manifest(tmp_path: Path) -> None:
    """The shape scanstation.dossier writes: dossier_id + procedure {code, name}."""
    folder = make_dossier(tmp_path / "src", "000.00.53.H48-261123-0001")
    manifest = {
        "manifest_version": 1, "dossier_id": "000.00.53.H48-261123-0001",
        "agency_code": "000.00.53.H48",
        "procedure": {"code": "1.001193", "name": "Đăng ký khai sinh", "field": "Hộ tịch"},
        "applicant": {"name": "Nguyễn Văn An"}, "documents": [],
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    with Outbox(tmp_path / "home") as outbox:
        item = outbox.add_path(folder).item
    assert (item.dossier_code, item.procedure_code, item.procedure_name) == (
        "000.00.53.H48-261123-0001", "1.001193", "Đăng ký khai sinh")
