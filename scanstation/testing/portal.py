"""A small reference receiver of the outbox HTTP protocol, with optional fault injection.

It is a real HTTP server (stdlib ``ThreadingHTTPServer``) that a portal integrator can read as a
worked example of ``docs/portal-protocol.md``, and that the tests and ``benchmarks/outbox_chaos.py``
start on 127.0.0.1 to judge the sender: it remembers every dossier it stored, by idempotency key
*and* by content hash, so a duplicate delivery (the same content stored under two keys, or stored
twice) is counted, never hidden.

Faults (``FaultPlan``) imitate a bad portal: 500, 503/429 with ``Retry-After``, an answer that never
comes in time (before or after storing), a TCP reset before or after storing, slow answers.

Run it by hand: ``python -m scanstation.testing.portal --port 8765 [--fault-rate 0.3]``.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import random
import socket
import ssl
import struct
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

# Faults a POST may meet. "*_after" ones happen after the dossier was stored.
POST_FAULTS = (
    "500", "503", "429", "500_after", "timeout_before", "timeout_after",
    "reset_before", "reset_after", "slow_answer",
)
LOOKUP_FAULTS = ("500", "503", "reset_before", "timeout_before")


@dataclass
class FaultPlan:
    """Which fault (if any) the next request meets: scripted first, then at random."""

    rate: float = 0.0
    kinds: tuple[str, ...] = POST_FAULTS
    lookup_rate: float = 0.0
    lookup_kinds: tuple[str, ...] = LOOKUP_FAULTS
    retry_after: float = 1.0
    hang: float = 3.0  # a "timeout" holds the answer this long (longer than the client waits)
    slow: float = 0.3  # a "slow" answer comes after this long (shorter than the client waits)
    seed: int | None = None
    script: list[str] = field(default_factory=list)  # e.g. ["503", "reset_after", "ok"]
    _random: random.Random = field(init=False, repr=False)
    _lock: threading.Lock = field(init=False, repr=False, default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)

    def next_post(self) -> str | None:
        with self._lock:
            if self.script:
                kind = self.script.pop(0)
                return None if kind == "ok" else kind
            if self.rate and self._random.random() < self.rate:
                return self._random.choice(self.kinds)
            return None

    def next_lookup(self) -> str | None:
        with self._lock:
            if self.lookup_rate and self._random.random() < self.lookup_rate:
                return self._random.choice(self.lookup_kinds)
            return None


@dataclass
class StoredDossier:
    receipt_id: str
    idempotency_key: str
    content_sha256: str
    manifest: bytes
    files: list[tuple[str, str, int]]  # name, sha256, size
    stored_at: float


class ReferencePortal:
    """``with ReferencePortal(faults=FaultPlan(rate=0.3)) as portal: portal.url …``"""

    def __init__(
        self,
        *,
        faults: FaultPlan | None = None,
        token: str | None = None,
        ssl_context: ssl.SSLContext | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        keep_files: bool = True,
    ) -> None:
        self.faults = faults or FaultPlan()
        self.token = token
        self.keep_files = keep_files
        self.lock = threading.Lock()
        self.by_key: dict[str, StoredDossier] = {}
        self.by_content: dict[str, list[str]] = {}  # content hash → keys that stored it
        self.file_data: dict[str, bytes] = {}  # sha256 → bytes (when keep_files)
        self.counters: dict[str, int] = {}
        self._next_receipt = 1
        handler = _make_handler(self)
        self.server = _QuietServer((host, port), handler)
        self.server.daemon_threads = True
        if ssl_context is not None:
            self.server.socket = ssl_context.wrap_socket(self.server.socket, server_side=True)
        scheme = "https" if ssl_context else "http"
        self.url = f"{scheme}://{host}:{self.server.server_address[1]}"
        self._thread: threading.Thread | None = None

    # -- lifecycle

    def start(self) -> ReferencePortal:
        self._thread = threading.Thread(target=self.server.serve_forever, name="ref-portal",
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> ReferencePortal:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- what the judge reads

    def count(self, name: str, n: int = 1) -> None:
        with self.lock:
            self.counters[name] = self.counters.get(name, 0) + n

    @property
    def stored(self) -> int:
        return len(self.by_key)

    @property
    def duplicates(self) -> int:
        """Extra stores of content the portal already had under another key."""
        with self.lock:
            return sum(len(keys) - 1 for keys in self.by_content.values())

    def content_hashes(self) -> set[str]:
        with self.lock:
            return set(self.by_content)

    # -- the protocol

    def store(
        self, key: str, manifest: bytes, files: list[tuple[str, bytes]]
    ) -> tuple[int, dict[str, Any]]:
        content = content_sha256(manifest, [(n, hashlib.sha256(d).hexdigest()) for n, d in files])
        with self.lock:
            known = self.by_key.get(key)
            if known is not None:
                if known.content_sha256 != content:
                    return 422, {"error": "Idempotency-Key reused with a different dossier"}
                self.counters["replays"] = self.counters.get("replays", 0) + 1
                return 200, {"receipt_id": known.receipt_id, "idempotency_key": key}
            receipt_id = f"R-{self._next_receipt:06d}"
            self._next_receipt += 1
            record = StoredDossier(
                receipt_id, key, content, manifest,
                [(n, hashlib.sha256(d).hexdigest(), len(d)) for n, d in files], time.time(),
            )
            self.by_key[key] = record
            self.by_content.setdefault(content, []).append(key)
            if self.keep_files:
                for _, data in files:
                    self.file_data[hashlib.sha256(data).hexdigest()] = data
            return 201, {"receipt_id": receipt_id, "idempotency_key": key}

    def lookup(self, key: str) -> StoredDossier | None:
        with self.lock:
            return self.by_key.get(key)


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that vanish (timeouts, kill -9) are part of the test, not errors to print."""


