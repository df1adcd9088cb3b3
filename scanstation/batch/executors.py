"""Where page and document tasks run: an embedded local process pool (default) or Dask
distributed.

Both take the same picklable ``PageJob`` (or ``DocJob``) and return the same ``PageOutcome`` (or
``DocOutcome``); the runner sees one small interface (submit / wait_some / outcome / close).
Pages travel as paths: the inputs stay where they are (a folder every worker can read — the
job's own disk, or a share for N machines) and only the encoded page result travels back as
bytes; a document task carries its pages' results and returns the checked PDF. See
docs/batch.md.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol

from ..errors import ExitCode, MissingToolError, ScanStationError
from .doctask import DocJob, DocOutcome, assemble_document
from .pagetask import PageJob, PageOutcome, run_page

Task = PageJob | DocJob
Outcome = PageOutcome | DocOutcome


def run_task(job: Task) -> Outcome:
    """One entry point for both kinds of task (module level, so it pickles by name)."""
    if isinstance(job, DocJob):
        return assemble_document(job)
    return run_page(job)


def task_key(job: Task) -> str:
    """Dask's key: a re-submitted task (a lost worker, a resumed job) keeps its key."""
    if isinstance(job, DocJob):
        return f"doc-{job.seq}-{job.content_key}"
    return f"page-{job.seq}-{job.render_key}"


class WorkerLost(Exception):
    """A worker died under a page (out of memory, killed): the page is simply run again."""


class SchedulerError(ScanStationError):
    exit_code = ExitCode.FAILED
    vi = "Không kết nối được bộ điều phối Dask {address}: {reason}. Hãy kiểm tra địa chỉ và mạng."
    en = "Cannot reach the Dask scheduler {address}: {reason}. Check the address and the network."


class PageExecutor(Protocol):
    workers: int

    def submit(self, job: Task) -> Any: ...

    def wait_some(self, handles: Iterable[Any], timeout: float) -> tuple[set[Any], set[Any]]: ...

    def outcome(self, handle: Any) -> Outcome: ...

    def close(self) -> None: ...


def _worker_init(parent: int) -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"
    from ..lifeline import die_with

    die_with(parent)  # a kill -9 of the runner must not leave its workers OCRing for nobody
    import cv2

    cv2.setNumThreads(1)


class LocalPool:
    """A forkserver process pool whose workers preload the page task's heavy modules."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)
        self._pool = self._make()

    def _make(self) -> ProcessPoolExecutor:
        from ..platform import worker_context
        from .ocr import PRELOAD

        ctx = worker_context(PRELOAD)  # forkserver with the page task preloaded, or spawn
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx,
                                   initializer=_worker_init, initargs=(os.getpid(),))

    def submit(self, job: Task) -> Future[Outcome]:
        try:
            return self._pool.submit(run_task, job)
        except BrokenProcessPool:
            self._restart()
            return self._pool.submit(run_task, job)

    def _restart(self) -> None:
        with contextlib.suppress(Exception):
            self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._make()

    def wait_some(self, handles: Iterable[Any], timeout: float) -> tuple[set[Any], set[Any]]:
        done, pending = wait(set(handles), timeout=timeout, return_when=FIRST_COMPLETED)
        return set(done), set(pending)

    def outcome(self, handle: Future[Outcome]) -> Outcome:
        try:
            return handle.result()
        except BrokenProcessPool as exc:
            if getattr(self._pool, "_broken", False):  # every in-flight future fails: restart once
                self._restart()
            raise WorkerLost() from exc

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


# The environment of a LocalCluster's worker processes: Dask's default minus its
# MALLOC_TRIM_THRESHOLD_, which turns off glibc's adaptive mmap threshold, so every page-sized
# array (a 300-dpi page is ~25 MB, made dozens of times a page) is mapped fresh from the kernel
# and zeroed: ~0.3 CPU s a page more than the same task in the local pool. A page task frees
# its arrays as it ends; the heap they return to is reused by the next page.
WORKER_ENVIRON = {"OMP_NUM_THREADS": 1, "OMP_THREAD_LIMIT": 1, "MKL_NUM_THREADS": 1,
                  "OPENBLAS_NUM_THREADS": 1}


class DaskPool:
    """Dask distributed: an existing scheduler (``tcp://HOST:8786``) or a LocalCluster of N
    single-threaded worker processes. Dask re-runs a task whose worker died; the coordinator
    records a page only when its outcome arrives, so a re-run is harmless."""

    def __init__(self, scheduler: str | None = None, local_workers: int | None = None) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise MissingToolError(tool="dask distributed",
                                   package="scanstation[cluster]") from exc
        self._cluster = None
        try:
            if scheduler:
                self._client = Client(scheduler, timeout="20s")
            else:
                import dask

                # no dashboard (nobody looks at a private cluster's) and no statistical
                # profiler in the workers (it samples every task's stack 100 times a second,
                # CPU taken from the pages); the config reaches the worker processes
                with dask.config.set({"distributed.worker.profile.enabled": False,
                                      "distributed.nanny.pre-spawn-environ": WORKER_ENVIRON}):
                    self._cluster = LocalCluster(n_workers=local_workers or 1,
                                                 threads_per_worker=1, processes=True,
                                                 dashboard_address=None, silence_logs=40)
                self._client = Client(self._cluster)
            from .dask_setup import PageWorkerSetup

            self._client.register_plugin(PageWorkerSetup())
        except OSError as exc:
            raise SchedulerError(address=scheduler or "LocalCluster", reason=type(exc).__name__) from exc
        self.workers = max(1, len(self._client.scheduler_info().get("workers", {})) or
                           (local_workers or 1))

    @property
    def client(self) -> Any:
        return self._client

    def submit(self, job: Task) -> Any:
        # retries cover an exception in a page task (it returns bad pages as outcomes); a
        # document whose check fails fails the same way again. A dead worker is Dask's own
        # re-run (allowed-failures), then KilledWorker.
        retries = 0 if isinstance(job, DocJob) else 3
        return self._client.submit(run_task, job, key=task_key(job), retries=retries, pure=False)

    def wait_some(self, handles: Iterable[Any], timeout: float) -> tuple[set[Any], set[Any]]:
        from distributed import wait as dask_wait

        handles = set(handles)
        try:
            done, pending = dask_wait(list(handles), timeout=timeout, return_when="FIRST_COMPLETED")
        except TimeoutError:
            return set(), handles
        return set(done), set(pending)

    def outcome(self, handle: Any) -> Outcome:
        from distributed import KilledWorker

        try:
            return handle.result()
        except KilledWorker as exc:
            raise WorkerLost() from exc

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._client.close()
        if self._cluster is not None:
            with contextlib.suppress(Exception):
                self._cluster.close()


def make_executor(kind: str = "local", *, jobs: int | None = None, scheduler: str | None = None,
                  dask_local: int | None = None) -> PageExecutor:
    if kind == "dask" or scheduler or dask_local:
        return DaskPool(scheduler, dask_local or jobs)
    return LocalPool(jobs)
