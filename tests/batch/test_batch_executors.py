"""The same job on the local pool and on a real Dask LocalCluster, each with a worker killed
mid-task (under a page, and under a document's assembly): the result is the same, every page
exactly once, every document whole."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from batch_helpers import Box, documents_as_names, make_box, read_index

from scanstation.batch.doctask import DocJob
from scanstation.batch.executors import DaskPool, LocalPool
from scanstation.batch.runner import create_job, process
from scanstation.batch.splitting import SplitRules
from scanstation.batch.state import JobStore


@pytest.fixture(scope="module")
def small_box(tmp_path_factory: pytest.TempPathFactory) -> Box:
    return make_box(tmp_path_factory.mktemp("exe") / "box", [
        ("page", 4), ("page", 7), ("sheet", "code128", "HS-1975-001"), ("page", 10), ("page", 13),
        ("sheet", "patcht"), ("page", 16), ("page", 19)])


def _run(box: Box, out: Path, pool: Any, kill_worker: Any) -> dict[str, Any]:
    rules = SplitRules.parse(["patcht", "barcode"])
    store = create_job(out, [str(box.folder)], rules, None)
    killed: list[int] = []

    def progress(event: dict[str, Any]) -> None:
        if not killed:  # first page back: more are in flight on the workers; kill one of them
            killed.append(kill_worker())

    try:
        summary = process(store, rules, pool, progress)
    finally:
        pool.close()
        store.close()
    assert killed and killed[0] > 0
    return summary.to_dict()


def test_local_pool_survives_a_worker_killed_mid_page(small_box: Box, tmp_path: Path, home: Path) -> None:
    pool = LocalPool(2)

    def kill_worker() -> int:
        pid = next(iter(pool._pool._processes))
        os.kill(pid, signal.SIGKILL)
        return pid

    summary = _run(small_box, tmp_path / "out", pool, kill_worker)
    assert summary["pages_done"] == summary["pages_total"] == len(small_box.files)
    assert documents_as_names(read_index(tmp_path / "out")) == small_box.documents


def test_dask_local_cluster_survives_a_worker_killed_mid_page(small_box: Box, tmp_path: Path,
                                                              home: Path) -> None:
    pool = DaskPool(local_workers=2)
    assert pool.workers == 2

    def kill_worker() -> int:
        pids = pool.client.run(os.getpid)  # {worker address: pid}, real worker processes
        pid = sorted(pids.values())[0]
        os.kill(pid, signal.SIGKILL)
        return pid

    summary = _run(small_box, tmp_path / "out", pool, kill_worker)
    assert summary["pages_done"] == summary["pages_total"] == len(small_box.files)
    index = read_index(tmp_path / "out")
    assert documents_as_names(index) == small_box.documents
    placed = [p["source"] for d in index for p in d["pages"]]
    assert len(placed) == len(set(placed))


class _KillOnFirstDocument:
    """A real pool that, right after the run hands it its first document task, kills one of
    its workers: the document is assembled while a worker dies under it (or beside it)."""

    def __init__(self, pool: Any, kill_worker: Any) -> None:
        self.pool, self.kill_worker, self.killed = pool, kill_worker, 0
        self.workers = pool.workers
        self.documents_submitted = 0

    def submit(self, job: Any) -> Any:
        handle = self.pool.submit(job)
        if isinstance(job, DocJob):
            self.documents_submitted += 1
            if not self.killed:
                self.killed = self.kill_worker()
        return handle

    def __getattr__(self, name: str) -> Any:
        return getattr(self.pool, name)


def _local_kill(pool: LocalPool) -> Any:
    return lambda: _kill(next(iter(pool._pool._processes)))


def _dask_kill(pool: DaskPool) -> Any:
    return lambda: _kill(sorted(pool.client.run(os.getpid).values())[0])


def _kill(pid: int) -> int:
    os.kill(pid, signal.SIGKILL)
    return pid


@pytest.mark.parametrize("kind", ["local", "dask"])
def test_documents_are_assembled_on_the_workers_and_survive_a_worker_killed(
        kind: str, small_box: Box, tmp_path: Path, home: Path) -> None:
    """Assembling and checking each document's PDF/A runs as a task beside the pages (on 2
    cores the coordinator doing it capped Dask's 2-worker/1-worker ratio near 1.75×)."""
    pool: Any = LocalPool(2) if kind == "local" else DaskPool(local_workers=2)
    killing = _KillOnFirstDocument(pool, _local_kill(pool) if kind == "local" else _dask_kill(pool))
    out = tmp_path / "out"
    rules = SplitRules.parse(["patcht", "barcode"])
    store = create_job(out, [str(small_box.folder)], rules, None)
    try:
        summary = process(store, rules, killing, None).to_dict()
    finally:
        pool.close()
        store.close()
    assert killing.killed > 0 and killing.documents_submitted >= len(small_box.documents)
    assert summary["pages_done"] == summary["pages_total"] == len(small_box.files)
    index = read_index(out)
    assert documents_as_names(index) == small_box.documents
    store = JobStore(out)
    try:
        rows = {d["file"]: d for d in store.documents()}
    finally:
        store.close()
    for doc in index:
        with pikepdf.open(out / doc["file"]) as pdf:  # whole, checked, the hash the index says
            assert len(pdf.pages) == len(doc["pages"])
        assert rows[doc["file"]]["sha256"] == doc["sha256"]
    assert sorted(p.name for p in out.glob("*.pdf")) == sorted(d["file"] for d in index)


def _worker_threads() -> tuple[int, str | None]:
    import cv2

    return cv2.getNumThreads(), os.environ.get("OMP_THREAD_LIMIT")


def test_dask_workers_are_set_up_like_the_local_pool_even_after_a_restart(
        home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Dask starts its own worker processes. Without this setup, OpenCV's pool took every core
    in each worker (the 2-worker cluster fought itself), and Dask's MALLOC_TRIM_THRESHOLD_
    (which turns off glibc's adaptive mmap threshold) cost ~0.3 CPU s a page more than the
    local pool: benchmarks/batch.py."""
    monkeypatch.delenv("OMP_THREAD_LIMIT", raising=False)  # the setup must set it, not the test
    pool = DaskPool(local_workers=1)
    try:
        for _ in range(2):  # the second time after a restart, as after a worker was killed
            assert set(pool.client.run(_worker_threads).values()) == {(1, "1")}
            env = pool.client.run(lambda: os.environ.get("MALLOC_TRIM_THRESHOLD_"))
            assert set(env.values()) == {None}
            pool.client.restart()
    finally:
        pool.close()
