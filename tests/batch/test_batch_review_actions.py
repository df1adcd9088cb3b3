"""Review actions beyond accept/delete, through the CLI: rotate (a transform in the job state —
the original never changes), insert a page, and the archive organisation's signature on export."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pikepdf
import pytest
from batch_helpers import cli, content_page, json_lines, make_box, read_index

from scanstation.batch.state import JobStore


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _page_sizes(pdf_path: Path) -> list[tuple[float, float]]:
    with pikepdf.open(pdf_path) as pdf:
        return [(float(p.mediabox[2]), float(p.mediabox[3])) for p in pdf.pages]


@pytest.fixture(scope="module")
def job(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    root = tmp_path_factory.mktemp("actions")
    box = make_box(root / "box", [("page", 1), ("page", 3), ("page", 4)])
    home, out = root / "home", root / "out"
    cli("batch", "run", str(box.folder), "-o", str(out), "--job", "hop-7", "--jobs", "2",
        "--fonds-code", "P7", home=home, check=True)
    return home, out, box.folder


def test_rotate_is_a_transform_and_undoes(job: tuple[Path, Path, Path]) -> None:
    home, out, folder = job
    original = folder / "p0001.png"
    before = _sha(original)
    (doc,) = read_index(out)
    assert all(w < h for w, h in _page_sizes(out / doc["file"]))  # portrait A4
    cli("batch", "review", "hop-7", "--rotate", "1:90", home=home, check=True)
    (turned,) = read_index(out)
    sizes = _page_sizes(out / turned["file"])
    assert sizes[0][0] > sizes[0][1] and sizes[1][0] < sizes[1][1]  # page 1 lies on its side
    assert turned["sha256"] != doc["sha256"] and turned["pages"] == doc["pages"]
    assert _sha(original) == before  # the original is never changed
    store = JobStore(out)
    try:
        assert store.pages("seq=1")[0].turn == 1
    finally:
        store.db.close()
    cli("batch", "review", "hop-7", "--rotate", "1:-90", home=home, check=True)
    (back,) = read_index(out)
    assert all(w < h for w, h in _page_sizes(out / back["file"]))
    bad = cli("batch", "review", "hop-7", "--rotate", "1:45", home=home)
    assert bad.returncode == 2 and "xoay" in bad.stderr and "rotate" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_insert_a_page_before_another(job: tuple[Path, Path, Path], tmp_path: Path) -> None:
    home, out, _folder = job
    missed = tmp_path / "missed.png"
    content_page(9).save(missed, dpi=(100, 100))
    cli("batch", "review", "hop-7", "--insert", f"3:{missed}", home=home, check=True)
    (doc,) = read_index(out)
    assert [(Path(p["source"]).name, p["page"]) for p in doc["pages"]] == [
        ("p0001.png", 1), ("p0002.png", 1), ("missed.png", 1), ("p0003.png", 1)]
    assert doc["pages"][2]["source"] == str(missed)  # the file as given
    assert len(_page_sizes(out / doc["file"])) == 4
    status = json_lines(cli("batch", "status", "hop-7", "--json", home=home).stdout)[0]
    assert status["pages_total"] == status["pages_done"] == 4
    past = cli("batch", "review", "hop-7", "--insert", f"9:{missed}", home=home)
    assert past.returncode == 2 and "Traceback" not in past.stderr


def test_export_signed_by_the_archive_top_right(job: tuple[Path, Path, Path], pki,
                                                 tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from scanstation.pdf.verify import verify_pdf

    home, out, _ = job
    cli("batch", "review", "hop-7", "--waive", "thử nghiệm / test", home=home, check=True)
    monkeypatch.setenv("ARCHIVE_PIN", pki.p12_password)
    a, b = tmp_path / "nas", tmp_path / "usb"
    sign = ["--pkcs12", str(pki.p12), "--pin-env", "ARCHIVE_PIN",
            "--signer-name", "Trung tâm Lưu trữ lịch sử"]
    result = json_lines(cli("batch", "export", "hop-7", "--to", str(a), "--to", str(b), *sign,
                            "--json", home=home, check=True).stdout)[-1]
    assert result["signed"]
    (staged,) = read_index(out)
    meta = json.loads((a / "index.json").read_text("utf-8"))
    (doc,) = meta["files"][0]["documents"]
    assert meta["job"]["signature"]["placement"] == "top-right"
    signed = a / doc["file"]
    assert _sha(signed) == doc["sha256"] == _sha(b / doc["file"]) != staged["sha256"]
    assert signed.read_bytes().startswith((out / staged["file"]).read_bytes())  # incremental
    report = verify_pdf(signed, [pki.ca_pem], check_pdfa=False)
    (sig,) = report.signatures
    assert report.ok and sig.intact and sig.trusted and sig.coverage == "ENTIRE_FILE"
    with pikepdf.open(signed) as pdf:
        width, height = float(pdf.pages[0].mediabox[2]), float(pdf.pages[0].mediabox[3])
        (rect,) = [[float(v) for v in annot.Rect] for annot in pdf.pages[0].Annots]
        appearance = pdf.pages[0].Annots[0].AP.N.read_bytes()
    assert rect[0] > width / 2 and rect[2] > width * 2 / 3 and rect[1] > height * 0.85
    assert appearance  # a visible stamp (name and time), not an empty box
    # a later export to another target signs nothing again: the same signed bytes
    c = tmp_path / "tape"
    again = json_lines(cli("batch", "export", "hop-7", "--to", str(c), *sign, "--json",
                           home=home, check=True).stdout)
    assert not [e for e in again if e.get("event") == "signed"]
    assert _sha(c / doc["file"]) == doc["sha256"]
    wrong = cli("batch", "export", "hop-7", "--to", str(c), "--pkcs12", str(pki.p12),
                "--pin-env", "NO_SUCH_PIN_VAR", home=home)
    assert wrong.returncode != 0 and "Traceback" not in wrong.stderr
