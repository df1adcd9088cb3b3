"""Long work started by a page (a scan, a build): a job id, an ordered list of progress events
the page reads as Server-Sent Events, the files it made, and cancel.

Each job belongs to the origin that started it: another approved page does not see it (404).
"""

from __future__ import annotations

import json
import logging
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Cancelled, NotFoundError, ScanStationError
from .errors import error_json

log = logging.getLogger("scanstation.api.jobs")

KEEPALIVE_SECONDS = 15.0
FINISHED = ("done", "failed", "cancelled")


@dataclass
class Job:
    id: str
    kind: str
    origin: str
    folder: Path
    state: str = "running"
    events: list[dict[str, Any]] = field(default_factory=list)
    pages: list[dict[str, Any]] = field(default_factory=list)  # page_id, path, dpi
    files: dict[str, Path] = field(default_factory=dict)  # name → file (pdf, manifest, …)
    result: dict[str, Any] = field(default_factory=dict)
    error: dict[str, Any] | None = None
    cancel: threading.Event = field(default_factory=threading.Event)
    _cond: threading.Condition = field(default_factory=threading.Condition, repr=False)

    def emit(self, event: dict[str, Any]) -> None:
        with self._cond:
            self.events.append({"seq": len(self.events) + 1, "job_id": self.id, **event})
            self._cond.notify_all()

    def finish(self, state: str, error: dict[str, Any] | None = None) -> None:
        with self._cond:
            self.state, self.error = state, error
            self.events.append({"seq": len(self.events) + 1, "job_id": self.id, "type": state,
                                **({"error": error} if error else {}), **self.result})
            self._cond.notify_all()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until the job has finished (True) or ``timeout`` passed (False)."""
        with self._cond:
            return self._cond.wait_for(lambda: self.state in FINISHED, timeout)

    def stream(self, after: int = 0) -> Iterator[bytes]:
        """The events after ``after`` as Server-Sent Events, live, until the job finishes."""
        sent = after
        while True:
            with self._cond:
                self._cond.wait_for(lambda seen=sent: len(self.events) > seen  # type: ignore[misc]
                                    or self.state in FINISHED, KEEPALIVE_SECONDS)
                fresh = self.events[sent:]
                finished = self.state in FINISHED
            if not fresh and not finished:
                yield b": keep-alive\n\n"
            for event in fresh:
                data = json.dumps(event, ensure_ascii=False)
                yield f"id: {event['seq']}\nevent: {event['type']}\ndata: {data}\n\n".encode()
            sent += len(fresh)
            if finished and sent >= len(self.events):
                return

    def to_json(self) -> dict[str, Any]:
        with self._cond:
            return {"job_id": self.id, "kind": self.kind, "state": self.state,
                    "pages": [{"index": i + 1, "page_id": p["page_id"],
                               "url": f"/v1/jobs/{self.id}/pages/{i + 1}"}
                              for i, p in enumerate(self.pages)],
                    "files": {name: f"/v1/jobs/{self.id}/files/{name}" for name in self.files},
                    "events": len(self.events), "error": self.error, **self.result}



class Jobs:
    """The running and finished jobs of this server (kept until it stops)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def start(self, kind: str, origin: str, work: Callable[[Job], None]) -> Job:
        job_id = secrets.token_hex(8)
        folder = self.folder / job_id
        folder.mkdir(parents=True, mode=0o700)
        job = Job(job_id, kind, origin, folder)
        with self._lock:
            self._jobs[job_id] = job
        thread = threading.Thread(target=self._run, args=(job, work), name=f"api-{kind}",
                                  daemon=True)
        thread.start()
        return job

    @staticmethod
    def _run(job: Job, work: Callable[[Job], None]) -> None:
        started = time.perf_counter()
        try:
            work(job)
        except Cancelled:
            job.finish("cancelled")
        except ScanStationError as error:
            log.warning("%s job failed: %s", job.kind, type(error).__name__)
            job.finish("failed", error_json(error))
        except Exception:
            log.exception("%s job crashed", job.kind)
            job.finish("failed", error_json(ScanStationError()))
        else:
            job.result["elapsed_s"] = round(time.perf_counter() - started, 3)
            job.finish("done")

    def get(self, job_id: str, origin: str | None) -> Job:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None or job.origin != origin:
            raise NotFoundError(what="job", key=job_id[:40])
        return job

    def cancel_all(self) -> None:
        with self._lock:
            jobs = list(self._jobs.values())
        for job in jobs:
            job.cancel.set()
