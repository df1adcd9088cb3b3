"""Convert a pre-July-2025 address (three levels) to the ward that exists since 1 July 2025.

The data is vietnam-address-converter's mapping table distilled into a compact index
(``scanstation/resources/address/address_index.json``, built by :mod:`.address_build`) so the first answer
comes in milliseconds instead of the converter's ~50 s cold start. The answer is never a guess:

* ``matched`` — the old province, district and ward were all found and the ward went to exactly
  one new unit (the only case the research note trusts: input type old, match level
  province/district/ward);
* ``ambiguous`` — the old ward was split between several new units, or the ward name is not in
  the table (e.g. abolished in Hà Nội's 2024–25 mergers: ``Nguyễn Trung Trực``) so only the district
  is known: ``candidates`` lists the possible new wards and the officer picks one (the street or
  hamlet decides, which only a person can read);
* ``unknown`` — no province/district recognised: the officer chooses from the official list.

The QR's original address is never replaced; this only proposes the new ward. Ward and province
names are those of the official 2025 list (``Phường Hoàn Kiếm``, ``Thành phố Hà Nội``).
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import ScanStationError
from ..paths import resource

MATCHED = "matched"
AMBIGUOUS = "ambiguous"
UNKNOWN = "unknown"

INDEX_PATH = resource("address", "address_index.json")

# Unit-type prefixes, longest first ("P.", "TP", "Huyện" …). Matched on the accented text so that
# "Quán Thánh" keeps its "Quán" while "Quận Ba Đình" loses its "Quận"; the unaccented forms are
# only used for inputs typed without diacritics.
_PREFIXES_ACCENTED = ("thành phố", "thị trấn", "thị xã", "đặc khu", "tỉnh", "quận", "huyện",
                      "phường", "xã")  # fmt: skip
_PREFIXES_ASCII = ("thanh pho", "thi tran", "thi xa", "dac khu", "tinh", "quan", "huyen",
                   "phuong", "xa")  # fmt: skip
_PREFIXES_SHORT = ("tp", "tt", "tx", "q", "p", "h", "x")
# Alternative names → the names the table uses (either spelling of Huế is resolved both ways).
_PROVINCE_ALIASES = {
    "hcm": ("ho chi minh",), "tphcm": ("ho chi minh",), "sai gon": ("ho chi minh",),
    "hn": ("ha noi",), "thua thien hue": ("hue",), "hue": ("thua thien hue",),
    "brvt": ("ba ria vung tau",),
}  # fmt: skip


class AddressIndexError(ScanStationError):
    vi = "Không mở được bảng chuyển đổi địa chỉ {path}. Hãy cài lại ứng dụng."
    en = "Cannot open the address conversion index {path}. Reinstall the application."


def fold(text: str) -> str:
    """Lower case, no diacritics (đ → d), words of [a-z0-9] only; keeps unit prefixes."""
    text = unicodedata.normalize("NFD", text.strip().lower())
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = text.replace("đ", "d")
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return re.sub(r"\b0+(\d)", r"\1", text)  # "Phường 05" = "Phường 5"


def exact_key(name: str) -> str:
    """Lower-case NFC with single spaces and hyphens spaced (keeps diacritics)."""
    text = unicodedata.normalize("NFC", name).lower().replace("-", " - ")
    return re.sub(r"\s+", " ", text).strip()


def split_prefix(name: str) -> tuple[str, str]:
    """("Phường Hàng Gai") → ("hang gai", "phuong"); ("Quán Thánh") → ("quan thanh", "")."""
    text = unicodedata.normalize("NFC", name).strip().lower()
    prefixes = _PREFIXES_ACCENTED + _PREFIXES_SHORT
    if text.isascii():
        prefixes = _PREFIXES_ASCII + _PREFIXES_SHORT
    for prefix in prefixes:
        if text == prefix:
            return "", fold(prefix)
        if text.startswith(prefix) and not text[len(prefix)].isalnum():
            return fold(text[len(prefix) :]), fold(prefix)
    return fold(text), ""


def name_key(name: str) -> str:
    """Comparison key: no diacritics, lower case, no unit prefix (``Phường Hàng Gai``→``hang gai``).

    Old and new tone placements (``Hoà``/``Hòa``) fold to the same key.
    """
    return split_prefix(name)[0]


_PREFIX_TYPES = {
    "tp": "thanh pho", "thanh pho": "thanh pho", "q": "quan", "quan": "quan", "h": "huyen",
    "huyen": "huyen", "tx": "thi xa", "thi xa": "thi xa", "p": "phuong", "phuong": "phuong",
    "x": "xa", "xa": "xa", "tt": "thi tran", "thi tran": "thi tran", "dac khu": "dac khu",
}  # fmt: skip


def _accented_body(name: str) -> str:
    """The name without its unit prefix, accents kept (to tell "Thanh An" from "Thạnh An")."""
    text = unicodedata.normalize("NFC", name).strip().lower()
    for prefix in _PREFIXES_ACCENTED + _PREFIXES_SHORT + _PREFIXES_ASCII:
        if text.startswith(prefix) and len(text) > len(prefix) and not text[len(prefix)].isalnum():
            text = text[len(prefix) :]
            break
    return exact_key(text.strip(" ."))


def _choose(entries: list[Any], written: str) -> list[Any]:
    """Narrow units sharing a key by the accents and the unit type the input was written with."""
    if len(entries) <= 1:
        return entries
    body = _accented_body(written)
    same = [e for e in entries if _accented_body(e[0]) == body]
    if same:
        entries = same
    prefix = _PREFIX_TYPES.get(split_prefix(written)[1], "")
    if prefix and len(entries) > 1:
        typed = [e for e in entries if fold(e[0]).startswith(prefix + " ")]
        entries = typed or entries
    return entries


def _lookup(table: dict[str, Any], key: str, full: str) -> Any:
    """Look ``key`` up, then the unstripped ``full`` fold (an unaccented "Quan Thanh" is a ward)."""
    hit = table.get(key)
    return hit if hit is not None or not full else table.get(full)


@dataclass(frozen=True)
class AddressResult:
    """The answer for one address (see the module docstring for the statuses)."""

    input: str
    status: str
    ward: str | None
    province: str | None
    candidates: tuple[str, ...]
    input_type: str | None = None  # "old" (3 levels) / "new" (2 levels)
    note: str | None = None
    old_units: dict[str, str] = field(default_factory=dict)
    street: str = ""

    def to_json(self, elapsed_ms: float | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "input": self.input,
            "status": self.status,
            "ward": self.ward,
            "province": self.province,
            "candidates": list(self.candidates),
        }
        if elapsed_ms is not None:
            data["elapsed_ms"] = round(elapsed_ms, 3)
        data["input_type"] = self.input_type
        data["note"] = self.note
        data["old_units"] = dict(self.old_units)
        if self.status == MATCHED and self.ward and self.province:
            data["address_new"] = ", ".join(p for p in (self.street, self.ward, self.province) if p)
        return data

    def summary(self) -> dict[str, Any]:
        """What the ``idcard`` record carries in ``address_new``."""
        data = self.to_json()
        del data["input"]
        return data


def new_ward_lookup(provinces: list[str], wards: list[list[Any]]) -> dict[str, dict[str, int]]:
    """province key → {ward key → index}: exact name, and the folded / bare name where that is
    unique in the province (the official list has "Xã Văn Lang" and "Xã Văn Lăng" in one)."""
    lookup: dict[str, dict[str, int]] = {}
    counts: dict[tuple[str, str], int] = {}
    for ward, p in wards:
        pkey = name_key(provinces[p])
        for key in {fold(ward), name_key(ward)}:
            counts[(pkey, key)] = counts.get((pkey, key), 0) + 1
    for i, (ward, p) in enumerate(wards):
        pkey = name_key(provinces[p])
        table = lookup.setdefault(pkey, {})
        table[exact_key(ward)] = i
        for key in (fold(ward), name_key(ward)):
            if counts[(pkey, key)] == 1:
                table.setdefault(key, i)
    return lookup


_Ward = tuple[str, tuple[int, ...]]  # (old ward name, new ward ids)
_District = tuple[str, dict[str, list[_Ward]]]  # (old district name, ward key → wards)


@dataclass
class _Old:
    name: str
    districts: dict[str, list[_District]]


class AddressIndex:
    """The loaded index: old units by key, new wards by province."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.provenance: dict[str, Any] = data.get("provenance", {})
        self.new_provinces: list[str] = data["new_provinces"]
        self.new_wards: list[tuple[str, int]] = [(w, p) for w, p in data["new_wards"]]
        self.old: dict[str, _Old] = {}
        # Keys can collide inside one parent ("Thành phố Cao Lãnh" / "Huyện Cao Lãnh",
        # "Thị trấn Thanh An" / "Xã Thạnh An"), so every key maps to a list of units.
        for province, province_key, districts in data["old"]:
            entry = _Old(province, {})
            for district, district_key, wards in districts:
                ward_map: dict[str, list[_Ward]] = {}
                for ward, key, ids in wards:
                    ward_map.setdefault(key, []).append((ward, tuple(ids)))
                entry.districts.setdefault(district_key, []).append((district, ward_map))
            self.old[province_key] = entry
        self.new_by_province: dict[str, dict[str, int]] = data["new_lookup"]

    @classmethod
    def load(cls, path: Path | None = None) -> AddressIndex:
        path = Path(os.environ.get("SCANSTATION_ADDRESS_INDEX", "") or path or INDEX_PATH)
        try:
            with path.open("rb") as handle:
                return cls(json.loads(handle.read().decode("utf-8")))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise AddressIndexError(path=str(path)) from exc

    # --- lookup -------------------------------------------------------------------------------

    def _province_key(self, key: str) -> str | None:
        if key in self.old:
            return key
        return next((alias for alias in _PROVINCE_ALIASES.get(key, ()) if alias in self.old), None)

    def _names(self, ids: tuple[int, ...]) -> tuple[tuple[str, ...], str | None]:
        provinces = {self.new_wards[i][1] for i in ids}
        if len(provinces) == 1:
            return tuple(self.new_wards[i][0] for i in ids), self.new_provinces[provinces.pop()]
        # A ward split across provinces (rare): name the province with each candidate.
        return tuple(f"{self.new_wards[i][0]}, {self.new_provinces[self.new_wards[i][1]]}"
                     for i in ids), None  # fmt: skip

    def _result(
        self, text: str, ids: tuple[int, ...], note: str | None, old: dict[str, str], street: str
    ) -> AddressResult:
        names, province = self._names(ids)
        # One successor is certain even when the old ward is unknown or its name is shared (the
        # district went whole into one unit, e.g. Côn Đảo); several need the officer.
        if len(ids) == 1:
            return AddressResult(text, MATCHED, names[0], province, names, "old", None, old, street)
        return AddressResult(
            text, AMBIGUOUS, None, province, names, "old", note or "split", old, street
        )

    def _district_successors(self, districts: list[_District], hint: str) -> tuple[int, ...]:
        """Every new ward the district's old wards went to; wards whose merged pre-2025 name
        contains ``hint`` as one of its hyphen-joined parts (``Văn Miếu`` in
        ``Văn Miếu-Quốc Tử Giám``) come first."""
        first: list[int] = []
        rest: list[int] = []
        for _, wards in districts:
            for old_name, ids in (w for entries in wards.values() for w in entries):
                parts = {name_key(part) for part in re.split(r"\s*-\s*", old_name)}
                target = first if hint and hint in parts else rest
                target.extend(ids)
        return tuple(dict.fromkeys(first + rest))

    def convert(self, text: str) -> AddressResult:
        """Convert one address (see the module docstring)."""
        text_nfc = unicodedata.normalize("NFC", text if isinstance(text, str) else "")
        parts = _split(text_nfc, r"[,;\n]")
        result = self._convert_parts(text_nfc, parts)
        if result is None and " - " in text_nfc:  # "Xã Phù Linh - Huyện Sóc Sơn - Hà Nội"
            parts = _split(text_nfc, r"[,;\n]|\s+-\s+")
            result = self._convert_parts(text_nfc, parts)
        if result is None:
            result = self._convert_without_province(text_nfc, parts)
        if result is None:
            result = self._convert_tokens(text_nfc)
        if result is None:
            result = AddressResult(text_nfc, UNKNOWN, None, None, (), None, "province_not_found")
        return result

    def _convert_without_province(self, text: str, parts: list[str]) -> AddressResult | None:
        """"Số 1, Láng Thượng, Đống Đa": the province left out. Accepted only when exactly one
        province has that district with that ward."""
        if len(parts) < 2:
            return None
        d_key, w_key = split_prefix(parts[-1])[0], split_prefix(parts[-2])[0]
        hits = [
            province
            for province in self.old.values()
            if any(w_key in wards for _, wards in province.districts.get(d_key, []))
        ]
        if len(hits) != 1:
            return None
        result = self._convert_parts(text, [*parts, hits[0].name])
        if result is None:
            return None
        return replace(result, note=result.note or "province_missing")

    def _convert_parts(self, text_nfc: str, parts: list[str]) -> AddressResult | None:
        """Convert comma-separated components; None when no component names a province."""
        folded = [fold(p) for p in parts]
        keys = [split_prefix(p) for p in parts]
        # Province: the last component that names an old province.
        p_idx = next(
            (i for i in range(len(keys) - 1, -1, -1) if self._province_key(keys[i][0])), None
        )
        if p_idx is None:
            return None
        province = self.old[self._province_key(keys[p_idx][0]) or ""]
        before = keys[:p_idx]
        if not before:
            return AddressResult(text_nfc, UNKNOWN, None, self._new_province_name(province.name), (),
                                 None, "no_ward", {"province": province.name})  # fmt: skip
        d_key, d_prefix = before[-1]
        districts = _lookup(province.districts, d_key, folded[p_idx - 1])
        if districts and d_prefix not in ("phuong", "xa", "p", "x", "dac khu"):
            districts = _choose(districts, parts[p_idx - 1])
            old_units = {"province": province.name, "district": " / ".join(d for d, _ in districts)}
            if len(before) < 2:
                ids = self._district_successors(districts, "")
                return self._result(text_nfc, ids, "district_only", old_units, "")
            w_key = before[-2][0]
            street = ", ".join(parts[: p_idx - 2])
            written = parts[p_idx - 2]
            found = self._find_wards(districts, w_key, folded[p_idx - 2])
            if not found:
                # "Số 5 Hàng Gai, Hoàn Kiếm": street and ward in one component — the longest
                # word suffix naming a ward of this district.
                words = parts[p_idx - 2].split()
                for cut in range(1, len(words)):
                    tail = " ".join(words[cut:])
                    found = self._find_wards(districts, split_prefix(tail)[0], "")
                    if found:
                        written = tail
                        street = ", ".join([*parts[: p_idx - 2], " ".join(words[:cut])])
                        break
            if found:
                chosen = _choose([(w[0], (d, w)) for d, w in found], written)
                if len({d for _, (d, _) in chosen}) == 1:
                    old_units["district"] = chosen[0][1][0]
                old_units["ward"] = " / ".join(name for name, _ in chosen)
                ids = tuple(dict.fromkeys(i for _, (_, (_, w_ids)) in chosen for i in w_ids))
                note = None if len(chosen) == 1 else "ward_name_ambiguous"
                return self._result(text_nfc, ids, note, old_units, street)
            ids = self._district_successors(districts, w_key)
            return self._result(text_nfc, ids, "ward_not_in_table", old_units, street)
        # No old district before the province: a new two-level address ("…, Phường X, Hà Nội")
        # or an old ward written without its district.
        new_province = self._new_province_name(province.name)
        new_wards = self.new_by_province.get(name_key(new_province), {})
        new_id = new_wards.get(exact_key(parts[p_idx - 1]))
        if new_id is None:
            new_id = new_wards.get(folded[p_idx - 1]) if d_prefix else new_wards.get(d_key)
        if new_id is not None and (d_prefix or not self._old_ward_anywhere(province, d_key)):
            ward, p = self.new_wards[new_id]
            street = ", ".join(parts[: p_idx - 1])
            return AddressResult(text_nfc, MATCHED, ward, self.new_provinces[p], (ward,), "new",
                                 None, {}, street)  # fmt: skip
        matches = [
            (d_name, ward)
            for entries in province.districts.values()
            for d_name, wards in entries
            for ward in wards.get(d_key, [])
        ]
        if matches:
            ids = tuple(dict.fromkeys(i for _, (_, w_ids) in matches for i in w_ids))
            units = {"province": province.name}
            if len(matches) == 1:
                units |= {"district": matches[0][0], "ward": matches[0][1][0]}
            note = None if len(matches) == 1 else "ward_in_several_districts"
            street = ", ".join(parts[: p_idx - 1])
            result = self._result(text_nfc, ids, note, units, street)
            if len(matches) == 1 and result.status == MATCHED:
                # Without the district the old ward is not certain: flag it for the officer.
                return AddressResult(text_nfc, AMBIGUOUS, None, result.province, result.candidates,
                                     "old", "district_missing", units, street)  # fmt: skip
            return result
        return AddressResult(text_nfc, UNKNOWN, None, self._new_province_name(province.name), (),
                             None, "district_not_found", {"province": province.name})  # fmt: skip

    def _new_province_name(self, old_province: str) -> str:
        """The 2025 province most of the old province's wards went to (Hà Nam → Ninh Bình)."""
        entry = self.old.get(name_key(old_province))
        if entry is None:
            return old_province
        counts: dict[int, int] = {}
        for districts in entry.districts.values():
            for _, wards in districts:
                for _, ids in (w for ws in wards.values() for w in ws):
                    for i in ids:
                        p = self.new_wards[i][1]
                        counts[p] = counts.get(p, 0) + 1
        if not counts:
            return old_province
        return self.new_provinces[max(counts, key=lambda p: counts[p])]

    def _old_ward_anywhere(self, province: _Old, key: str) -> bool:
        return any(key in wards for entries in province.districts.values() for _, wards in entries)

    @staticmethod
    def _find_wards(districts: list[_District], key: str, full: str) -> list[tuple[str, _Ward]]:
        """(district name, ward) for every ward of ``districts`` with that key."""
        found = []
        for d_name, wards in districts:
            for ward in _lookup(wards, key, full) or []:
                found.append((d_name, ward))
        return found

    def _convert_tokens(self, text: str) -> AddressResult | None:
        """Fallback without separators: province, district, ward as suffixes of the words."""
        words = fold(text).split()
        for cut in range(len(words) - 1, 0, -1):
            key = split_prefix(" ".join(words[cut:]))[0]
            if not self._province_key(key):
                continue
            cut = _widen(words, cut, key)
            province = self.old[self._province_key(key) or ""]
            rebuilt = self._split_suffixes(words[:cut], province)
            if rebuilt:
                return self._convert_parts(text, [*rebuilt, " ".join(words[cut:])])
            return None
        return None

    def _split_suffixes(self, head: list[str], province: _Old) -> list[str] | None:
        """Split ``head`` into [street, ward, district] using the province's district names."""
        for cut in range(len(head) - 1, -1, -1):
            d_key = split_prefix(" ".join(head[cut:]))[0]
            if d_key not in province.districts:
                continue
            cut = _widen(head, cut, d_key)
            rest = head[:cut]
            for wcut in range(len(rest) - 1, -1, -1):
                w_key = split_prefix(" ".join(rest[wcut:]))[0]
                if any(w_key in wards for _, wards in province.districts[d_key]):
                    wcut = _widen(rest, wcut, w_key)
                    found = [" ".join(rest[:wcut]), " ".join(rest[wcut:]), " ".join(head[cut:])]
                    return [part for part in found if part]
            return [part for part in (" ".join(rest), " ".join(head[cut:])) if part]
        return None


