"""Export a reviewed job to the archive targets (two or more: TT 02/2019 asks for ≥ 2 copies on
independent media).

Each target gets every document PDF, ``index.json`` and ``index.csv`` (fonds / file / document
metadata with each file's sha256) and ``SHA256SUMS``. Every copy is re-read and its hash
compared before it counts as exported; the job remembers what each target already holds, so an
export stopped by a full disk or a vanished share goes on where it stopped.
"""

from __future__ import annotations

import csv
import errno
import io
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from .. import fsio
from ..errors import StorageError
from .documents import sha256_file
from .errors import ExportTargetError, ExportVerifyError, JobIncompleteError, ReviewPendingError
from .review import pending, review_cleared
from .runner import finalize, rules_of
from .state import JobStore

CSV_FIELDS = ["fonds_code", "file_code", "document_number", "file", "page_count", "sha256",
              "flags"]


def _copy_verified(src: Path, dst: Path, sha: str) -> None:
    try:
        fsio.atomic_copy(src, dst)
    except StorageError:
        raise
    except OSError as exc:
        raise ExportTargetError(path=str(dst.parent), reason=exc.strerror or type(exc).__name__) from exc
    if sha256_file(dst) != sha:
        raise ExportVerifyError(path=str(dst))


def _metadata(store: JobStore, fonds_code: str, fonds_name: str) -> dict[str, Any]:
    from ..paths import VN_TZ

    docs = store.documents()
    rows = store.pages()
    files: dict[str, dict[str, Any]] = {}
    documents = []
    for doc in docs:
        if not doc["file"] or not doc["sha256"]:
            continue
        number = int(doc["file"].rsplit(".", 2)[-2])
        page_count = len(doc["pages"])
        entry = files.setdefault(doc["file_code"], {
            "code": doc["file_code"], "title": "", "start_date": None, "end_date": None,
            "retention": "", "access_level": "", "page_count": 0, "documents": 0})
        entry["page_count"] += page_count
        entry["documents"] += 1
        documents.append({
            "file": doc["file"], "file_code": doc["file_code"], "document_number": number,
            "number_symbol": "", "date": None, "author": "", "summary": "",
            "page_count": page_count, "sha256": doc["sha256"], "flags": doc["flags"],
            "pages": [{"source": rows[s - 1].source, "page": rows[s - 1].page}
                      for s in doc["pages"]],
            "separator": doc["separator"]})
    return {"fonds": {"code": fonds_code, "name": fonds_name}, "job": store.name,
            "exported_at": datetime.now(VN_TZ).replace(microsecond=0).isoformat(),
            "review": store.get("review", {}), "files": list(files.values()),
            "documents": documents}


def _csv_text(meta: dict[str, Any]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for doc in meta["documents"]:
        writer.writerow({"fonds_code": meta["fonds"]["code"], "file_code": doc["file_code"],
                         "document_number": doc["document_number"], "file": doc["file"],
                         "page_count": doc["page_count"], "sha256": doc["sha256"],
                         "flags": " ".join(doc["flags"])})
    return buffer.getvalue()


def export(store: JobStore, targets: list[Path], *, fonds_code: str = "", fonds_name: str = "",
           progress: Any = None) -> dict[str, Any]:
    rows = store.pages()
    missing = sum(1 for r in rows if not (r.ocred or r.error or r.decision == "deleted"))
    if missing:
        raise JobIncompleteError(job=store.name, missing=missing)
    if not review_cleared(store):
        raise ReviewPendingError(job=store.name, pending=len(pending(rows)))
    finalize(store, rules_of(store))  # applies review decisions to the staged documents
    meta = _metadata(store, fonds_code, fonds_name)
    index_json = (json.dumps(meta, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    index_csv = _csv_text(meta).encode("utf-8")
    import hashlib

    sums = [(d["sha256"], d["file"]) for d in meta["documents"]]
    sums += [(hashlib.sha256(index_json).hexdigest(), "index.json"),
             (hashlib.sha256(index_csv).hexdigest(), "index.csv")]
    result = []
    for target in targets:
        key = str(target.resolve())
        try:
            target.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ExportTargetError(path=str(target), reason=exc.strerror or "") from exc
        held = store.exported(key)
        copied = 0
        for doc in meta["documents"]:
            dst = target / doc["file"]
            if held.get(doc["file"]) == doc["sha256"] and dst.is_file():
                continue  # already there and verified in an earlier run
            _copy_verified(store.outdir / doc["file"], dst, doc["sha256"])
            store.record_export(key, doc["file"], doc["sha256"])
            copied += 1
            if progress:
                progress({"event": "copied", "target": str(target), "file": doc["file"]})
        for name, data in (("index.json", index_json), ("index.csv", index_csv),
                           ("SHA256SUMS", "".join(f"{s}  {n}\n" for s, n in sums).encode())):
            try:
                fsio.atomic_write_bytes(target / name, data)
            except StorageError:
                raise
            except OSError as exc:
                raise ExportTargetError(path=str(target), reason=exc.strerror or "") from exc
        verified = _verify_target(target, sums)
        result.append({"target": str(target), "copied": copied, "verified": verified})
    store.set(state="exported")
    return {"event": "exported", "job": store.name, "documents": len(meta["documents"]),
            "targets": result, "copies": len(targets), "archive_rule_met": len(targets) >= 2}


def _verify_target(target: Path, sums: list[tuple[str, str]]) -> int:
    """Re-read every file on ``target`` and compare its sha256."""
    for sha, name in sums:
        path = target / name
        try:
            actual = sha256_file(path)
        except FileNotFoundError as exc:
            raise ExportTargetError(path=str(target), reason=errno.errorcode.get(errno.ENOENT, "")) from exc
        if actual != sha:
            raise ExportVerifyError(path=str(path))
    return len(sums)
