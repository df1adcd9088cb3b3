"""Catalogue, dossier codes, persistence, checklist, applicant and file names."""

from __future__ import annotations

import json
import re
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from scanstation.dossier.catalogue import (
    BUILTIN_DIR,
    CatalogueError,
    UnknownProcedureError,
    get_procedure,
    load_catalogue,
)
from scanstation.dossier.checklist import checklist
from scanstation.dossier.model import Applicant
from scanstation.dossier.names import ascii_fold, document_file_name, slug
from scanstation.dossier.store import (
    VN_TZ,
    AgencyCodeError,
    DossierNotFoundError,
    DossierStore,
    configured_agency_code,
)

DOSSIER_RE = re.compile(r"^(?P<agency>[0-9A-Za-z.]+)-(?P<day>\d{6})-(?P<n>\d{4})$")


# --- catalogue --------------------------------------------------------------------------------


def test_shipped_catalogue_is_valid_and_covers_commune_procedures() -> None:
    catalogue = load_catalogue()
    files = [p for p in BUILTIN_DIR.glob("*.json") if not p.name.endswith(".schema.json")]
    assert len(catalogue) == len(files) >= 6
    names = " ".join(p.name.lower() for p in catalogue.values())
    for topic in ("khai sinh", "thường trú", "lý lịch tư pháp", "chứng thực bản sao",
                  "tình trạng hôn nhân", "đất"):
        assert topic in names, topic
    for proc in catalogue.values():
        assert re.fullmatch(r"\d\.\d{6}", proc.code)
        assert proc.code_status in ("verified", "unverified", "placeholder")
        assert unicodedata.is_normalized("NFC", proc.name)
        assert any(c.required for c in proc.components)
        assert proc.components[-1].code == "khac"  # "other documents" always available
    assert catalogue["1.001193"].code_status == "verified"


def test_provincial_code_suffix_resolves() -> None:
    assert get_procedure("2.000815.000.00.00.H55").code == "2.000815"
    with pytest.raises(UnknownProcedureError) as info:
        get_procedure("9.999999")
    assert "9.999999" in info.value.message_vi and "9.999999" in info.value.message_en


