"""A web page's load on the station's local API, for the stall test and benchmark: a scan from
SANE's ``test`` device whose event stream is read as it comes and, once its first page is on the
way, a burst of concurrent ``GET /v1/status`` requests, each on its own connection, released
together by a barrier.

In a thread of the test's process (``ApiLoad(...).run()``), or as its own process like a
browser (``python -m scanstation.testing.api_load URL ORIGIN TOKEN [--burst N]`` prints the
result as JSON).
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from typing import Any

import httpx

# Solid white: the scan's OCR has no texture to hunt words in, so the run is short
SCAN = {"device": "test:0", "source": "adf", "resolution": 100,
        "options": {"test-picture": "Solid white"}}


@dataclass
class LoadResult:
    statuses: list[int] = field(default_factory=list)  # the burst's answers
    busy: int = 0  # how many of them reported a running job (the scan was really running)
    burst_s: float = 0.0  # first request sent → last answer read
    events: list[str] = field(default_factory=list)  # the scan's event types, in order
    error: str = ""


class ApiLoad:
    def __init__(self, url: str, origin: str, token: str, *, pages: int = 3,
                 burst: int = 200, pdf: bool = True) -> None:
        self.url, self.origin, self.token = url.rstrip("/"), origin, token
        self.pages, self.burst, self.pdf = pages, burst, pdf
        self.result = LoadResult()
        self.done = threading.Event()

    @property
    def headers(self) -> dict[str, str]:
        return {"Origin": self.origin, "Authorization": f"Bearer {self.token}"}

    def run(self) -> LoadResult:
        try:
            self._run()
        except Exception as exc:  # reported to the caller, which asserts on it
            self.result.error = f"{type(exc).__name__}: {exc}"
        finally:
            self.done.set()
        return self.result

    def _run(self) -> None:
        body = {**SCAN, "pages": self.pages, "pdf": self.pdf}
        started = httpx.post(f"{self.url}/v1/scans", json=body, headers=self.headers,
                             timeout=60)
        started.raise_for_status()
        events = started.json()["events"]
        burst: threading.Thread | None = None
        with httpx.stream("GET", f"{self.url}{events}", headers=self.headers,
                          timeout=httpx.Timeout(60, read=180)) as stream:
            for line in stream.iter_lines():
                if not line.startswith("data: "):
                    continue
                kind = json.loads(line[6:])["type"]
                self.result.events.append(kind)
                if burst is None and kind in ("progress", "page"):
                    burst = threading.Thread(target=self._burst, name="api-load-burst")
                    burst.start()
        if burst is not None:
            burst.join()

    def _burst(self) -> None:
        gate = threading.Barrier(self.burst)
        # one client (its TLS set-up is made once, not 200 times while holding the GIL), no
        # connection kept or shared: each request opens its own, as 200 pages' would
        client = httpx.Client(headers=self.headers, timeout=120, limits=httpx.Limits(
            max_connections=self.burst, max_keepalive_connections=0))

        def status(_: int) -> tuple[int, int]:
            gate.wait(60)  # all at once: 200 connections open together
            reply = client.get(f"{self.url}/v1/status")
            running = reply.json().get("jobs_running", 0) if reply.status_code == 200 else 0
            return reply.status_code, int(running)

        start = time.perf_counter()
        with client, ThreadPoolExecutor(max_workers=self.burst) as pool:
            answers = list(pool.map(status, range(self.burst)))
        self.result.burst_s = time.perf_counter() - start
        self.result.statuses = [code for code, _running in answers]
        self.result.busy = sum(1 for _code, running in answers if running)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("origin")
    parser.add_argument("token")
    parser.add_argument("--burst", type=int, default=200)
    parser.add_argument("--pages", type=int, default=3)
    args = parser.parse_args(argv)
    result = ApiLoad(args.url, args.origin, args.token, pages=args.pages,
                     burst=args.burst).run()
    print(json.dumps(asdict(result)))
    return 0 if not result.error else 1


def pair_approved(url: str, origin: str, home: Any) -> str:
    """A token for ``origin``, approved in the pairing store first (no dialog is opened)."""
    from pathlib import Path

    from scanstation.api.pairing import PairingStore

    with PairingStore(Path(home)) as store:
        store.approve(origin, via="test")
    started = httpx.post(f"{url}/v1/pair", json={}, headers={"Origin": origin}, timeout=30)
    started.raise_for_status()
    got = httpx.get(f"{url}/v1/pair/{started.json()['pairing_id']}",
                    headers={"Origin": origin}, timeout=30)
    got.raise_for_status()
    return str(got.json()["token"])


if __name__ == "__main__":
    sys.exit(main())
