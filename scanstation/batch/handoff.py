"""Hand an exported job to the outbox: one outbox item per archive file (hồ sơ), its documents
as exported (signed when the export signed them) and a manifest with the file's metadata.

The outbox freezes what it is given (copies into its own store, idempotency key from the bytes),
so a second export of the same job queues nothing new, and a file that review changed is queued
as its new version. The staging folder the outbox freezes from lives in the job's private
folder and is gone afterwards.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

MANIFEST_SCHEMA = "scanstation.batch.archive-file"


def file_manifest(meta: dict[str, Any], file: dict[str, Any],
                  station: dict[str, Any]) -> dict[str, Any]:
    """The outbox manifest of one hồ sơ: its code is the dossier code the outbox and the portal
    know it by; ``station`` tells a re-export by this station from another station's clash."""
    return {"schema": MANIFEST_SCHEMA, "schema_version": 1,
            "dossier_code": file["code"], "title": file["title"],
            "station": station, "fonds": meta["fonds"], "job": meta["job"]["name"],
            "file": {k: v for k, v in file.items() if k != "documents"},
            "documents": [{k: doc[k] for k in ("file", "number", "number_symbol", "date",
                                                "author", "type", "summary", "page_count",
                                                "sha256")} for doc in file["documents"]]}


def queue_files(meta: dict[str, Any], exported: Path, private_dir: Path, home: Path | None,
                station: dict[str, Any]) -> list[dict[str, Any]]:
    """Queue every file of the export ``meta`` from the verified copies in ``exported``."""
    from ..outbox.items import MANIFEST_NAME
    from ..outbox.queue import Outbox

    queued = []
    with Outbox(home) as outbox, tempfile.TemporaryDirectory(dir=private_dir,
                                                             prefix="outbox-") as tmp:
        for file in meta["files"]:
            staging = Path(tmp) / file["code"]  # the folder's name is the item's name
            staging.mkdir()
            for doc in file["documents"]:
                shutil.copyfile(exported / doc["file"], staging / doc["file"])
            manifest = file_manifest(meta, file, station)
            (staging / MANIFEST_NAME).write_text(
                json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            added = outbox.add_path(staging)
            queued.append({"file_code": file["code"], "item": added.item.id,
                           "created": added.created})
    return queued
