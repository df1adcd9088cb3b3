"""Procedure search (diacritics and case ignored, or by code) and ``scanstation procedures``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from scanstation.dossier.catalogue import BUILTIN_DIR, load_catalogue, search
from scanstation.dossier.names import search_fold


def test_fold_drops_diacritics_case_and_d_bar() -> None:
    assert search_fold("Đăng ký  KẾT-HÔN") == "dang ky ket hon"
    assert search_fold("đường Đồng Khởi") == "duong dong khoi"
    assert search_fold(unicodedata.normalize("NFD", "Thường trú")) == "thuong tru"
    assert search_fold("1.001193") == "1.001193"


@pytest.mark.parametrize(("query", "first"), [
    ("ket hon", "Thủ tục đăng ký kết hôn"),
    ("KẾT HÔN", "Thủ tục đăng ký kết hôn"),
    ("khai sinh", "Thủ tục đăng ký khai sinh"),
    ("thuong tru", "Đăng ký thường trú"),
    ("tam tru", "Đăng ký tạm trú"),
    ("ly lich tu phap", "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam"),
    ("ket h", "Thủ tục đăng ký kết hôn"),  # still typing
    ("đăng ký khai tử", "Thủ tục đăng ký khai tử"),
])
def test_search_by_name_best_first(query: str, first: str) -> None:
    found = search(query)
    assert found and found[0].name == first
    folded = search_fold(query).split()
    for proc in found:  # every hit holds every word somewhere
        words = search_fold(" ".join([proc.name, proc.field, proc.name_en]
                                     + [c.name for c in proc.components])).split()
        assert all(any(w.startswith(q) for w in words) for q in folded)


def test_search_ranks_name_hits_above_component_hits() -> None:
    names = [p.name for p in search("ket hon")]
    # the birth registration only mentions marriage in a component ("Giấy chứng nhận kết hôn")
    assert names.index("Thủ tục đăng ký khai sinh") > names.index("Đăng ký lại kết hôn")


def test_search_by_code_and_provincial_code() -> None:
    assert [p.code for p in search("1.001193")] == ["1.001193"]
    assert search("2.000815.000.00.00.H55")[0].code == "2.000815"
    assert {p.code for p in search("1.0042")} >= {"1.004203", "1.004222", "1.004227"}
    assert search("xyz khong co") == []


def test_empty_query_gives_whole_catalogue() -> None:
    assert len(search("")) == len(load_catalogue()) >= 30


def test_catalogue_covers_a_wards_common_procedures() -> None:
    catalogue = load_catalogue()
    files = [p for p in BUILTIN_DIR.glob("*.json") if not p.name.endswith(".schema.json")]
    assert len(catalogue) == len(files) >= 30
    for topic in ("khai sinh", "khai tu", "ket hon", "thuong tru", "tam tru", "ly lich tu phap",
                  "bao hiem y te cho tre em duoi 6 tuoi", "chung thuc", "dat", "tro cap xa hoi",
                  "giam ho"):
        assert search(topic), topic
    for proc in catalogue.values():
        assert proc.processing_days >= 0
        # a code is national (verified/unverified) or a 9.xxxxxx placeholder, never mixed up
        assert (proc.code_status == "placeholder") == proc.code.startswith("9."), proc.code
        for comp in proc.components:
            assert comp.status in ("verified", "unverified")
            assert unicodedata.is_normalized("NFC", comp.name) and comp.name.strip()
            assert not comp.name.islower() or " " in comp.name  # a name, not a code


def _cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SCANSTATION_HOME=str(home))
    env.pop("SCANSTATION_PROCEDURES", None)
    return subprocess.run([sys.executable, "-m", "scanstation", *args], capture_output=True,
                          text=True, env=env, timeout=60)


def test_cli_json_contract(tmp_path: Path) -> None:
    run = _cli("procedures", "ket hon", "--json", home=tmp_path)
    assert run.returncode == 0, run.stderr
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    assert [p["code"] for p in lines] == [p.code for p in search("ket hon")]
    first = lines[0]
    assert set(first) == {"code", "name", "components"}
    assert first["name"] == "Thủ tục đăng ký kết hôn"
    for comp in first["components"]:
        assert set(comp) == {"code", "name", "required"}
        assert isinstance(comp["required"], bool)
    assert any(c["required"] for c in first["components"])


def test_cli_plain_text_and_no_match(tmp_path: Path) -> None:
    run = _cli("procedures", "khai sinh", home=tmp_path)
    assert run.returncode == 0
    assert run.stdout.splitlines()[0].startswith("1.001193  Thủ tục đăng ký khai sinh")
    everything = _cli("procedures", "--json", home=tmp_path)
    assert len(everything.stdout.splitlines()) == len(load_catalogue())
    none = _cli("procedures", "xyz khong co", "--json", home=tmp_path)
    assert none.returncode == 0 and none.stdout == ""


def test_validation_cache_never_hides_a_broken_file(tmp_path: Path, monkeypatch) -> None:
    from scanstation.dossier.catalogue import CatalogueError

    monkeypatch.setenv("SCANSTATION_HOME", str(tmp_path))
    own = tmp_path / "procedures"
    own.mkdir()
    good = {"catalogue_version": 1, "code": "1.999998", "code_status": "unverified",
            "name": "Thủ tục thử", "field": "Thử",
            "components": [{"code": "don", "name": "Đơn", "required": True}]}
    (own / "x.json").write_text(json.dumps(good, ensure_ascii=False), encoding="utf-8")
    assert "1.999998" in load_catalogue(tmp_path)
    assert (tmp_path / "cache" / "catalogue" / "validated.key").is_file()
    assert "1.999998" in load_catalogue(tmp_path)  # from the validated key this time
    broken = dict(good, code_status="maybe", name="Thủ tục thử, bản sửa")
    (own / "x.json").write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CatalogueError) as info:
        load_catalogue(tmp_path)
    assert "x.json" in info.value.message_vi
