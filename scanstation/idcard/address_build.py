"""Build the compact old → new address index shipped in ``scanstation/resources/address/``.

vietnam-address-converter (Apache-2.0, offline) carries the GSO-style mapping table
``admin_mapping_old_to_new_10_25`` (one row per old ward → new ward pair; a ward split between
several new units has several rows). Building its converter takes tens of seconds on a 2-core box
(``shared/cccd_qr.md`` §7), which an officer must never wait for, and the CLI is started once per
address. So the table is distilled once, offline, into a small JSON index that
:mod:`scanstation.idcard.address` loads in milliseconds. New ward and province names are replaced
by their spelling in the official 2025 list (vietnam-provinces), e.g. the table's
``Phường Văn Miếu-Quốc Tử Giám`` becomes ``Phường Văn Miếu - Quốc Tử Giám``.

Run ``python resources/make_address_index.py`` after upgrading either package; a test checks that
the shipped index equals what this module builds from the installed packages.
"""

from __future__ import annotations

import json
from typing import Any

from .address import exact_key, fold, name_key, new_ward_lookup

INDEX_FORMAT = 2


def _official_names() -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """(province key → official name, (province key, ward key) → official ward name)."""
    from vietnam_provinces.lookup import PROVINCE_MAPPING, WARD_MAPPING

    provinces: dict[str, str] = {}
    by_code: dict[Any, str] = {}
    for province in PROVINCE_MAPPING.values():
        provinces[name_key(province.name)] = province.name
        by_code[province.code] = name_key(province.name)
    # Keyed by the full folded name ("phuong tan thanh"): a few provinces have a ward and a
    # commune with the same name.
    # Exact (lower-case NFC) names first; the folded name only where it is unique (the official
    # list has "Xã Văn Lang" and "Xã Văn Lăng" in one province).
    wards: dict[tuple[str, str], str] = {}
    folded: dict[tuple[str, str], list[str]] = {}
    for ward in WARD_MAPPING.values():
        pkey = by_code[ward.province_code]
        wards[(pkey, exact_key(ward.name))] = ward.name
        folded.setdefault((pkey, fold(ward.name)), []).append(ward.name)
    for key, names in folded.items():
        if len(names) == 1:
            wards.setdefault(key, names[0])
    return provinces, wards


def build_index() -> dict[str, Any]:
    """The index as a JSON-ready dict (deterministic: same packages → same bytes)."""
    import vietnam_address_converter
    import vietnam_provinces
    from vietnam_address_converter.data import DEFAULT_DATA

    official_provinces, official_wards = _official_names()
    new_provinces: list[str] = []
    new_wards: list[list[Any]] = []
    new_ward_ids: dict[tuple[str, str], int] = {}
    unmatched: list[str] = []

    def new_ward_id(province_name: str, ward_name: str) -> int:
        pkey = name_key(province_name)
        official_province = official_provinces.get(pkey)
        official_ward = official_wards.get((pkey, exact_key(ward_name))) or official_wards.get(
            (pkey, fold(ward_name))
        )
        wkey = exact_key(official_ward or ward_name)
        if (pkey, wkey) in new_ward_ids:
            return new_ward_ids[(pkey, wkey)]
        if official_province is None or official_ward is None:
            unmatched.append(f"{ward_name}, {province_name}")
            official_province = official_province or province_name
            official_ward = official_ward or ward_name
        if official_province not in new_provinces:
            new_provinces.append(official_province)
        new_wards.append([official_ward, new_provinces.index(official_province)])
        new_ward_ids[(pkey, wkey)] = len(new_wards) - 1
        return new_ward_ids[(pkey, wkey)]

    # old province → district → ward → [new ward ids], in the table's order.
    tree: dict[str, dict[str, dict[str, list[int]]]] = {}
    for row in DEFAULT_DATA["mapping"]["rows"]:
        old, new = row["old"], row["new"]
        target = new_ward_id(new["province_name"], new["ward_name"])
        wards = tree.setdefault(old["province_name"], {}).setdefault(old["district_name"], {})
        targets = wards.setdefault(old["ward_name"], [])
        if target not in targets:
            targets.append(target)
    # Every official new ward is listed, also those no old row maps to (new-form addresses).
    for (pkey, _key), name in sorted(official_wards.items()):  # dict order: deterministic
        new_ward_id(official_provinces[pkey], name)

    # Comparison keys are stored beside the names so that loading needs no text processing.
    def ward_rows(wards: dict[str, list[int]]) -> list[list[Any]]:
        return [[ward, name_key(ward), ids] for ward, ids in wards.items()]

    def district_rows(districts: dict[str, dict[str, list[int]]]) -> list[list[Any]]:
        return [[d, name_key(d), ward_rows(wards)] for d, wards in districts.items()]

    old = [[p, name_key(p), district_rows(districts)] for p, districts in tree.items()]
    lookup = new_ward_lookup(new_provinces, new_wards)
    meta = DEFAULT_DATA["mapping"]["meta"]
    return {
        "format": INDEX_FORMAT,
        "provenance": {
            "source": "vietnam-address-converter (Apache-2.0) mapping table",
            "converter_version": vietnam_address_converter.__version__,
            "table": meta.get("source"),
            "table_version": meta.get("version"),
            "table_rows": meta.get("row_count"),
            "official_names": "vietnam-provinces (2025 two-level list)",
            "official_version": vietnam_provinces.__version__,
            "official_data_version": vietnam_provinces.__data_version__,
            "unmatched_new_names": sorted(set(unmatched)),
        },
        "new_provinces": new_provinces,
        "new_wards": new_wards,
        "new_lookup": lookup,
        "old": old,
    }


def dumps(index: dict[str, Any]) -> str:
    return json.dumps(index, ensure_ascii=False, separators=(",", ":")) + "\n"
