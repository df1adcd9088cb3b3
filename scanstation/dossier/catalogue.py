"""The procedure catalogue: one JSON file per procedure, editable without touching code.

Files are read from, in order (a later file with the same code replaces an earlier one):
``scanstation/resources/procedures/`` shipped with ScanStation, ``<workspace>/procedures/`` (the station's own
additions), and the folders in ``SCANSTATION_PROCEDURES`` (``os.pathsep``-separated). Each file is
checked against ``scanstation/resources/procedures/procedure.schema.json``; a bad file is refused with its name
so the administrator can fix it.
"""

from __future__ import annotations

import contextlib
import json
import os
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import DossierError, NotFoundError
from ..paths import resource
from .model import OTHER_COMPONENT, ComponentSpec, Procedure
from .names import search_fold

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
        "Dùng 'scanstation procedures TỪ_KHÓA' để tìm thủ tục."
    )
    en = (
        "No procedure with code '{key}' in the catalogue. "
        "Run 'scanstation procedures KEYWORDS' to find one."
    )


@cache
def _validator() -> Any:
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def parse_procedure(data: dict[str, Any], name: str = "?", *, validate: bool = True
                    ) -> Procedure:
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.path)) if validate else []
    if errors:
        err = errors[0]
        where = "/".join(str(p) for p in err.path) or "(root)"
        raise CatalogueError(name=name, reason=f"{where}: {err.message}"[:300])
    specs = [
        ComponentSpec(
            code=c["code"], name=_nfc(c["name"]), name_en=c.get("name_en", ""),
            required=bool(c["required"]), group=c.get("group", ""), note=_nfc(c.get("note", "")),
            status=c.get("status", "unverified"),
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
        processing_days=int(data.get("processing_days", 0)),
    )


def catalogue_dirs(home: Path | None = None) -> list[Path]:
    dirs = [BUILTIN_DIR]
    if home is not None:
        dirs.append(home / "procedures")
    extra = os.environ.get("SCANSTATION_PROCEDURES", "")
    dirs.extend(Path(p) for p in extra.split(os.pathsep) if p)
    return dirs


def _catalogue_files(home: Path | None) -> list[Path]:
    files: list[Path] = []
    for folder in catalogue_dirs(home):
        if folder.is_dir():
            files.extend(p for p in sorted(folder.glob("*.json"))
                         if not p.name.endswith(".schema.json"))
    return files


def _validated_cache(files: list[Path]) -> tuple[Path, str]:
    """Where the already-validated files' key is kept: checking ~40 files against the schema
    costs a quarter second per CLI call (jsonschema's import), the key only a few ``stat``s."""
    from hashlib import sha256

    from ..paths import cache_dir

    key = sha256()
    for path in [SCHEMA_PATH, *files]:
        st = path.stat()
        key.update(f"{path}\0{st.st_mtime_ns}\0{st.st_size}\n".encode())
    return cache_dir("catalogue") / "validated.key", key.hexdigest()


def load_catalogue(home: Path | None = None) -> dict[str, Procedure]:
    """Every procedure, by code. Files are checked against the schema whenever one changed."""
    files = _catalogue_files(home)
    marker: Path | None = None
    try:
        marker, key = _validated_cache(files)
        validated = marker.read_text(encoding="ascii") == key
    except (OSError, UnicodeDecodeError):
        validated = False
    procedures: dict[str, Procedure] = {}
    for path in files:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CatalogueError(name=path.name, reason=type(exc).__name__) from None
        if not isinstance(data, dict):
            raise CatalogueError(name=path.name, reason="not a JSON object")
        proc = parse_procedure(data, path.name, validate=not validated)
        procedures[proc.code] = proc
    if not validated and marker is not None:
        from .. import fsio

        with contextlib.suppress(Exception):  # a read-only cache only costs time
            fsio.atomic_write_text(marker, key)
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


# --- search ------------------------------------------------------------------------------------


_LEAD = "thu tuc "  # "Thủ tục đăng ký kết hôn": the lead word says nothing about the procedure


def _score(proc: Procedure, query: str, words: list[str]) -> tuple[int, int]:
    """How well ``proc`` answers the folded ``query``: (band, -extra words); band 0 = no match.
    Bands, best first: the code, the whole query in the name, every word in the name, every word
    somewhere (field, English name, component names). Within a band the name with fewer words
    beyond the query wins: "ket hon" puts "Đăng ký kết hôn" above "Đăng ký lại kết hôn"."""
    code = proc.code.lower()
    if query == code:
        return (6, 0)
    if query[0].isdigit() and code.startswith(query):
        return (5, 0)
    name = search_fold(proc.name).removeprefix(_LEAD)
    name_words = name.split()
    extra = -max(0, len(name_words) - len(words))
    if f" {query} " in f" {name} ":
        return (4, extra)
    # the last word may still be being typed ("ket h"), hence prefixes
    if words and all(any(w.startswith(q) for w in name_words) for q in words):
        return (3 if query in name else 2, extra)
    haystack = " ".join([name, search_fold(proc.field), search_fold(proc.name_en)]
                        + [search_fold(c.name) for c in proc.components]).split()
    if words and all(any(w.startswith(q) for w in haystack) for q in words):
        return (1, extra)
    return (0, 0)


def search(query: str, home: Path | None = None,
           catalogue: dict[str, Procedure] | None = None) -> list[Procedure]:
    """The procedures matching ``query``, best first: by code (``1.001193``, a provincial suffix
    is ignored) or by words of the name, ignoring case and diacritics (``ket hon`` finds "Đăng ký
    kết hôn"; ``đ`` folds to ``d``). An empty query gives the whole catalogue by code. The window
    and ``scanstation procedures`` both call this."""
    procedures = list((catalogue if catalogue is not None else load_catalogue(home)).values())
    folded = search_fold(query)
    if not folded:
        return sorted(procedures, key=lambda p: p.code)
    if folded[0].isdigit() and folded.count(".") >= 2:
        folded = ".".join(folded.split(".")[:2])  # 1.001612.000.00.00.H48 → 1.001612
    words = folded.split()
    scored = [(s, p) for p in procedures if (s := _score(p, folded, words))[0] > 0]
    scored.sort(key=lambda sp: (-sp[0][0], -sp[0][1], sp[1].code))
    return [p for _, p in scored]
