"""Staged documents: one PDF/A-2b per planned document (from the stored page results), and the
staging ``index.json``.

The PDF is built and checked by the document task (``doctask``), renamed into place, then its
row is written with the sha256: a kill between the two leaves a file without a row, which the
resumed job writes again under the same name — replaced, never duplicated.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from pathlib import Path
from typing import Any

from .. import fsio
from .doctask import DocJob, DocOutcome, assemble_document
from .splitting import PlannedDocument
from .state import JobStore, PageRow


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def load_result(store: JobStore, row: PageRow) -> Any:
    return pickle.loads(store.result_path(row.render_key).read_bytes())


def content_key(doc: PlannedDocument, rows: list[PageRow]) -> str:
    return hashlib.sha256("|".join(rows[s - 1].render_key for s in doc.pages).encode()).hexdigest()


def is_current(store: JobStore, doc: PlannedDocument, rows: list[PageRow],
               known: dict[int, dict[str, Any]]) -> bool:
    """The job already holds exactly this document on disk (a resumed job skips it)."""
    old = known.get(doc.seq)
    name = doc.file_name()
    return (old is not None and old["pages"] == doc.pages and old["file"] == name
            and old.get("content_key") == content_key(doc, rows)
            and (not doc.pages or (store.outdir / name).is_file()))


def document_job(store: JobStore, doc: PlannedDocument, rows: list[PageRow]) -> DocJob:
    return DocJob(doc.seq, doc.file_name(), f"{doc.file_code}.{doc.number:03d}", doc.file_code,
                  content_key(doc, rows),
                  tuple(store.result_path(rows[s - 1].render_key).read_bytes() for s in doc.pages))


def record_document(store: JobStore, doc: PlannedDocument, outcome: DocOutcome | None,
                    known: dict[int, dict[str, Any]], key: str) -> None:
    """Put the checked PDF in place, then write its row (a kill between the two leaves a file
    without a row: the resumed job writes it again under the same name)."""
    old = known.get(doc.seq)
    name = doc.file_name()
    if old is not None and old["file"] != name:
        (store.outdir / old["file"]).unlink(missing_ok=True)
    sha, cpu = "", 0.0
    if outcome is not None:
        fsio.atomic_write_bytes(store.outdir / name, outcome.pdf)
        sha, cpu = hashlib.sha256(outcome.pdf).hexdigest(), outcome.cpu
    store.record_document(doc.seq, name, doc.pages, _separator_json(doc), sha, doc.file_code, key,
                          cpu)
    known[doc.seq] = {"pages": doc.pages, "file": name, "content_key": key}


def ensure_document(store: JobStore, doc: PlannedDocument, rows: list[PageRow],
                    known: dict[int, dict[str, Any]]) -> None:
    """Write ``doc`` here and now unless the job already holds exactly this document (a review
    decision after the run; during a run the document task runs on the executor)."""
    if is_current(store, doc, rows, known):
        return
    job = document_job(store, doc, rows)
    record_document(store, doc, assemble_document(job) if doc.pages else None, known,
                    job.content_key)


def _separator_json(doc: PlannedDocument) -> dict[str, Any] | None:
    return dict(doc.separator) if doc.separator else None


def drop_stale_documents(store: JobStore, count: int) -> None:
    """Documents beyond the plan (a review decision merged two): remove their files and rows."""
    for old in store.documents():
        if old["seq"] > count:
            (store.outdir / old["file"]).unlink(missing_ok=True)
    store.drop_documents_from(count + 1)


def document_flags(doc: PlannedDocument, page_flags: dict[int, list[str]],
                   rows: list[PageRow]) -> list[str]:
    """What review must look at in ``doc`` (unresolved page flags, its separator's flags)."""
    seqs = [*doc.pages, *doc.unreadable]
    if doc.separator_seq is not None:
        seqs.append(doc.separator_seq)
    found = {flag for seq in seqs if rows[seq - 1].decision != "accepted"
             for flag in page_flags.get(seq, [])}
    return sorted(found)


def index_entries(store: JobStore, docs: list[PlannedDocument], rows: list[PageRow],
                  page_flags: dict[int, list[str]]) -> list[dict[str, Any]]:
    stored = {d["seq"]: d for d in store.documents()}
    entries = []
    for doc in docs:
        entries.append({
            "file": doc.file_name() if doc.pages else None,
            "pages": [{"source": rows[s - 1].source, "page": rows[s - 1].page} for s in doc.pages],
            "sha256": stored.get(doc.seq, {}).get("sha256", ""),
            "separator": _separator_json(doc),
            "flags": document_flags(doc, page_flags, rows),
        })
    return entries


def write_index(store: JobStore, entries: list[dict[str, Any]]) -> Path:
    return fsio.atomic_write_text(store.outdir / "index.json",
                                  json.dumps(entries, ensure_ascii=False, indent=1) + "\n")