def content_sha256(manifest: bytes, files: list[tuple[str, str]]) -> str:
    """What "the same dossier" means to the judge: manifest bytes + every (name, sha256)."""
    digest = hashlib.sha256(hashlib.sha256(manifest).digest())
    for name, sha in files:
        digest.update(name.encode("utf-8") + b"\0" + sha.encode("ascii") + b"\0")
    return digest.hexdigest()


def parse_multipart(content_type: str, body: bytes) -> list[tuple[str, str | None, bytes]]:
    """(field name, file name, data) for each part of a multipart/form-data body."""
    boundary = None
    for param in content_type.split(";")[1:]:
        key, _, value = param.strip().partition("=")
        if key.lower() == "boundary":
            boundary = value.strip('"')
    if not boundary:
        raise ValueError("no multipart boundary")
    delimiter = b"--" + boundary.encode("ascii")
    parts = []
    for chunk in body.split(delimiter)[1:]:
        if chunk.startswith(b"--"):
            break
        chunk = chunk.removeprefix(b"\r\n")
        head, sep, data = chunk.partition(b"\r\n\r\n")
        if not sep:
            raise ValueError("malformed part")
        data = data.removesuffix(b"\r\n")
        name = filename = None
        for line in head.decode("utf-8", "replace").split("\r\n"):
            header, _, value = line.partition(":")
            if header.strip().lower() != "content-disposition":
                continue
            for param in value.split(";")[1:]:
                k, _, v = param.strip().partition("=")
                v = v.strip().strip('"')
                if k.lower() == "name":
                    name = v
                elif k.lower() == "filename":
                    filename = v
        if name is None:
            raise ValueError("part without a name")
        parts.append((name, filename, data))
    return parts


