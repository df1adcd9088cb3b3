"""The procedure catalogue: one JSON file per procedure, editable without touching code.

Files are read from, in order (a later file with the same code replaces an earlier one):
``scanstation/resources/procedures/`` shipped with ScanStation, ``<workspace>/procedures/`` (the station's own
additions), and the folders in ``SCANSTATION_PROCEDURES`` (``os.pathsep``-separated). Each file is
checked against ``scanstation/resources/procedures/procedure.schema.json``; a bad file is refused with its name
so the administrator can fix it.
"""

from __future__ import annotations

import json
import os
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import DossierError, NotFoundError
from ..paths import resource
from .model import OTHER_COMPONENT, ComponentSpec, Procedure

RESOURCES = resource()
BUILTIN_DIR = RESOURCES / "procedures"
SCHEMA_PATH = BUILTIN_DIR / "procedure.schema.json"

OTHER_SPEC = ComponentSpec(OTHER_COMPONENT, "Giấy tờ khác", "Other documents", required=False)


class CatalogueError(DossierError):
    vi = "Tệp danh mục thủ tục {name} không hợp lệ: {reason}. Hãy sửa tệp rồi thử lại."
    en = "The procedure catalogue file {name} is not valid: {reason}. Fix the file and try again."


class UnknownProcedureError(NotFoundError):
    vi = (
        "Không có thủ tục mã '{key}' trong danh mục. "
        "Dùng 'scanstation dossier procedures' để xem danh sách."
    )
    en = (
        "No procedure with code '{key}' in the catalogue. "
        "Run 'scanstation dossier procedures' to list them."
    )


@cache
def _validator() -> Any:
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def parse_procedure(data: dict[str, Any], name: str = "?") -> Procedure:
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.path))
    if errors:
        err = errors[0]
        where = "/".join(str(p) for p in err.path) or "(root)"
        raise CatalogueError(name=name, reason=f"{where}: {err.message}"[:300])
    specs = [
        ComponentSpec(
            code=c["code"], name=_nfc(c["name"]), name_en=c.get("name_en", ""),
            required=bool(c["required"]), group=c.get("group", ""), note=_nfc(c.get("note", "")),
        )
        for c in data["components"]
    ]
    codes = [s.code for s in specs]
    if len(set(codes)) != len(codes):
        raise CatalogueError(name=name, reason="duplicate component code")
    if OTHER_COMPONENT not in codes:
        specs.append(OTHER_SPEC)
    return Procedure(
        code=data["code"], name=_nfc(data["name"]), field=_nfc(data["field"]),
        components=tuple(specs), name_en=data.get("name_en", ""), level=_nfc(data.get("level", "")),
        code_status=data["code_status"], code_source=data.get("code_source", ""),
    )


def catalogue_dirs(home: Path | None = None) -> list[Path]:
    dirs = [BUILTIN_DIR]
    if home is not None:
        dirs.append(home / "procedures")
    extra = os.environ.get("SCANSTATION_PROCEDURES", "")
    dirs.extend(Path(p) for p in extra.split(os.pathsep) if p)
    return dirs


def load_catalogue(home: Path | None = None) -> dict[str, Procedure]:
    """Every procedure, by code."""
    procedures: dict[str, Procedure] = {}
    for folder in catalogue_dirs(home):
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.json")):
            if path.name.endswith(".schema.json"):
                continue
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise CatalogueError(name=path.name, reason=type(exc).__name__) from None
            if not isinstance(data, dict):
                raise CatalogueError(name=path.name, reason="not a JSON object")
            proc = parse_procedure(data, path.name)
            procedures[proc.code] = proc
    return procedures


def get_procedure(code: str, home: Path | None = None) -> Procedure:
    code = code.strip()
    catalogue = load_catalogue(home)
    if code in catalogue:
        return catalogue[code]
    # a provincial code carries a suffix: 1.001612.000.00.00.H48 → 1.001612
    base = ".".join(code.split(".")[:2])
    if base in catalogue:
        return catalogue[base]
    raise UnknownProcedureError(what="procedure", key=code)
