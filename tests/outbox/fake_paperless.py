"""FakePaperlessServer: the part of the Paperless-ngx REST API the outbox uses, on 127.0.0.1.

A double, because Paperless-ngx itself (Django + Celery + Redis) cannot run here. It follows the
real API's shapes: ``post_document`` answers a task UUID as a JSON string; consumption is
asynchronous; ``/api/tasks/?task_id=`` answers a list with ``status`` and ``related_document``;
``/api/documents/?checksum__iexact=`` filters by the MD5 of the original; a duplicate upload is
refused by the consumer with "It is a duplicate of … (#id)". Faults can be injected on upload.
"""

from __future__ import annotations

import hashlib
import json
import random
import socket
import struct
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

from scanstation.testing.portal import parse_multipart


class FakePaperlessServer:
    def __init__(self, token: str = "pl-token", consume_delay: float = 0.15,
                 fault_rate: float = 0.0, seed: int = 0) -> None:
        self.token = token
        self.consume_delay = consume_delay
        self.fault_rate = fault_rate
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.documents: dict[int, dict[str, Any]] = {}
        self.tasks: dict[str, dict[str, Any]] = {}
        self.uploads = 0
        self._next_id = 1
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> FakePaperlessServer:
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _consume(self, task_id: str, name: str, title: str, data: bytes) -> None:
        time.sleep(self.consume_delay)
        checksum = hashlib.md5(data, usedforsecurity=False).hexdigest()
        with self.lock:
            task = self.tasks[task_id]
            existing = [d for d in self.documents.values() if d["checksum"] == checksum]
            if existing:
                task.update(status="FAILURE", result=f"{name}: Not consuming {name}: It is a "
                            f"duplicate of {existing[0]['title']} (#{existing[0]['id']})")
                return
            doc_id = self._next_id
            self._next_id += 1
            self.documents[doc_id] = {"id": doc_id, "title": title, "checksum": checksum,
                                      "original_file_name": name, "size": len(data)}
            task.update(status="SUCCESS", result=f"Success. New document id {doc_id} created",
                        related_document=str(doc_id))

    def checksums(self) -> list[str]:
        with self.lock:
            return [d["checksum"] for d in self.documents.values()]


def _handler(fake: FakePaperlessServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def setup(self) -> None:
            super().setup()
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def _send(self, status: int, payload: Any) -> None:
            body = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _auth(self) -> bool:
            if self.headers.get("Authorization") == f"Token {fake.token}":
                return True
            self._send(401, {"detail": "Invalid token."})
            return False

        def do_GET(self) -> None:
            url = urlparse(self.path)
            query = parse_qs(url.query)
            if not self._auth():
                return
            if url.path == "/api/tasks/":
                task_id = (query.get("task_id") or [""])[0]
                with fake.lock:
                    task = fake.tasks.get(task_id)
                    self._send(200, [dict(task)] if task else [])
            elif url.path == "/api/documents/":
                checksum = (query.get("checksum__iexact") or [""])[0].lower()
                with fake.lock:
                    found = [{"id": d["id"]} for d in fake.documents.values()
                             if d["checksum"] == checksum]
                self._send(200, {"count": len(found), "next": None, "previous": None,
                                 "results": found})
            else:
                self._send(404, {"detail": "Not found."})

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if urlparse(self.path).path != "/api/documents/post_document/":
                self._send(404, {"detail": "Not found."})
                return
            if not self._auth():
                return
            fault = None
            with fake.lock:
                fake.uploads += 1
                if fake.fault_rate and fake.rng.random() < fake.fault_rate:
                    fault = fake.rng.choice(["503", "reset_after"])
            if fault == "503":
                self._send(503, {"detail": "busy"})
                return
            parts = parse_multipart(self.headers.get("Content-Type", ""), body)
            docs = [(fn, data) for name, fn, data in parts if name == "document"]
            titles = [data.decode() for name, _, data in parts if name == "title"]
            if len(docs) != 1:
                self._send(400, {"document": ["No file was submitted."]})
                return
            task_id = str(uuid.uuid4())
            with fake.lock:
                fake.tasks[task_id] = {"task_id": task_id, "status": "PENDING", "result": None,
                                       "related_document": None, "task_file_name": docs[0][0]}
            threading.Thread(target=fake._consume, daemon=True,
                             args=(task_id, docs[0][0] or "", (titles or [""])[0],
                                   docs[0][1])).start()
            if fault == "reset_after":
                self.close_connection = True
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                           struct.pack("ii", 1, 0))
                self.rfile.close()
                self.connection.close()
                return
            self._send(200, task_id)

    return Handler