def _split(text: str, pattern: str) -> list[str]:
    return [p.strip(" .") for p in re.split(pattern, text) if p.strip(" .")]


def _widen(words: list[str], cut: int, key: str) -> int:
    """Move ``cut`` left over unit-prefix words that do not change the key ("huyen soc son")."""
    while cut > 0 and split_prefix(" ".join(words[cut - 1 :]))[0] == key:
        cut -= 1
    while cut > 1 and split_prefix(" ".join(words[cut - 2 :]))[0] == key:  # "thanh pho"
        cut -= 2
    return cut


_lock = threading.Lock()


@cache
def _index() -> AddressIndex:
    with _lock:
        return AddressIndex.load()


def get_index() -> AddressIndex:
    """The process-wide index (loaded on first use, ~tens of ms)."""
    return _index()


def convert_address(text: str) -> AddressResult:
    """Convert one old address to the new ward (see the module docstring)."""
    return get_index().convert(text)


def official_provinces() -> list[str]:
    """The 34 provinces of the official 2025 list (for the officer's picker)."""
    return sorted(get_index().new_provinces)


def official_wards(province: str) -> list[str]:
    """The official 2025 wards/communes of ``province`` (any spelling: "Hà Nội", "TP Hà Nội"),
    for the officer to choose from when the answer is ``unknown`` or ``ambiguous``."""
    index = get_index()
    key = name_key(province)
    return sorted(w for w, p in index.new_wards if name_key(index.new_provinces[p]) == key)


def timed_convert(text: str) -> tuple[AddressResult, float]:
    start = time.perf_counter()
    result = convert_address(text)
    return result, (time.perf_counter() - start) * 1000.0
