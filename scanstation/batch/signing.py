"""The archive organisation's signature on exported documents (TT 02/2019: the organisation that
manages the archive signs, at the top right of page 1).

Each staged PDF/A is signed once into ``OUTDIR/.job/signed/`` (PAdES, an incremental update: the
PDF/A bytes stay a prefix of the signed file) and that copy is what every target receives; the
index's sha256 is the signed file's. The job remembers which staged file (by its sha256) each
signed copy came from, so an export stopped half-way signs only what is left, and a document
review changed is signed again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .documents import sha256_file
from .state import JobStore

LABEL = "Cơ quan lưu trữ"
REASON = "Số hóa tài liệu lưu trữ / Archive digitization"


@dataclass
class ArchiveSigner:
    """Who signs an export: a credential (``pdf.sign.Pkcs12Credential`` or a token), its PIN
    (``pdf.sign.SessionPin`` — memory only) and the visible text's name."""

    credential: Any
    pin: Any
    signer_name: str = ""
    timestamp_url: str | None = None
    allow_final_try: bool = False

    def options(self) -> Any:
        from ..pdf.sign import SignOptions

        return SignOptions(placement="top-right", label=LABEL, signer_name=self.signer_name,
                           reason=REASON, timestamp_url=self.timestamp_url)


def sign_documents(store: JobStore, documents: list[dict[str, Any]], sources: dict[str, Path],
                   signer: ArchiveSigner, progress: Any = None) -> dict[str, Any]:
    """Sign what is not signed yet; point ``sources`` at the signed copies and set each
    document's ``sha256`` to its signed file's. Returns the index's signature summary."""
    from ..pdf.sign import open_signer, sign_pdf

    folder = store.dir / "signed"
    folder.mkdir(mode=0o700, exist_ok=True)
    signed: dict[str, dict[str, Any]] = dict(store.get("signed", {}) or {})

    def current(doc: dict[str, Any]) -> bool:
        entry = signed.get(doc["file"])
        path = folder / doc["file"]
        return (entry is not None and entry["staged"] == doc["sha256"] and path.is_file()
                and sha256_file(path) == entry["sha256"])

    todo = [doc for doc in documents if not current(doc)]
    if todo:
        with open_signer(signer.credential, signer.pin,
                         allow_final_try=signer.allow_final_try) as opened:
            for doc in todo:
                result = sign_pdf(sources[doc["file"]], folder / doc["file"], opened,
                                  signer.options())
                signed[doc["file"]] = {"staged": doc["sha256"],
                                       "sha256": sha256_file(folder / doc["file"]),
                                       "signer": result.signer_name, "level": result.level,
                                       "at": result.signing_time}
                store.set(signed=signed)  # after each file: a stopped export resumes here
                if progress:
                    progress({"event": "signed", "file": doc["file"]})
    for doc in documents:
        sources[doc["file"]] = folder / doc["file"]
        doc["sha256"] = signed[doc["file"]]["sha256"]
    first = signed[documents[0]["file"]] if documents else {}
    return {"signer": first.get("signer", ""), "level": first.get("level", ""),
            "placement": "top-right", "page": 1, "label": LABEL}
