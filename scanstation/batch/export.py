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
import pickle
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

CSV_FIELDS = ["fonds_code", "file_code", "file_title", "retention", "access_level",
              "document_number", "number_symbol", "date", "author", "type", "summary", "file",
              "page_count", "sha256", "flags"]


def _copy_verified(src: Path, dst: Path, sha: str) -> None:
    try:
        fsio.atomic_copy(src, dst)
    except StorageError:
        raise
    except OSError as exc:
        raise ExportTargetError(path=str(dst.parent), reason=exc.strerror or type(exc).__name__) from exc
    if sha256_file(dst) != sha:
        raise ExportVerifyError(path=str(dst))


SCHEMA = "scanstation.batch.export"
SCHEMA_VERSION = 2


def archive_settings(store: JobStore, override: dict[str, Any] | None = None) -> dict[str, Any]:
    """The job's archive settings (fonds, retention, access level, per-file titles) as ``batch
    run`` stored them, with ``batch export``'s options on top (and kept for the next export)."""
    from .metadata import merge_settings

    settings = merge_settings(store.get("archive", {}) or {}, override or {})
    if override:
        store.set(archive=settings)
    return settings


def _document_text(store: JobStore, doc: dict[str, Any], rows: list[Any]) -> dict[str, Any]:
    """Metadata read from the document's first page with text (a kept separator sheet has none)."""
    from .documents import load_result
    from .metadata import document_metadata

    for seq in doc["pages"][:3]:
        try:
            ocr = load_result(store, rows[seq - 1]).ocr
        except (OSError, EOFError, ValueError, pickle.UnpicklingError):  # lost: fields stay empty
            continue
        if ocr.lines:
            meta = document_metadata([ocr.lines], [ocr.width])
            meta["page_count"] = len(doc["pages"])
            return meta
    return document_metadata([], []) | {"page_count": len(doc["pages"])}


def _metadata(store: JobStore, settings: dict[str, Any]) -> dict[str, Any]:
    """``index.json`` of an export: fonds → files (hồ sơ) → documents (văn bản)."""
    from ..paths import VN_TZ
    from .metadata import file_metadata

    rows = store.pages()
    by_file: dict[str, list[dict[str, Any]]] = {}
    for doc in store.documents():
        if not doc["file"] or not doc["sha256"]:
            continue
        found = _document_text(store, doc, rows)
        by_file.setdefault(doc["file_code"], []).append({
            "file": doc["file"], "number": int(doc["file"].rsplit(".", 2)[-2]),
            "number_symbol": found["number_symbol"], "date": found["date"],
            "author": found["author"], "type": found["type"], "summary": found["summary"],
            "page_count": found["page_count"], "sha256": doc["sha256"], "flags": doc["flags"],
            "pages": [{"source": rows[s - 1].source, "page": rows[s - 1].page}
                      for s in doc["pages"]],
            "separator": doc["separator"]})
    return {"schema": SCHEMA, "schema_version": SCHEMA_VERSION,
            "fonds": {"code": settings.get("fonds_code", ""),
                      "name": settings.get("fonds_name", "")},
            "job": {"name": store.name,
                    "exported_at": datetime.now(VN_TZ).replace(microsecond=0).isoformat(),
                    "review": store.get("review", {}), "signature": None},
            "files": [file_metadata(code, docs, settings) for code, docs in by_file.items()]}


def all_documents(meta: dict[str, Any]) -> list[dict[str, Any]]:
    """Every document of an export's index, in order, with its file's code."""
    return [{**doc, "file_code": f["code"]} for f in meta["files"] for doc in f["documents"]]


def _csv_text(meta: dict[str, Any]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for file in meta["files"]:
        for doc in file["documents"]:
            writer.writerow({
                "fonds_code": meta["fonds"]["code"], "file_code": file["code"],
                "file_title": file["title"], "retention": file["retention"],
                "access_level": file["access_level"], "document_number": doc["number"],
                "number_symbol": doc["number_symbol"], "date": doc["date"] or "",
                "author": doc["author"], "type": doc["type"], "summary": doc["summary"],
                "file": doc["file"], "page_count": doc["page_count"], "sha256": doc["sha256"],
                "flags": " ".join(doc["flags"])})
    return buffer.getvalue()


def export(store: JobStore, targets: list[Path], *, settings: dict[str, Any] | None = None,
           sign: Any = None, progress: Any = None,
           outbox: dict[str, Any] | None = None) -> dict[str, Any]:
    """Copy the reviewed job to every target and verify it there. ``settings`` override the
    job's archive settings; ``sign`` (a ``signing.ArchiveSigner``) signs each PDF first;
    ``outbox`` (``{"home": …, "station": {…}}``) then queues each file (hồ sơ) to the outbox,
    from the verified copies."""
    rows = store.pages()
    missing = sum(1 for r in rows if not (r.ocred or r.error or r.decision == "deleted"))
    if missing:
        raise JobIncompleteError(job=store.name, missing=missing)
    if not review_cleared(store):
        raise ReviewPendingError(job=store.name, pending=len(pending(rows)))
    finalize(store, rules_of(store))  # applies review decisions to the staged documents
    meta = _metadata(store, archive_settings(store, settings))
    documents = all_documents(meta)
    sources = {d["file"]: store.outdir / d["file"] for d in documents}
    if sign is not None:
        from .signing import sign_documents

        meta["job"]["signature"] = sign_documents(store, documents, sources, sign, progress)
        shas = {d["file"]: d["sha256"] for d in documents}
        for file in meta["files"]:
            for doc in file["documents"]:
                doc["sha256"] = shas[doc["file"]]
    index_json = (json.dumps(meta, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    index_csv = _csv_text(meta).encode("utf-8")
    import hashlib

    sums = [(d["sha256"], d["file"]) for d in documents]
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
        for doc in documents:
            dst = target / doc["file"]
            if held.get(doc["file"]) == doc["sha256"] and dst.is_file():
                continue  # already there and verified in an earlier run
            _copy_verified(sources[doc["file"]], dst, doc["sha256"])
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
    summary = {"event": "exported", "job": store.name, "documents": len(documents),
               "signed": sign is not None,
               "targets": result, "copies": len(targets), "archive_rule_met": len(targets) >= 2}
    if outbox is not None:
        from .handoff import queue_files

        summary["outbox"] = queue_files(meta, targets[0], store.dir, outbox.get("home"),
                                        outbox.get("station", {}))
    return summary


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
