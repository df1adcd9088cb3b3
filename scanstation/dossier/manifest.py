"""``manifest.json`` of a built dossier: validated by ``scanstation/resources/schemas/manifest.schema.json``,
and re-checked against the files (sha256, size, page count) by whoever receives the folder."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import DossierError, FileNotFoundInputError
from .catalogue import RESOURCES

SCHEMA_PATH = RESOURCES / "schemas" / "manifest.schema.json"
MANIFEST_NAME = "manifest.json"


class ManifestInvalidError(DossierError):
    vi = "Tệp manifest.json không hợp lệ: {reason}."
    en = "manifest.json is not valid: {reason}."


@cache
def _validator() -> Any:
    import jsonschema

    return jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def schema_errors(manifest: dict[str, Any]) -> list[str]:
    out = []
    for err in sorted(_validator().iter_errors(manifest), key=lambda e: list(e.path)):
        where = "/".join(str(p) for p in err.path) or "(root)"
        out.append(f"{where}: {err.message}"[:300])
    return out


def validate_manifest(manifest: dict[str, Any]) -> None:
    errors = schema_errors(manifest)
    if errors:
        raise ManifestInvalidError(reason=errors[0])


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def pdf_page_count(path: Path) -> int:
    import pikepdf

    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


def verify_folder(folder: Path) -> list[str]:
    """Problems found re-checking a built dossier folder against its manifest ([] = all good)."""
    folder = Path(folder)
    path = folder / MANIFEST_NAME
    if not path.is_file():
        raise FileNotFoundInputError(name=str(path))
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return [f"manifest.json: {type(exc).__name__}"]
    problems = schema_errors(manifest)
    if problems:
        return problems
    listed = set()
    for doc in manifest["documents"]:
        name = doc["file"]
        listed.add(name)
        file = folder / name
        if not file.is_file():
            problems.append(f"{name}: missing")
            continue
        if file.stat().st_size != doc["size"]:
            problems.append(f"{name}: size {file.stat().st_size} != {doc['size']}")
        if sha256_file(file) != doc["sha256"]:
            problems.append(f"{name}: sha256 mismatch")
        try:
            pages = pdf_page_count(file)
        except Exception as exc:  # unreadable PDF: report, keep checking the others
            problems.append(f"{name}: unreadable ({type(exc).__name__})")
            continue
        if pages != doc["page_count"]:
            problems.append(f"{name}: {pages} pages != {doc['page_count']}")
    for extra in sorted(p.name for p in folder.glob("*.pdf")):
        if extra not in listed:
            problems.append(f"{extra}: not in the manifest")
    return problems
