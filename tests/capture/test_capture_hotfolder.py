"""Hot folder: complete files only, each once, temp names ignored, move or leave."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from scanstation.capture.hotfolder import HotFolder, is_temp_name
from scanstation.workspace import Workspace


def page_png(text: str, size: tuple[int, int] = (600, 800)) -> bytes:
    img = Image.new("L", size, 255)
    ImageDraw.Draw(img).text((40, 40), text, fill=0)
    buf = io.BytesIO()
    img.save(buf, "PNG", dpi=(200, 200))
    return buf.getvalue()


def pdf_pages(n: int) -> bytes:
    pages = [Image.new("RGB", (300, 400), (255, 255, 255)) for _ in range(n)]
    for i, page in enumerate(pages):
        ImageDraw.Draw(page).rectangle([20, 20 + 30 * i, 200, 40 + 30 * i], fill=(0, 0, 0))
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", save_all=True, append_images=pages[1:], resolution=100)
    return buf.getvalue()


def settle(hot: HotFolder, polls: int = 4) -> list:
    events = []
    for _ in range(polls):
        events.extend(hot.poll())
    return events


def test_temp_names() -> None:
    for name in ("~$scan.pdf", "scan.pdf.part", "x.tmp", ".hidden.png", "a.crdownload"):
        assert is_temp_name(name), name
    for name in ("scan_0001.pdf", "Hồ sơ.png", "IMG.TMP.png"):
        assert not is_temp_name(name), name


def test_complete_files_imported_once_and_left(workspace: Workspace, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "scan1.png").write_bytes(page_png("one"))
    (inbox / "scan2.pdf").write_bytes(pdf_pages(2))
    (inbox / "~$scan3.png").write_bytes(page_png("temp"))
    (inbox / "scan4.png.part").write_bytes(page_png("partial"))
    hot = HotFolder(workspace, inbox)
    assert hot.poll() == []  # first sight: not yet known to be stable
    events = settle(hot)
    assert sorted((e.kind, e.file, len(e.pages)) for e in events) == [
        ("imported", "scan1.png", 1), ("imported", "scan2.pdf", 2)]
    assert len(workspace.pages()) == 3
    assert (inbox / "scan1.png").exists()  # left in place by default
    assert settle(hot) == []  # each file once
    # A new watcher (e.g. after a restart) remembers by sha256: a copy under another name
    # is a duplicate, not a new page.
    (inbox / "scan1-copy.png").write_bytes((inbox / "scan1.png").read_bytes())
    again = settle(HotFolder(workspace, inbox))
    assert sorted((e.kind, e.file) for e in again) == [
        ("duplicate", "scan1-copy.png"), ("duplicate", "scan1.png"), ("duplicate", "scan2.pdf")]
    assert len(workspace.pages()) == 3
    state = json.loads((workspace.home / "capture" / "hotfolder.json").read_text())
    assert hashlib.sha256(page_png("one")).hexdigest() in state["imported"]


def test_growing_file_imported_only_when_complete(workspace: Workspace, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    data = page_png("slow copier", size=(1200, 1600)) * 1
    target = inbox / "slow.png"
    chunks = [data[i:i + len(data) // 8 + 1] for i in range(0, len(data), len(data) // 8 + 1)]
    done = threading.Event()

    def copier() -> None:
        with open(target, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
                handle.flush()
                time.sleep(0.12)
        done.set()

    hot = HotFolder(workspace, inbox, stable_polls=2)
    thread = threading.Thread(target=copier)
    thread.start()
    events = []
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not (done.is_set() and events):
        events.extend(hot.poll())
        time.sleep(0.05)
    thread.join()
    assert [e.kind for e in events] == ["imported"]
    assert events[0].sha256 == hashlib.sha256(data).hexdigest()  # the whole file, not a part


def test_truncated_file_waits_then_is_rejected_once(workspace: Workspace, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    broken = inbox / "broken.png"
    broken.write_bytes(page_png("cut")[:500])
    hot = HotFolder(workspace, inbox, reject_after=60)
    assert settle(hot) == []  # young and undecodable: maybe still arriving
    old = time.time() - 120
    os.utime(broken, (old, old))
    events = settle(hot)
    assert [e.kind for e in events] == ["rejected"]
    assert events[0].error is not None and "hỏng" in events[0].error.message_vi
    assert settle(hot) == []  # reported once
    assert broken.exists()  # nothing is deleted
    broken.write_bytes(page_png("fixed"))  # the copier finishes after all
    assert [e.kind for e in settle(hot)] == ["imported"]


def test_unsupported_file_rejected_without_waiting(workspace: Workspace, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "notes.docx").write_bytes(b"PK\x03\x04" + b"x" * 5000)
    events = settle(HotFolder(workspace, inbox))
    assert [e.kind for e in events] == ["rejected"]


def test_move_to_keeps_both_files_on_name_clash(workspace: Workspace, tmp_path: Path) -> None:
    inbox, done = tmp_path / "inbox", tmp_path / "done"
    inbox.mkdir()
    done.mkdir()
    (done / "scan.png").write_bytes(b"earlier")
    (inbox / "scan.png").write_bytes(page_png("new"))
    events = settle(HotFolder(workspace, inbox, move_to=done))
    assert [e.kind for e in events] == ["imported"]
    assert not (inbox / "scan.png").exists()
    assert (done / "scan.png").read_bytes() == b"earlier"
    assert (done / "scan-1.png").read_bytes() == page_png("new")
    assert events[0].moved_to == str(done / "scan-1.png")


def test_cli_watch_once(home: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.png").write_bytes(page_png("a"))
    (inbox / "b.pdf").write_bytes(pdf_pages(3))
    exe = str(Path(sys.executable).with_name("scanstation"))
    env = dict(os.environ, SCANSTATION_HOME=str(home))
    proc = subprocess.run([exe, "watch", str(inbox), "--once", "--interval", "0.1",
                           "--move-to", str(tmp_path / "imported")],
                          env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    events = [json.loads(line) for line in proc.stdout.splitlines()]
    assert sorted((e["event"], e["file"], len(e["pages"])) for e in events) == [
        ("imported", "a.png", 1), ("imported", "b.pdf", 3)]
    assert sorted(p.name for p in (tmp_path / "imported").iterdir()) == ["a.png", "b.pdf"]
    with Workspace(home) as ws:
        assert len(ws.pages()) == 4
    missing = subprocess.run([exe, "watch", str(tmp_path / "nowhere"), "--once"], env=env,
                             capture_output=True, text=True, timeout=60)
    assert missing.returncode == 3


@pytest.mark.parametrize("name", ["scan.png", "Bản sao CCCD.png"])
def test_vietnamese_file_names(workspace: Workspace, tmp_path: Path, name: str) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / name).write_bytes(page_png(name))
    events = settle(HotFolder(workspace, inbox))
    assert [e.file for e in events] == [name]
    assert workspace.original(events[0].sha256).name == name
