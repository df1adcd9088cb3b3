"""A long-lived OCR pool's workers end with the process that owns it, even after a kill -9 (the
app's background OCR lane): no orphan Tesseract left holding the CPU and the workspace."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is gone for our purpose
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split(") ")[-1][0] != "Z"
    except OSError:
        return False


def _run_owner(folder: Path, die_with: bool) -> tuple[subprocess.Popen, list[int]]:
    # a script file: forkserver workers import its functions from it
    script = textwrap.dedent(f"""
        import os, sys, time
        from scanstation.ocr.pipeline import make_ocr_pool

        def pid_after(_):
            time.sleep(0.2)
            return os.getpid()

        if __name__ == "__main__":
            pool = make_ocr_pool(2, die_with_pid=os.getpid() if {die_with} else None)
            print(*sorted(set(pool.map(pid_after, range(6)))), flush=True)
            time.sleep(120)
    """)
    path = folder / "owner.py"
    path.write_text(script)
    proc = subprocess.Popen([sys.executable, str(path)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    return proc, [int(p) for p in line.split()]


def test_workers_end_when_their_owner_is_killed(tmp_path: Path) -> None:
    owner, workers = _run_owner(tmp_path, die_with=True)
    assert workers and all(_alive(pid) for pid in workers)
    owner.send_signal(signal.SIGKILL)
    owner.wait(10)
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)