def _make_handler(portal: ReferencePortal) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "ScanStationReferencePortal/1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet: tests read counters
            pass

        def setup(self) -> None:
            super().setup()
            # Headers and body go out in two writes; without this, Nagle + delayed ACK add
            # 40 ms to every answer on loopback.
            with contextlib.suppress(OSError):
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        # -- helpers

        def _json(self, status: int, payload: dict[str, Any],
                  headers: dict[str, str] | None = None) -> None:
            body = json.dumps(payload).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

        def _reset(self) -> None:
            """Close with a TCP RST: the client sees "connection reset", no answer at all."""
            self.close_connection = True
            try:
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                           struct.pack("ii", 1, 0))
                self.rfile.close()
                self.connection.close()
            except OSError:
                pass

        def _read_body(self) -> bytes:
            if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                out = bytearray()
                while True:
                    size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                    if size == 0:
                        self.rfile.readline()
                        return bytes(out)
                    out += self.rfile.read(size)
                    self.rfile.readline()
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))

        def _authorised(self) -> bool:
            if portal.token is None:
                return True
            if self.headers.get("Authorization") == f"Bearer {portal.token}":
                return True
            self._json(401, {"error": "missing or wrong bearer token"})
            return False

        def _fault_answer(self, fault: str) -> bool:
            """Answer with an error fault; True if the request is finished."""
            plan = portal.faults
            if fault == "500":
                self._json(500, {"error": "internal error (injected)"})
            elif fault == "503":
                self._json(503, {"error": "maintenance (injected)"},
                           {"Retry-After": f"{plan.retry_after:g}"})
            elif fault == "429":
                self._json(429, {"error": "slow down (injected)"},
                           {"Retry-After": f"{plan.retry_after:g}"})
            elif fault == "reset_before":
                self._reset()
            elif fault == "timeout_before":
                time.sleep(plan.hang)
                self._json(503, {"error": "too late (injected)"})
            else:
                return False
            return True

        # -- routes

        def do_POST(self) -> None:
            path = urlparse(self.path).path.rstrip("/")
            body = self._read_body()
            if not path.endswith("/dossiers"):
                self._json(404, {"error": "not found"})
                return
            portal.count("posts")
            if not self._authorised():
                return
            key = self.headers.get("Idempotency-Key", "").strip()
            if not key:
                self._json(400, {"error": "Idempotency-Key header is required"})
                return
            fault = portal.faults.next_post()
            if fault:
                portal.count(f"fault:{fault}")
            if fault and self._fault_answer(fault):
                return
            if fault == "slow_answer":
                time.sleep(portal.faults.slow)
            try:
                parts = parse_multipart(self.headers.get("Content-Type", ""), body)
            except ValueError as exc:
                self._json(400, {"error": f"bad multipart body: {exc}"})
                return
            manifests = [data for name, _, data in parts if name == "manifest"]
            files = [(fname or "", data) for name, fname, data in parts if name == "files"]
            if len(manifests) != 1:
                self._json(400, {"error": "exactly one 'manifest' part is required"})
                return
            try:
                json.loads(manifests[0])
            except ValueError:
                self._json(400, {"error": "the manifest part is not JSON"})
                return
            status, payload = portal.store(key, manifests[0], files)
            if fault == "reset_after":
                self._reset()
            elif fault == "timeout_after":
                time.sleep(portal.faults.hang)
                self._json(status, payload)
            elif fault == "500_after":
                self._json(500, {"error": "stored, then failed (injected)"})
            else:
                self._json(status, payload)

        def do_GET(self) -> None:
            url = urlparse(self.path)
            if url.path.rstrip("/").endswith("/health"):
                self._json(200, {"ok": True})
                return
            if not url.path.rstrip("/").endswith("/dossiers"):
                self._json(404, {"error": "not found"})
                return
            portal.count("lookups")
            if not self._authorised():
                return
            fault = portal.faults.next_lookup()
            if fault and self._fault_answer(fault):
                return
            key = (parse_qs(url.query).get("idempotency_key") or [""])[0]
            record = portal.lookup(key)
            if record is None:
                self._json(404, {"error": "no dossier with this idempotency key"})
            else:
                self._json(200, {"receipt_id": record.receipt_id, "idempotency_key": key})

    return Handler


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="ScanStation reference portal (outbox protocol)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--token", default=None)
    parser.add_argument("--fault-rate", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args(argv)
    portal = ReferencePortal(host=args.host, port=args.port, token=args.token,
                             faults=FaultPlan(rate=args.fault_rate, seed=args.seed))
    print(f"listening on {portal.url}/dossiers", flush=True)
    try:
        portal.server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        print(json.dumps({"stored": portal.stored, "duplicates": portal.duplicates,
                          **portal.counters}), flush=True)


if __name__ == "__main__":
    main()
