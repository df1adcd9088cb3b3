"""Building a dossier with the real OCR/PDF-A stage: one PDF/A per component document, the
manifest (schema-valid, hashes re-verified from the files), ZIP, signing with the SoftHSM2 token,
PDF/A still valid after signing, atomic replacement of a previous build."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from dossier_pki import OFFICER_NAME

from scanstation.dossier import service
from scanstation.dossier.build import (
    DossierIncompleteError,
    IncompleteReasonMissingError,
    OutputFolderNotEmptyError,
    SignRequest,
    build_dossier,
)
from scanstation.dossier.manifest import (
    MANIFEST_NAME,
    schema_errors,
    sha256_file,
    verify_folder,
)
from scanstation.dossier.model import Applicant
from scanstation.pdf.check import check_pdfa
from scanstation.pdf.sign import Pkcs11Credential, SessionPin
from scanstation.pdf.verify import verify_pdf

APPLICANT = Applicant(id_number="001089012345", full_name="Hoàng Văn Đức",
                      date_of_birth="1990-01-02", sex="Nam", source="typed")


def _words(text: str) -> set[str]:
    return {w for w in text.split() if len(w) > 3}


@pytest.fixture
def birth_dossier(home: Path, page_images) -> str:
    d = service.new_dossier(home, "1.001193", APPLICANT)
    service.add_documents(home, d.id, "to-khai", [page_images[0][0], page_images[1][0]],
                          clean=False)
    service.add_documents(home, d.id, "giay-chung-sinh", [page_images[2][0]], clean=False)
    return d.id


@pytest.fixture
def copy_dossier(home: Path, page_images) -> str:
    """A one-page certified-copy dossier: the cheapest complete dossier to build."""
    d = service.new_dossier(home, "2.000815", APPLICANT)
    service.add_documents(home, d.id, "ban-chinh", [page_images[2][0]], clean=False)
    return d.id


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, page_images) -> tuple[Path, str, object]:
    """One unsigned birth-registration build shared by the read-only tests (OCR is slow)."""
    home = tmp_path_factory.mktemp("home")
    d = service.new_dossier(home, "1.001193", APPLICANT, "000.00.53.H48")
    service.add_documents(home, d.id, "to-khai", [page_images[0][0], page_images[1][0]],
                          clean=False)
    service.add_documents(home, d.id, "giay-chung-sinh", [page_images[2][0]], clean=False)
    out = tmp_path_factory.mktemp("build") / "ho-so"
    result = build_dossier(home, d.id, out, make_zip=True, jobs=1)
    return out, d.id, result


def test_build_unsigned(built, page_images) -> None:
    out, dossier_id, result = built
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert manifest == result.manifest
    assert schema_errors(manifest) == []
    assert manifest["dossier_id"] == dossier_id
    assert manifest["procedure"]["code"] == "1.001193"
    assert manifest["applicant"]["full_name"] == "Hoàng Văn Đức"
    assert manifest["checklist"] == {"complete": True, "missing": [], "missing_names": []}
    files = [d["file"] for d in manifest["documents"]]
    assert files == ["01-to-khai-dang-ky-khai-sinh.pdf", "02-giay-chung-sinh.pdf"]
    assert sorted(p.name for p in out.iterdir()) == sorted([*files, MANIFEST_NAME])
    assert [d["page_count"] for d in manifest["documents"]] == [2, 1]
    for doc in manifest["documents"]:
        path = out / doc["file"]
        assert sha256_file(path) == doc["sha256"]
        assert doc["pdfa"]["ok"] is True, doc["pdfa"]
        assert check_pdfa(path).ok
        assert doc["signature"] is None
        conf = doc["ocr"]["page_confidence"]
        assert len(conf) == doc["page_count"]
        assert all(c is not None and 50 <= c <= 100 for c in conf), conf
        for page in doc["pages"]:
            assert len(page["original_sha256"]) == 64
            assert page["original_name"].startswith("trang-")
    assert verify_folder(out) == []

    # the text layer carries the page's text (known truth from the generator)
    import pypdfium2

    pdf = pypdfium2.PdfDocument(out / files[1])
    text = pdf[0].get_textpage().get_text_range()
    pdf.close()
    truth = _words(page_images[2][1])
    assert len(truth & _words(text)) >= 0.6 * len(truth)

    with zipfile.ZipFile(result.zip_path) as zf:
        names = sorted(zf.namelist())
        assert names == sorted(f"ho-so/{n}" for n in [*files, MANIFEST_NAME])
        assert zf.read(f"ho-so/{files[0]}") == (out / files[0]).read_bytes()


def test_manifest_recheck_catches_changed_and_extra_files(built, tmp_path) -> None:
    import shutil

    out = tmp_path / "ho-so"
    shutil.copytree(built[0], out)
    assert verify_folder(out) == []
    first = sorted(out.glob("*.pdf"))[0]
    data = bytearray(first.read_bytes())
    data[len(data) // 2] ^= 0xFF
    first.write_bytes(bytes(data))
    (out / "99-them.pdf").write_bytes(first.read_bytes())
    problems = verify_folder(out)
    assert any(first.name in p and "sha256" in p for p in problems)
    assert any("99-them.pdf" in p for p in problems)


def test_build_signed_with_token_keeps_pdfa(home, copy_dossier, token, pki, tmp_path) -> None:
    out = tmp_path / "ky-so"
    request = SignRequest(Pkcs11Credential(token.module, token.label, token.key_label),
                          SessionPin(token.pin))
    result = build_dossier(home, copy_dossier, out, sign=request, jobs=1)
    assert len(result.sign_seconds) == 1
    for doc in result.manifest["documents"]:
        path = out / doc["file"]
        assert doc["signature"]["signer"] == OFFICER_NAME
        assert doc["signature"]["level"] == "PAdES-B-B"
        assert sha256_file(path) == doc["sha256"]  # hash of the signed file
        pdfa = check_pdfa(path)
        assert pdfa.ok, pdfa.clauses
        report = verify_pdf(path, [pki.ca_pem])
        assert report.ok and report.signatures[0].trusted
        assert report.pdfa["ok"] is True
    assert verify_folder(out) == []
    assert token.pin not in (out / MANIFEST_NAME).read_text(encoding="utf-8")


def test_incomplete_dossier_is_refused_unless_allowed(home, page_images, tmp_path) -> None:
    d = service.new_dossier(home, "1.001193")
    service.add_documents(home, d.id, "to-khai", [page_images[0][0]], clean=False)
    with pytest.raises(DossierIncompleteError) as info:
        build_dossier(home, d.id, tmp_path / "x")
    # named as the officer says it, never by internal code
    plain = "Giấy chứng sinh hoặc Văn bản của người làm chứng xác nhận về việc sinh"
    assert plain in info.value.message_vi and "giay-chung-sinh" not in info.value.message_vi
    assert "Birth certificate from the hospital or Witness statement" in info.value.message_en
    assert not (tmp_path / "x").exists()
    for blank in ("", "   "):  # building anyway needs a reason
        with pytest.raises(IncompleteReasonMissingError) as why:
            build_dossier(home, d.id, tmp_path / "x", allow_incomplete=True,
                          incomplete_reason=blank)
        assert plain in why.value.message_vi
    assert not (tmp_path / "x").exists()
    reason = "Công dân  bổ sung giấy chứng sinh sau"
    result = build_dossier(home, d.id, tmp_path / "x", allow_incomplete=True,
                           incomplete_reason=reason, jobs=1)
    listed = result.manifest["checklist"]
    assert listed["complete"] is False
    assert listed["missing"] == ["giay-chung-sinh|van-ban-lam-chung"]
    assert listed["missing_names"] == [plain]
    assert listed["incomplete_reason"] == "Công dân bổ sung giấy chứng sinh sau"
    assert verify_folder(tmp_path / "x") == []
    saved = json.loads((tmp_path / "x" / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert saved["checklist"]["incomplete_reason"] == listed["incomplete_reason"]
    # the schema refuses an incomplete manifest without its reason
    del saved["checklist"]["incomplete_reason"]
    assert any("incomplete_reason" in e for e in schema_errors(saved))


def test_rebuild_replaces_previous_build_but_never_foreign_folders(
    home, copy_dossier, page_images, tmp_path
) -> None:
    out = tmp_path / "ho-so"
    build_dossier(home, copy_dossier, out, jobs=1)
    service.add_documents(home, copy_dossier, "ban-sao", [page_images[3][0]], clean=False)
    result = build_dossier(home, copy_dossier, out, jobs=1)
    assert [d["code"] for d in result.manifest["documents"]] == ["ban-chinh", "ban-sao"]
    assert verify_folder(out) == []
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no leftovers

    foreign = tmp_path / "khac"
    foreign.mkdir()
    (foreign / "important.txt").write_text("keep me")
    with pytest.raises(OutputFolderNotEmptyError):
        build_dossier(home, copy_dossier, foreign, jobs=1)
    assert (foreign / "important.txt").read_text() == "keep me"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".tmp-")]


def test_cancel_leaves_nothing_behind(home, birth_dossier, tmp_path) -> None:
    import threading

    from scanstation.errors import Cancelled

    cancel = threading.Event()
    seen: list[str] = []

    def progress(done: int, total: int, label: str) -> None:
        seen.append(label)
        if done == 1:  # after the first document
            cancel.set()

    with pytest.raises(Cancelled):
        build_dossier(home, birth_dossier, tmp_path / "x", progress=progress, cancel=cancel,
                      jobs=1)
    assert seen == ["to-khai", "giay-chung-sinh"]  # stopped before OCR of the second document
    assert not (tmp_path / "x").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".tmp-")]


def test_a_page_the_pdfa_check_flags_is_marked_in_the_manifest(home, copy_dossier,
                                                              page_images, tmp_path) -> None:
    """The OCR gave a word with a zero-width space inside (Tesseract emits such format
    characters now and then): the text layer cannot hold it, so the self-check finds that
    page's text differs from its OCR, and the manifest marks that page (the document is kept,
    its verdict false)."""
    from dataclasses import replace

    from scanstation.dossier.store import DossierStore
    from scanstation.ocr.pipeline import PageSource, run_pages
    from scanstation.ocr.results import Line, Word
    from scanstation.workspace import Workspace

    service.add_documents(home, copy_dossier, "ban-chinh", [page_images[3][0]], clean=False)
    with DossierStore(home) as store:
        page_ids = store.get(copy_dossier).documents["ban-chinh"].page_ids
    assert len(page_ids) == 2
    with Workspace(home) as ws:
        pages = [ws.page(pid) for pid in page_ids]
        keys = [ws.render_key(p) for p in pages]
        sources = [PageSource(index=i, name=f"{i + 1}.png", path=str(ws.render_path(p)),
                              media_type="image/png") for i, p in enumerate(pages)]
    results = run_pages(sources, jobs=1)
    second = results[1]
    x, y = second.ocr.width // 2, second.ocr.height - 60
    odd = Line((Word("khai\u200bsinh", (x, y, x + 160, y + 40), 91.0),))
    results[1] = replace(second, ocr=replace(second.ocr, lines=(*second.ocr.lines, odd)))
    done = {pid: (key, result) for pid, key, result in zip(page_ids, keys, results, strict=True)}

    out = tmp_path / "ho-so"
    result = build_dossier(home, copy_dossier, out, jobs=1, ocr_done=done)
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert not schema_errors(manifest)
    (doc,) = manifest["documents"]
    assert [p["page_id"] for p in doc["pages"]] == page_ids
    assert "pdfa_flagged" not in doc["pages"][0]  # the page that passed is not marked
    assert doc["pages"][1]["pdfa_flagged"] == ["text-matches-ocr"]
    assert doc["pdfa"]["ok"] is False
    assert any("text-matches-ocr" in clause for clause in doc["pdfa"]["clauses"])
    assert any("page 2 flagged" in warning for warning in result.warnings)
    assert (out / doc["file"]).is_file()  # flagged, never thrown away
