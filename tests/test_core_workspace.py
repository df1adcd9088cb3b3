from __future__ import annotations

import hashlib
import io
import os
import random
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from scanstation import fsio
from scanstation.errors import DiskFullError, NotFoundError
from scanstation.model import Crop, Rotate
from scanstation.workspace import Workspace


def _png(width: int = 64, height: int = 48, seed: int = 0) -> bytes:
    arr = np.random.default_rng(seed).integers(0, 255, (height, width, 3), dtype=np.uint8)
    buf = io.BytesIO()
    Image.fromarray(arr).save(buf, format="PNG")
    return buf.getvalue()


def test_originals_are_stored_once_by_sha256(workspace: Workspace):
    data = _png()
    a = workspace.add_original(data, "a.png", "image/png", 1)
    b = workspace.add_original(data, "copy.png", "image/png", 1)
    assert a.sha256 == b.sha256 == hashlib.sha256(data).hexdigest()
    files = list(workspace.originals_dir.rglob("*.png"))
    assert len(files) == 1 and files[0].read_bytes() == data


def test_page_renders_from_original_plus_transforms_and_caches(workspace: Workspace):
    original = workspace.add_original(_png(64, 48), "a.png", "image/png", 1)
    page = workspace.add_page(original)
    turned = workspace.update_page(page.with_transform(Rotate(1)).with_transform(
        Crop(0, 0, 40, 30)))
    img = workspace.render(turned)
    assert img.size == (40, 30)
    path = workspace.render_path(turned)
    mtime = path.stat().st_mtime_ns
    assert workspace.render_path(turned) == path and path.stat().st_mtime_ns == mtime
    # the original is untouched and undo gives back the first render
    assert workspace.original_bytes(original.sha256) == _png(64, 48)
    assert workspace.render(turned.undo().undo()).size == (64, 48)


def test_reopen_keeps_pages_in_order_with_transforms(home: Path):
    with Workspace(home) as ws:
        original = ws.add_original(_png(), "a.png", "image/png", 1)
        ids = [ws.add_page(original, batch="b1").id for _ in range(3)]
        ws.update_page(ws.page(ids[1]).with_transform(Rotate(2)))
        ws.move_page(ids[2], 0)
    with Workspace(home) as ws:
        pages = ws.pages("b1")
        assert [p.id for p in pages] == [ids[2], ids[0], ids[1]]
        assert pages[2].transforms == (Rotate(2),)
        ws.delete_page(ids[0])
        assert [p.id for p in ws.pages("b1")] == [ids[2], ids[1]]
        with pytest.raises(NotFoundError):
            ws.page(ids[0])


def test_atomic_write_never_leaves_a_partial_file(tmp_path: Path):
    target = tmp_path / "f.bin"
    fsio.atomic_write_bytes(target, b"old")
    with pytest.raises(RuntimeError), fsio.atomic_writer(target) as handle:
        handle.write(b"half")
        raise RuntimeError("killed mid-write")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["f.bin"]


def test_full_disk_is_a_clear_error_and_loses_nothing(tmp_path: Path):
    """A real full disk: a 1 MiB tmpfs when this test may mount one (it runs as root here)."""
    mount = tmp_path / "small"
    mount.mkdir()
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
                          capture_output=True)
    if proc.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root); the ENOSPC path is untested")
    try:
        fsio.atomic_write_bytes(mount / "keep.bin", b"k" * 1000)
        with pytest.raises(DiskFullError) as info:
            fsio.atomic_write_bytes(mount / "big.bin", os.urandom(2 << 20))
        assert "đầy" in info.value.message_vi and "full" in info.value.message_en
        assert sorted(p.name for p in mount.iterdir()) == ["keep.bin"]
        assert (mount / "keep.bin").read_bytes() == b"k" * 1000
    finally:
        subprocess.run(["umount", str(mount)], check=False)


WRITER = textwrap.dedent(
    """
    import io, sys
    import numpy as np
    from PIL import Image
    from scanstation.workspace import Workspace
    ws = Workspace(sys.argv[1])
    seed = int(sys.argv[2])
    for i in range(10_000):
        arr = np.random.default_rng(seed * 100_000 + i).integers(0, 255, (700, 600, 3), np.uint8)
        buf = io.BytesIO(); Image.fromarray(arr).save(buf, format="PNG", compress_level=0)
        original = ws.add_original(buf.getvalue(), f"p{i}.png", "image/png", 1)
        page = ws.add_page(original, batch="crash")
        print(page.id, flush=True)
    """
)


def test_kill_9_at_any_point_keeps_every_committed_page_and_no_partial_file(home: Path):
    rng = random.Random(7)
    committed: list[str] = []
    for round_ in range(6):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(home), str(round_)],
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        target = rng.randint(1, 4)
        for _ in range(target):
            line = proc.stdout.readline().strip()
            if line:
                committed.append(line)
        time.sleep(rng.uniform(0.0, 0.15))  # land somewhere inside the next write
        proc.send_signal(signal.SIGKILL)
        rest, _ = proc.communicate()
        committed.extend(x for x in rest.split() if x)  # printed before the kill landed
        with Workspace(home) as ws:
            pages = {p.id for p in ws.pages("crash")}
            assert set(committed) <= pages
            for page in ws.pages("crash"):
                path = ws.original_path(page.original_sha256)
                assert hashlib.sha256(path.read_bytes()).hexdigest() == page.original_sha256
                assert ws.render(page).size == (600, 700)
            # no file under a final name is partial, and no temp file survives the reopen
            for path in ws.originals_dir.rglob("*"):
                if path.is_file():
                    assert not path.name.startswith(fsio.TEMP_PREFIX)
                    assert hashlib.sha256(path.read_bytes()).hexdigest() == path.stem
    assert len(committed) >= 6


def test_opening_a_workspace_keeps_temps_of_live_writers(tmp_path: Path) -> None:
    """A second Workspace opened while another thread renders must not delete its temp file;
    a dead writer's temp (a pid no process holds) goes."""
    cache = tmp_path / "cache"
    cache.mkdir()
    started = threading.Event()
    release = threading.Event()

    def slow_writer(tmp: Path) -> None:
        tmp.write_bytes(b"half")
        started.set()
        release.wait(10)
        tmp.write_bytes(b"whole")

    thread = threading.Thread(target=fsio.atomic_write_with, args=(cache / "a.png", slow_writer))
    thread.start()
    assert started.wait(10)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    leftover = cache / f"{fsio.TEMP_PREFIX}{dead}-x.png"
    leftover.write_bytes(b"left by a killed writer")
    assert fsio.remove_stale_temps(cache) == 1
    release.set()
    thread.join(10)
    assert (cache / "a.png").read_bytes() == b"whole"
    assert not leftover.exists()