def test_station_can_add_and_override_procedures(home: Path, tmp_path, monkeypatch) -> None:
    own = home / "procedures"
    own.mkdir()
    data = json.loads((BUILTIN_DIR / "1.001193.json").read_text(encoding="utf-8"))
    data["name"] = "Đăng ký khai sinh (bản địa phương)"
    (own / "1.001193.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    extra = tmp_path / "extra"
    extra.mkdir()
    new = {"catalogue_version": 1, "code": "1.999999", "code_status": "unverified",
           "name": "Thủ tục thử", "field": "Thử", "components": [
               {"code": "don", "name": "Đơn", "required": True}]}
    (extra / "x.json").write_text(json.dumps(new, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("SCANSTATION_PROCEDURES", str(extra))
    catalogue = load_catalogue(home)
    assert catalogue["1.001193"].name == "Đăng ký khai sinh (bản địa phương)"
    assert [c.code for c in catalogue["1.999999"].components] == ["don", "khac"]


@pytest.mark.parametrize("broken", [
    "{not json",
    json.dumps({"catalogue_version": 1, "code": "1.00", "code_status": "verified", "name": "x",
                "field": "y", "components": [{"code": "a", "name": "A", "required": True}]}),
    json.dumps({"catalogue_version": 1, "code": "1.000001", "code_status": "verified",
                "name": "x", "field": "y", "components": []}),
    json.dumps({"catalogue_version": 1, "code": "1.000001", "code_status": "verified",
                "name": "x", "field": "y", "components": [
                    {"code": "a", "name": "A", "required": True},
                    {"code": "a", "name": "B", "required": False}]}),
])
def test_broken_catalogue_file_is_named(tmp_path, monkeypatch, broken: str) -> None:
    (tmp_path / "hong.json").write_text(broken, encoding="utf-8")
    monkeypatch.setenv("SCANSTATION_PROCEDURES", str(tmp_path))
    with pytest.raises(CatalogueError) as info:
        load_catalogue()
    assert "hong.json" in info.value.message_vi and "hong.json" in info.value.message_en


# --- dossier codes and persistence -----------------------------------------------------------


def test_dossier_codes_count_per_day_and_agency(tmp_path) -> None:
    day1 = datetime(2026, 11, 23, 8, 0, tzinfo=VN_TZ)
    with DossierStore(tmp_path) as store:
        ids = [store.create("1.001193", "000.00.53.H48", when=day1).id for _ in range(3)]
        other = store.create("1.001193", "000.00.00.H30", when=day1).id
        next_day = store.create("2.000815", "000.00.53.H48", when=day1 + timedelta(days=1)).id
    assert ids == ["000.00.53.H48-261123-0001", "000.00.53.H48-261123-0002",
                   "000.00.53.H48-261123-0003"]
    assert other == "000.00.00.H30-261123-0001"
    assert next_day == "000.00.53.H48-261124-0001"


def test_day_boundary_is_vietnam_time(tmp_path) -> None:
    from datetime import UTC

    # 17:30 UTC on the 23rd is 00:30 on the 24th in Vietnam
    with DossierStore(tmp_path) as store:
        d = store.create("1.001193", "X", when=datetime(2026, 11, 23, 17, 30, tzinfo=UTC))
    assert d.id == "X-261124-0001"


def _create_many(home: str) -> list[str]:
    with DossierStore(Path(home)) as store:
        return [store.create("1.001193", "000.00.53.H48").id for _ in range(15)]


def test_concurrent_processes_never_share_a_code(tmp_path) -> None:
    with ProcessPoolExecutor(2) as pool:
        results = list(pool.map(_create_many, [str(tmp_path)] * 4))
    ids = [i for r in results for i in r]
    assert len(ids) == len(set(ids)) == 60
    numbers = sorted(int(DOSSIER_RE.match(i)["n"]) for i in ids)
    assert numbers == list(range(1, 61))


def test_dossier_round_trips_through_the_store(tmp_path) -> None:
    applicant = Applicant(id_number="001089012345", full_name="Trần Văn Bình", source="typed")
    with DossierStore(tmp_path) as store:
        d = store.create("1.001193", "000.00.53.H48", applicant)
        d.add_pages("to-khai", ["p1", "p2"])
        d.add_pages("giay-chung-sinh", ["p3"])
        store.save(d)
    with DossierStore(tmp_path) as store:
        again = store.get(d.id)
        assert [x.id for x in store.list()] == [d.id]
    assert again.applicant == applicant
    assert again.documents["to-khai"].page_ids == ["p1", "p2"]
    assert again.version == 2
    with DossierStore(tmp_path) as store, pytest.raises(DossierNotFoundError):
        store.get("KHONG-CO")


def test_agency_code_comes_from_configuration(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("SCANSTATION_AGENCY_CODE", raising=False)
    assert configured_agency_code(tmp_path) == ("LOCAL", "")
    (tmp_path / "station.json").write_text('{"agency_code": "000.00.12.H30"}')
    assert configured_agency_code(tmp_path)[0] == "000.00.12.H30"
    monkeypatch.setenv("SCANSTATION_AGENCY_CODE", "000.00.53.H48")
    assert configured_agency_code(tmp_path)[0] == "000.00.53.H48"
    monkeypatch.setenv("SCANSTATION_AGENCY_CODE", "bad code/../")
    with pytest.raises(AgencyCodeError):
        configured_agency_code(tmp_path)


# --- checklist ----------------------------------------------------------------------------------


def test_checklist_required_optional_and_alternatives(tmp_path) -> None:
    proc = get_procedure("1.001193")
    with DossierStore(tmp_path) as store:
        d = store.create(proc.code, "X")
    first = checklist(d, proc)
    assert not first.complete
    assert "to-khai" in first.missing
    assert "giay-chung-sinh|van-ban-lam-chung" in first.missing
    assert all(i.status in ("missing", "optional") for i in first.items)

    d.add_pages("to-khai", ["a"])
    d.add_pages("van-ban-lam-chung", ["b", "c"])  # the alternative to the birth certificate
    done = checklist(d, proc)
    assert done.complete and done.missing == []
    status = {i.code: i.status for i in done.items}
    assert status["to-khai"] == "present"
    assert status["van-ban-lam-chung"] == "present"
    assert status["giay-chung-sinh"] == "alternative"
    assert status["uy-quyen"] == "optional"
    assert done.total_pages == 3
    assert done.to_json()["complete"] is True


def test_every_shipped_procedure_checklist_completes_with_required_documents(tmp_path) -> None:
    with DossierStore(tmp_path) as store:
        for proc in load_catalogue().values():
            d = store.create(proc.code, "X")
            assert not checklist(d, proc).complete
            groups_done: set[str] = set()
            for spec in proc.components:
                if spec.required and (not spec.group or spec.group not in groups_done):
                    d.add_pages(spec.code, ["p"])
                    groups_done.add(spec.group)
            assert checklist(d, proc).complete, proc.code


# --- applicant --------------------------------------------------------------------------------


def test_applicant_from_idcard_json() -> None:
    record = {
        "applicant": {
            "id_number": "001089012345", "old_id_number": "", "card_type": "CCCD 2021",
            "full_name": unicodedata.normalize("NFD", "Nguyễn Thị Hồng Nhung"),
            "date_of_birth": "1989-03-02", "sex": "Nữ", "address": "Số 1, Phường X, Hà Nội",
            "issue_date": "2021-05-01", "extra_fields": [],
            "address_new": {"status": "ok", "ward": "Phường Y", "province": "Hà Nội"},
        },
        "reason": None, "warnings": [],
    }
    a = Applicant.from_dict(record)
    assert a.full_name == "Nguyễn Thị Hồng Nhung"
    assert unicodedata.is_normalized("NFC", a.full_name)
    assert a.source == "qr"
    assert a.address_new == "Phường Y, Hà Nội"
    ambiguous = dict(record["applicant"], address_new={"status": "ambiguous", "ward": None,
                                                      "candidates": ["A", "B"]})
    assert Applicant.from_dict(ambiguous).address_new == ""  # never a guess
    typed = Applicant.from_dict({"full_name": "Lê Văn C", "unknown": 1, "source": "typed"})
    assert typed.full_name == "Lê Văn C" and typed.source == "typed"


# --- file names -------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "expected"), [
    ("Tờ khai đăng ký khai sinh", "to-khai-dang-ky-khai-sinh"),
    ("Bản chụp Căn cước / Căn cước công dân", "ban-chup-can-cuoc-can-cuoc-cong-dan"),
    ("ĐƠN ĐỀ NGHỊ", "don-de-nghi"),
    ("Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp", "giay-to-tai-lieu-chung-minh-cho-o-hop-phap"),
    ("???", "tai-lieu"),
])
def test_slug(name: str, expected: str) -> None:
    assert slug(name) == expected


def test_document_file_names_are_ascii_and_stable() -> None:
    for proc in load_catalogue().values():
        names = [document_file_name(i, c.name) for i, c in enumerate(proc.components, 1)]
        assert len(set(names)) == len(names)
        for n in names:
            assert re.fullmatch(r"\d{2}-[a-z0-9-]+\.pdf", n), n
            assert len(n) <= 60
    assert ascii_fold(unicodedata.normalize("NFD", "Đặng Hữu Ước")) == "Dang Huu Uoc"
