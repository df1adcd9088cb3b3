"""A running job's live progress: the bar's counts, the recent rate and the time left — in the
core (known truth from a progress log) and in the archive mode's panel, on a real `batch run`
process that another program started."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from batch_helpers import cli_env, make_box

from scanstation.batch.report import RATE_WINDOW_SECONDS, live_progress
from scanstation.batch.state import JobStore


def _store_with_pages(out: Path, count: int) -> JobStore:
    store = JobStore(out)
    store.add_pages([{"source": f"p{i}.png", "page": 1, "path": f"/nowhere/p{i}.png",
                      "media_type": "image/png", "frame": 0, "dpi": 300.0}
                     for i in range(1, count + 1)])
    return store


def _log(store: JobStore, points: list[tuple[float, int]]) -> None:
    with store.db.transaction() as db:
        for t, done in points:
            db.execute("INSERT INTO progress VALUES (?, ?, 0)", (t, done))


def test_rate_and_time_left_from_the_recent_progress_log(tmp_path: Path) -> None:
    store = _store_with_pages(tmp_path / "out", 100)
    try:
        store.acquire_lease()  # a runner holds the job
        for seq in range(1, 41):
            store.record_page(seq, {"ocred": 1, "render_key": f"k{seq}"})
        # an old burst (a first run, long before) must not weigh on the rate: only the last
        # two minutes count — 30 pages in 60 s = 30 pages/min, 60 pages left = 120 s
        _log(store, [(1000.0, 0), (1010.0, 10)])
        start = 1010.0 + RATE_WINDOW_SECONDS + 50
        _log(store, [(start, 10), (start + 30, 25), (start + 60, 40)])
        live = live_progress(store)
        assert (live["pages_done"], live["pages_total"], live["state"]) == (40, 100, "running")
        assert live["rate_ppm"] == pytest.approx(30.0)
        assert live["eta_s"] == pytest.approx(120.0)
        store.release_lease()  # the runner is gone: no rate, no promise of an end
        live = live_progress(store)
        assert live["state"] != "running" and live["rate_ppm"] is None and live["eta_s"] is None
    finally:
        store.close()


def test_one_point_gives_no_rate_yet(tmp_path: Path) -> None:
    store = _store_with_pages(tmp_path / "out", 10)
    try:
        store.acquire_lease()
        _log(store, [(5.0, 0)])
        live = live_progress(store)
        assert live["state"] == "running" and live["rate_ppm"] is None and live["eta_s"] is None
    finally:
        store.close()


@pytest.mark.qt
def test_the_archive_panel_follows_a_job_another_process_runs(qtbot, tmp_path: Path) -> None:
    """An archive team member opens a job the night run is working on: a bar of pages done
    that moves, then, when the run ends, the review as it now is — no key needed to refresh."""
    from scanstation.batch.report import lease_held
    from scanstation.ui.archive import ArchivePanel

    box = make_box(tmp_path / "box", [("page", i) for i in range(1, 13)])
    home, out = tmp_path / "home", tmp_path / "out"
    runner = subprocess.Popen(
        [sys.executable, "-m", "scanstation", "batch", "run", str(box.folder), "-o", str(out),
         "--jobs", "1"], env=cli_env(home), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        def running() -> bool:
            if not (out / ".job" / "job.sqlite").is_file():
                return False
            store = JobStore(out)
            try:
                return lease_held(store) and store.counts()["pages_total"] == 12
            finally:
                store.db.close()

        qtbot.waitUntil(running, timeout=120_000)
        panel = ArchivePanel(home)
        qtbot.addWidget(panel)
        panel.show()
        panel.tabs.setCurrentWidget(panel.batch)
        panel.batch.open_job(out)
        bar, eta = panel.batch.progress, panel.batch.eta
        seen: list[tuple[int, int, str]] = []  # what the bar and its label showed

        def ended() -> bool:
            if bar.isVisible():
                seen.append((bar.value(), bar.maximum(), eta.text()))
            return "staged" in panel.batch.dashboard.text()

        qtbot.waitUntil(ended, timeout=300_000)
        assert seen, "the bar never showed while the job ran"
        assert all(maximum == 12 and f"{value}/12 pages" in text and 0 <= value <= 12
                   for value, maximum, text in seen), seen[:5]
        assert runner.wait(timeout=300) == 0, runner.stderr.read() if runner.stderr else ""
        # the run ended: the panel noticed by itself and shows the finished job
        assert not bar.isVisible() and not eta.isVisible()
        assert "12/12 pages" in panel.batch.dashboard.text()
        assert not panel.batch.live_timer.isActive()
    finally:
        if runner.poll() is None:
            runner.kill()
            runner.wait()
