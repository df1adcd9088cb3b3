"""Freezing a dossier version: its files copied into the blob store (the source folder may change
afterwards; what is sent cannot), its manifest, and its idempotency key."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from ..vault import read_personal
from .blobs import BlobStore
from .errors import OutboxInputError
from .items import KEY_PREFIX, MANIFEST_NAME, SYNTH_SCHEMA, media_type_of, nfc

FileRow = tuple[str, str, int, str]  # name, sha256, size, media type


@dataclass(frozen=True)
class FrozenVersion:
    kind: str  # "dossier" | "pdf"
    source_name: str
    manifest: bytes
    synthesised: bool
    files: list[FileRow]


def freeze_path(store: BlobStore, path: Path) -> FrozenVersion:
    """Copy a built dossier folder or a PDF into ``store``: the version to enqueue."""
    path = Path(path)
    name = nfc(path.name)
    if not path.exists():
        raise OutboxInputError(name=name, reason="không tồn tại / does not exist")
    if path.is_dir():
        return _freeze_folder(store, path)
    if path.is_file():
        return _freeze_pdf(store, path)
    raise OutboxInputError(
        name=name, reason="không phải tệp hay thư mục / not a file or folder"
    )

def _freeze_pdf(store: BlobStore, path: Path) -> FrozenVersion:
    name = nfc(path.name)
    try:
        with open(path, "rb") as handle:
            head = handle.read(1024)
    except OSError as exc:
        raise OutboxInputError(name=name, reason=exc.strerror or "I/O") from exc
    if b"%PDF-" not in head and path.suffix.lower() != ".pdf":
        raise OutboxInputError(
            name=name,
            reason="không phải PDF hay thư mục hồ sơ / not a PDF nor a dossier folder",
        )
    sha, size = store.put_file(path)
    files = [(name, sha, size, "application/pdf")]
    manifest = synthesise_manifest(title=Path(name).stem, files=files)
    return FrozenVersion("pdf", name, manifest, True, files)

def _freeze_folder(store: BlobStore, folder: Path) -> FrozenVersion:
    name = nfc(folder.name)
    manifest_path = folder / MANIFEST_NAME
    members = sorted(
        (p for p in folder.rglob("*") if p.is_file() and is_member(folder, p)),
        key=lambda p: p.relative_to(folder).as_posix(),
    )
    if not members:
        raise OutboxInputError(
            name=name, reason="thư mục không có tệp nào / the folder is empty"
        )
    files: list[tuple[str, str, int, str]] = []
    for member in members:
        rel = nfc(member.relative_to(folder).as_posix())
        sha, size = store.put_file(member)
        files.append((rel, sha, size, media_type_of(rel)))
    if manifest_path.is_file():
        # Frozen as the exact bytes the dossier builder wrote (signed or hashed upstream).
        try:
            manifest = read_personal(manifest_path)  # sealed in an encrypted workspace
            json.loads(manifest)
        except (OSError, ValueError) as exc:
            raise OutboxInputError(
                name=name, reason="manifest.json không hợp lệ / manifest.json is not valid JSON"
            ) from exc
        synthesised = False
    else:
        manifest = synthesise_manifest(title=name, files=files)
        synthesised = True
    return FrozenVersion("dossier", name, manifest, synthesised, files)


def is_member(folder: Path, path: Path) -> bool:
    """Files that belong to the dossier: not the manifest itself, not hidden or temp files."""
    rel = path.relative_to(folder)
    if rel.as_posix() == MANIFEST_NAME:
        return False
    return not any(part.startswith(".") for part in rel.parts)


def idempotency_key(manifest_sha256: str, files: list[tuple[str, str, int, str]]) -> str:
    """Stable per dossier version: the same frozen bytes always give the same key."""
    canonical = json.dumps(
        {"v": 1, "manifest": manifest_sha256, "files": [[n, s, z] for n, s, z, _ in files]},
        ensure_ascii=False,
        separators=(",", ":"),
        sort_keys=True,
    )
    return KEY_PREFIX + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def synthesise_manifest(title: str, files: list[tuple[str, str, int, str]]) -> bytes:
    """A manifest for a folder without one, or a single PDF: names, hashes, sizes."""
    manifest = {
        "schema": SYNTH_SCHEMA,
        "synthesised": True,
        "title": nfc(title),
        "files": [
            {"name": n, "sha256": s, "size": z, "media_type": m} for n, s, z, m in files
        ],
    }
    return json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")


def describe_manifest(manifest: bytes) -> dict[str, str]:
    """Dossier code and procedure from a builder's manifest (several spellings accepted)."""
    out = {"dossier_code": "", "procedure_code": "", "procedure_name": ""}
    try:
        data = json.loads(manifest)
    except ValueError:
        return out
    if not isinstance(data, dict):
        return out
    scopes = [data] + [data[k] for k in ("dossier", "ho_so") if isinstance(data.get(k), dict)]
    proc = data.get("procedure")
    if isinstance(proc, dict):
        scopes.append({f"procedure_{k}": v for k, v in proc.items()})

    def pick(*keys: str) -> str:
        for scope in scopes:
            for key in keys:
                value = scope.get(key)
                if isinstance(value, str | int) and str(value).strip():
                    return nfc(str(value).strip())
        return ""

    # "dossier_id" is what scanstation.dossier's builder writes (the id is the dossier code).
    out["dossier_code"] = pick("dossier_code", "dossier_id", "code", "ma_ho_so")
    out["procedure_code"] = pick("procedure_code", "ma_thu_tuc", "ma_tthc")
    if not out["procedure_code"] and isinstance(proc, str):
        out["procedure_code"] = nfc(proc)
    out["procedure_name"] = pick("procedure_name", "procedure_title", "ten_thu_tuc")
    return out
