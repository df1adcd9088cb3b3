"""Local API benchmark: what a web page waits for over the API beside the same work done by the
CLI (a new process per input, as scripts and the checks run it), in the same run.

    .venv/bin/python benchmarks/local_api.py [--runs 5] [--status 300]

Rows:
* status — one ``GET /v1/status`` on a kept-alive connection (Host, Origin, token checks and the
  SQLite look-up) beside the same JSON from a bare standard-library HTTP server (the floor);
* ID card — ``POST /v1/idcard`` with a generated card image beside ``scanstation idcard --json``;
* first page — ``POST /v1/scans`` (SANE ``test:0``, 300 dpi, one page) until the first page's
  bytes (as captured; the cleaned page follows) are downloaded, beside ``scanstation scan``
  until its first page line (target ≤ 1.2×).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scanstation.api.pairing import PairingStore  # noqa: E402

ORIGIN = "http://127.0.0.1:8181"
PAGE = {"device": "test:0", "pages": 1, "resolution": 300, "source": "flatbed", "mode": "gray",
        "pdf": False}


class Api:
    """A client of ``scanstation serve`` running as its own process, paired like a page."""

    def __init__(self, home: Path) -> None:
        env = {**os.environ, "SCANSTATION_HOME": str(home)}
        self.proc = subprocess.Popen([sys.executable, "-m", "scanstation", "serve", "--port", "0",
                                      "--json"], stdout=subprocess.PIPE, text=True, env=env)
        self.port = int(json.loads(self.proc.stdout.readline())["url"].rsplit(":", 1)[1])
        self.conn = http.client.HTTPConnection("127.0.0.1", self.port)
        self.token = ""
        pairing = self.call("POST", "/v1/pair", b"{}", "application/json")
        with PairingStore(home) as store:
            store.approve(ORIGIN, via="benchmark")
        self.token = self.call("GET", f"/v1/pair/{pairing['pairing_id']}")["token"]

    def call(self, method: str, path: str, body: bytes | None = None, kind: str = "") -> Any:
        headers = {"Origin": ORIGIN, "Host": f"127.0.0.1:{self.port}"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if kind:
            headers["Content-Type"] = kind
        self.conn.request(method, path, body=body, headers=headers)
        reply = self.conn.getresponse()
        data = reply.read()
        assert reply.status < 300, (reply.status, data[:300])
        return json.loads(data) if reply.getheader("Content-Type", "").startswith(
            "application/json") else data

    def first_page(self) -> float:
        start = time.perf_counter()
        job = self.call("POST", "/v1/scans", json.dumps(PAGE).encode(), "application/json")
        conn = http.client.HTTPConnection("127.0.0.1", self.port)
        conn.request("GET", job["events"], headers={"Origin": ORIGIN,
                                                    "Host": f"127.0.0.1:{self.port}",
                                                    "Authorization": f"Bearer {self.token}"})
        stream = conn.getresponse()
        url = ""
        for raw in stream:
            if raw.startswith(b"data: "):
                event = json.loads(raw[6:])
                if event["type"] == "page":
                    url = event["original_url"]
                    break
                assert event["type"] not in ("failed", "cancelled"), event
        assert url
        data = self.call("GET", url)
        elapsed = time.perf_counter() - start
        conn.close()
        assert data[:4] == b"\x89PNG", data[:10]
        return elapsed

    def stop(self) -> None:
        self.conn.close()
        self.proc.terminate()
        self.proc.wait(timeout=30)


def bare_server(payload: bytes) -> ThreadingHTTPServer:
    class Bare(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # as the API server: no 40 ms delayed-ACK stall

        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Bare)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def timed(fn: Any, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def cli(home: Path, *args: str, until_line: bool = False) -> float:
    env = {**os.environ, "SCANSTATION_HOME": str(home)}
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "scanstation", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    proc.stdout.read()
    assert proc.wait() == 0 and line.startswith("{"), line
    return elapsed if until_line else time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--status", type=int, default=300, help="status requests")
    args = parser.parse_args()

    from scanstation.testing import cards

    with tempfile.TemporaryDirectory(prefix="bench-api-") as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        rng = random.Random(16)
        card = cards.render_card(cards.invent_person(rng), 3.0, rng).convert("RGB")
        card_path = Path(tmp) / "card.png"
        card.save(card_path)
        card_bytes = card_path.read_bytes()
        api = Api(home)
        try:
            status_body = json.dumps(api.call("GET", "/v1/status")).encode()
            bare = bare_server(status_body)
            bare_conn = http.client.HTTPConnection("127.0.0.1", bare.server_address[1])

            def bare_status() -> None:
                bare_conn.request("GET", "/v1/status")
                bare_conn.getresponse().read()

            rows = []
            ours = timed(lambda: api.call("GET", "/v1/status"), args.status)
            ref = timed(bare_status, args.status)
            rows.append(("status (ms, median / p95)", ours, ref, "bare http.server", 1000))
            api.call("POST", "/v1/idcard", card_bytes, "image/png")  # warm: imports, QR model
            ours = timed(lambda: api.call("POST", "/v1/idcard", card_bytes, "image/png"),
                         args.runs)
            ref = [cli(home, "idcard", "--json", str(card_path)) for _ in range(args.runs)]
            rows.append(("ID card (ms, median / p95)", ours, ref, "scanstation idcard", 1000))
            api.first_page()  # warm: the SANE worker's first start
            ours = [api.first_page() for _ in range(args.runs)]
            out = Path(tmp) / "out"
            ref = [cli(home, "scan", "-d", "test:0", "-o", str(out), "--pages", "1",
                       "--resolution", "300", "--mode", "gray", "--source", "flatbed",
                       until_line=True) for _ in range(args.runs)]
            rows.append(("first page (s, median / p95)", ours, ref, "scanstation scan", 1))
        finally:
            api.stop()

    def cell(values: list[float], scale: float) -> str:
        ordered = sorted(values)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        return f"{statistics.median(values) * scale:8.2f} / {p95 * scale:8.2f}"

    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'local API':>19}  {'reference':>19}  {'ratio':>6}  reference")
    print("-" * (width + 74))
    for name, ours, ref, what, scale in rows:
        ratio = statistics.median(ours) / statistics.median(ref)
        print(f"{name:<{width}}  {cell(ours, scale):>19}  {cell(ref, scale):>19}  "
              f"{ratio:5.2f}×  {what}")
    print(f"runs: {args.runs} (status: {args.status}); the API server is a separate process "
          "(scanstation serve); CLI rows start one process per input.")


if __name__ == "__main__":
    main()
