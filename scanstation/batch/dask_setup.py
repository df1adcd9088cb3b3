"""What a Dask worker needs before it runs page tasks (imported only when Dask is used).

The local pool's workers start through ``executors._worker_init``; Dask starts its own worker
processes (a LocalCluster's, or ``dask worker`` on other machines), so the same setup reaches them
as a worker plugin, which Dask also runs on a worker that restarts after a kill.
"""

from __future__ import annotations

import os
from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin


class PageWorkerSetup(WorkerPlugin):
    """One page task per core: Tesseract's OpenMP and OpenCV's thread pool kept to one thread.
    Left at their defaults, a one-worker cluster spreads each page over every core and a cluster
    with a worker per core has its workers fight for the cores (issue 13's Dask 2/1 figure).
    (What must be set before a worker process starts, its environment, is in
    ``executors.WORKER_ENVIRON`` for our LocalCluster and in docs/batch.md for other machines.)"""

    name = "scanstation-page-worker"

    def setup(self, worker: Any) -> None:
        os.environ["OMP_THREAD_LIMIT"] = "1"  # read when Tesseract's OpenMP starts: before a task
        import cv2

        cv2.setNumThreads(1)
