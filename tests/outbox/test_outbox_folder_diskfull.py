"""Folder transport (atomic, receipt = path + sha256) and full disks on real small tmpfs mounts."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from outbox_helpers import SCANSTATION, cli_env, drain, make_dossier

from scanstation.errors import DiskFullError
from scanstation.outbox.queue import Outbox
from scanstation.outbox.transports.folder import RECEIPT_NAME, FolderTransport


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MiB tmpfs: a real full disk (needs root and permission to mount, else skipped)."""
    mount = tmp_path / f"tmpfs-{uuid.uuid4().hex[:6]}"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("a full-disk test needs root to mount a small tmpfs; not root here")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip()})")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _visible(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if not p.name.startswith("."))


def test_folder_delivery_is_atomic_and_idempotent(tmp_path: Path) -> None:
    home, target = tmp_path / "home", tmp_path / "share"
    target.mkdir()
    with Outbox(home) as outbox:
        for i in range(4):
            outbox.add_path(make_dossier(tmp_path / "src", f"hs-{i}", manifest=i == 0,
                                         code="000.00.53.H48-261123-0007"))
    drain(home, FolderTransport(target))
    with Outbox(home) as outbox:
        items = outbox.items()
        assert {i.state for i in items} == {"sent"}
        for item in items:
            package = Path(item.receipt_id)
            assert package.parent == target and package.is_dir()
            record = json.loads((package / RECEIPT_NAME).read_text())
            assert record["sha256"] == item.receipt["sha256"] == item.idempotency_key[4:]
            for frozen in outbox.files(item.id):
                data = (package / frozen.name).read_bytes()
                assert hashlib.sha256(data).hexdigest() == frozen.sha256
        assert any(p.startswith("000.00.53.H48-261123-0007-") for p in _visible(target))
        # The same version delivered again (a crash between rename and commit) → same receipt.
        parcel = outbox.parcel(items[0])
        again = FolderTransport(target).deliver(parcel)
        assert again["receipt_id"] == items[0].receipt_id
    assert len(_visible(target)) == 4


def test_missing_share_waits_instead_of_failing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with Outbox(home) as outbox:
        outbox.add_path(make_dossier(tmp_path / "src", "hs-0"))
    sender = drain(home, FolderTransport(tmp_path / "not-mounted"), give_up_after=0.5)
    assert sender.stats.stopped_by == "portal-unreachable"
    with Outbox(home) as outbox:
        assert outbox.items()[0].state == "queued"


def test_full_target_disk_keeps_the_item_and_leaves_no_partial_dossier(
    tmp_path: Path, small_disk: Path
) -> None:
    home = tmp_path / "home"
    filler = small_disk / "filler.bin"
    filler.write_bytes(b"\0" * (1024 * 1024 - 64 * 1024))  # leave ~64 KiB
    with Outbox(home) as outbox:
        big = make_dossier(tmp_path / "src", "hs-big", files=1)
        (big / "scan.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(200_000))
        outbox.add_path(big)
    sender = drain(home, FolderTransport(small_disk), give_up_after=0.6)
    assert sender.stats.sent == 0
    assert _visible(small_disk) == ["filler.bin"]
    assert not [p for p in small_disk.iterdir() if p.name.startswith(".tmp-")]
    with Outbox(home) as outbox:
        item = outbox.items()[0]
        assert item.state == "queued" and item.reason == "target disk full"
    filler.unlink()  # the officer frees space
    drain(home, FolderTransport(small_disk))
    with Outbox(home) as outbox:
        assert outbox.items()[0].state == "sent"
    assert len(_visible(small_disk)) == 1


def test_full_workspace_disk_refuses_cleanly_and_loses_nothing(
    tmp_path: Path, small_disk: Path
) -> None:
    home = small_disk / "home"
    added: list[str] = []
    with Outbox(home) as outbox:
        with pytest.raises(DiskFullError) as info:
            for i in range(100):
                folder = make_dossier(tmp_path / "src", f"hs-{i:03d}", files=1)
                (folder / "scan.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(60_000))
                added.append(outbox.add_path(folder).item.id)
        assert "đầy" in info.value.message_vi and "full" in info.value.message_en
        assert 3 <= len(added) < 100
        assert [i.id for i in outbox.items()] == added  # nothing half-added
        for item in outbox.items():
            outbox.parcel(item)  # every frozen copy complete and verified
    blobs = home / "outbox" / "blobs"
    assert not list(blobs.glob(".tmp-*"))  # the failed copy cleaned up after itself
    done = subprocess.run([SCANSTATION, "outbox", "add", str(tmp_path / "src" / "hs-000"),
                           str(folder)], env=cli_env(home), capture_output=True, text=True)
    assert done.stdout.split()[0] == added[0]
    assert done.returncode == 9 and "full" in done.stderr  # bilingual, storage exit code


def test_damaged_frozen_copy_is_held_not_sent(tmp_path: Path) -> None:
    home, target = tmp_path / "home", tmp_path / "share"
    target.mkdir()
    with Outbox(home) as outbox:
        bad = outbox.add_path(make_dossier(tmp_path / "src", "hs-bad")).item
        good = outbox.add_path(make_dossier(tmp_path / "src", "hs-good")).item
        blob = outbox.files(bad.id)[0].path
        blob.chmod(0o644)
        blob.write_bytes(b"%PDF-1.7 changed on disk")
    drain(home, FolderTransport(target))
    with Outbox(home) as outbox:
        assert outbox.get(good.id).state == "sent"
        held = outbox.get(bad.id)
    assert held.state == "held" and "frozen file" in held.reason
    assert len(_visible(target)) == 1  # the damaged version never left the station


def test_sender_on_a_full_workspace_stops_cleanly_and_resumes(
    tmp_path: Path, small_disk: Path
) -> None:
    """The station's own disk fills up while sending: the run stops with the storage error
    (exit 9), nothing is lost or doubled, and the next run after freeing space finishes."""
    from outbox_helpers import assert_exactly_once

    from scanstation.testing.portal import ReferencePortal

    home = small_disk / "home"
    with Outbox(home) as outbox:
        for i in range(6):
            outbox.add_path(make_dossier(tmp_path / "src", f"hs-{i}"))
    filler = small_disk / "filler.bin"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:  # take every free byte
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)
    with ReferencePortal() as portal:
        done = subprocess.run(
            [SCANSTATION, "outbox", "run", "--portal-url", portal.url, "--until-empty"],
            env=cli_env(home), capture_output=True, text=True, timeout=60)
        assert done.returncode == 9, done.stderr
        assert "Traceback" not in done.stderr
        assert "đầy" in done.stderr and "disk is full" in done.stderr
        filler.unlink()
        done = subprocess.run(
            [SCANSTATION, "outbox", "run", "--portal-url", portal.url, "--until-empty"],
            env=cli_env(home), capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        assert_exactly_once(home, portal, 6)
