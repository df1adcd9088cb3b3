"""kill -9 of the runner at random points, then resume: every page exactly once, in order, in
the right document. The test waits on the job's own state (its SQLite file), not on sleeps."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pikepdf
from batch_helpers import SCANSTATION, cli_env, documents_as_names, make_box, read_index

KILLS = 10


def _progress(db: Path) -> int:
    """Pages done, as the job state says — 0 while it does not exist yet."""
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT COUNT(*) FROM pages WHERE ocred=1 OR error!=''").fetchone()[0]
    except sqlite3.OperationalError:  # schema not there yet
        return 0


def _run_until(args: list[str], home: Path, db: Path, target: int | None, deadline: float) -> bool:
    """Start the runner; SIGKILL it once the job state shows ``target`` pages done (``0``: as
    soon as the job state exists; None: never). True when it finished on its own first."""
    proc = subprocess.Popen([*SCANSTATION, *args], env=cli_env(home), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    try:
        while proc.poll() is None:
            if target is not None and db.exists() and _progress(db) >= target:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait()
                return False
            assert time.monotonic() < deadline, "the job made no progress"
            time.sleep(0.02)  # polling the job state; no outcome depends on this interval
        assert proc.returncode == 0, proc.stderr.read()
        return True
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_kill_9_at_random_points_then_resume_loses_and_repeats_nothing(tmp_path: Path) -> None:
    rng = random.Random(1975)
    plan: list[tuple[str, ...]] = []
    seed = 0
    for doc in range(6):
        if doc:
            plan.append(("sheet", "code128", f"HS-1975-{doc:03d}") if doc % 2 else ("sheet", "patcht"))
        for _ in range(3):
            seed += 1
            plan.append(("page", 1 + 3 * seed))  # single_line pages: quick to OCR
    box = make_box(tmp_path / "box", plan)
    home, out = tmp_path / "home", tmp_path / "out"
    db = out / ".job" / "job.sqlite"
    run = ["batch", "run", str(box.folder), "-o", str(out), "--job", "kill9", "--jobs", "2"]
    resume = ["batch", "resume", "kill9", "--jobs", "2"]
    deadline = time.monotonic() + 500
    points: list[int] = []
    finished = False
    while not finished:
        target: int | None = None  # enough kills: let it finish
        if len(points) < KILLS:
            # random points: right at start-up, or one to two pages further on
            target = 0 if rng.random() < 0.2 else _progress(db) + rng.randint(1, 2)
        finished = _run_until(resume if db.exists() else run, home, db, target, deadline)
        if not finished:
            points.append(target or 0)
    assert len(points) >= KILLS, points
    index = read_index(out)
    assert documents_as_names(index) == box.documents
    placed = [p["source"] for d in index for p in d["pages"]]
    assert len(placed) == len(set(placed)) == len(box.files) - len(box.sheets)
    assert sorted(p.name for p in out.glob("*.pdf")) == sorted(d["file"] for d in index)
    assert not list(out.rglob(".tmp-*")), "a killed writer's temp is visible"
    for doc in index:
        with pikepdf.open(out / doc["file"]) as pdf:
            assert len(pdf.pages) == len(doc["pages"])
    with sqlite3.connect(db) as conn:  # every page recorded once, in feed order
        rows = conn.execute("SELECT seq, ocred FROM pages ORDER BY seq").fetchall()
    assert [r[0] for r in rows] == list(range(1, len(box.files) + 1)) and all(r[1] for r in rows)
