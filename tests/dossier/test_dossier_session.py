"""The application service (``DossierSession``): the build and signing run in a helper process
(PDF writing and pyHanko hold the GIL for tens of ms): progress comes back to the app, a cancel
reaches the helper, a wrong PIN comes back as the same bilingual error and is forgotten, and
the result is the real signed dossier. Page order, membership and moves between components
live in the dossier alone, and the built PDFs follow them; a queued dossier is locked."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from scanstation.dossier.build_helper import build_in_helper
from scanstation.dossier.session import DossierSession
from scanstation.errors import Cancelled
from scanstation.pdf.sign import Pkcs11Credential, WrongPinError
from scanstation.testing import pages as synthetic
from scanstation.workers import run_in_helper


def _session_with_pages(home: Path, tmp_path: Path) -> DossierSession:
    session = DossierSession(home)
    session.new("2.000815")
    files = []
    for i, code in enumerate(["ban-chinh", "ban-sao"]):
        page = synthetic.render_page("single_line", seed=40 + i, dpi=150)
        path = tmp_path / f"{code}.png"
        page.image.save(path, dpi=(150, 150))
        files.append((code, path))
    for code, path in files:
        session.add_files(code, [path])
    return session


def test_build_in_the_helper_reports_progress_and_signs(home: Path, tmp_path: Path, token):
    session = _session_with_pages(home, tmp_path)
    credential = Pkcs11Credential(token.module, token.label, token.key_label)
    session.pin.set(token.pin)
    seen: list[tuple[int, int, str]] = []
    result = session.build_and_sign(home / "built", credential,
                                    progress=lambda d, t, label: seen.append((d, t, label)))
    assert len(result.files) == 2 and all(f.exists() for f in result.files)
    assert all(d["signature"] for d in result.manifest["documents"])
    assert seen and all(total == 4 for _d, total, _l in seen)  # 2 documents × (build + sign)
    assert session.pin.is_set  # the app's PIN object is untouched by the helper


def test_a_cancel_reaches_the_helper(home: Path, tmp_path: Path):
    session = _session_with_pages(home, tmp_path)
    signals = tmp_path / "signals"
    signals.mkdir()
    (signals / "cancel").touch()
    assert session.dossier is not None
    with pytest.raises(Cancelled):
        run_in_helper(build_in_helper, home, session.dossier.id, home / "built", None, None,
                          {}, signals, None)
    assert not (home / "built").exists() or not any((home / "built").iterdir())
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        session.build_and_sign(home / "built2", None, cancel=cancel)


def test_a_wrong_pin_comes_back_as_the_same_error(home: Path, tmp_path: Path, token):
    session = _session_with_pages(home, tmp_path)
    session.pin.set("000000" if token.pin != "000000" else "111111")
    credential = Pkcs11Credential(token.module, token.label, token.key_label)
    with pytest.raises(WrongPinError) as caught:
        session.build_and_sign(home / "built", credential)
    assert caught.value.message_vi and caught.value.message_en
    assert not session.pin.is_set  # forgotten: the next attempt asks again, never replays it
    session.pin.set(token.pin)
    result = session.build_and_sign(home / "built", credential)
    assert all(d["signature"] for d in result.manifest["documents"])


def _word_page(word: str, path: Path) -> None:
    """An A4 page at 150 dpi with one big word: what the PDF's text layer must carry."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(image)
    for line in range(6):
        draw.text((150, 300 + 60 * line), f"Trang {word} của hồ sơ, dòng {line + 1}.", fill=0,
                  font=synthetic.font("serif", 34))
    image.save(path, dpi=(150, 150))


def _page_texts(pdf: Path) -> list[str]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def test_moves_between_components_reach_the_built_pdfs(home: Path, tmp_path: Path):
    """Pages carry a recognisable line each; after reordering and moving one page to the
    other component, each PDF holds exactly its pages in the shown order."""
    session = DossierSession(home)
    session.new("2.000815")
    words = ["ALPHA", "BRAVO", "CHARLIE"]
    for word in words:
        path = tmp_path / f"{word}.png"
        _word_page(word, path)
        session.add_files("ban-chinh", [path])
    ids = session.dossier.documents["ban-chinh"].page_ids  # type: ignore[union-attr]
    alpha, bravo, charlie = ids
    session.move_page(charlie, -1)  # ALPHA CHARLIE BRAVO
    session.move_page(charlie, -1)  # CHARLIE ALPHA BRAVO
    session.move_page(bravo, +1)  # past the end of its component: first page of the next one
    shown = [(code, page.id) for code, page in session.ordered_pages()]
    assert shown == [("ban-chinh", charlie), ("ban-chinh", alpha), ("ban-sao", bravo)]
    result = session.build_and_sign(home / "built", None)
    by_code = {d["code"]: d for d in result.manifest["documents"]}
    folder = Path(result.folder)
    first = _page_texts(folder / by_code["ban-chinh"]["file"])
    assert ["CHARLIE" in t for t in first] == [True, False] and "ALPHA" in first[1], first
    assert "BRAVO" in _page_texts(folder / by_code["ban-sao"]["file"])[0]


def test_a_queued_dossier_is_locked_until_a_new_version(home: Path, tmp_path: Path):
    from scanstation.dossier.service import DossierFrozenError

    session = _session_with_pages(home, tmp_path)
    session.build_and_sign(home / "built", None)
    session.enqueue()
    assert session.locked
    extra = tmp_path / "extra.png"
    synthetic.render_page("single_line", seed=77, dpi=150).image.save(extra, dpi=(150, 150))
    with pytest.raises(DossierFrozenError) as caught:
        session.add_files("ban-sao", [extra])
    assert "phiên bản mới" in caught.value.message_vi
    page_id = session.all_page_ids()[0]
    for change in (lambda: session.move_page(page_id, 1),
                   lambda: session.remove_page(page_id),
                   lambda: session.edit_page(page_id, "left"),
                   lambda: session.build_and_sign(home / "built-again", None)):
        with pytest.raises(DossierFrozenError):
            change()
    session.reopen()  # the deliberate new version
    assert not session.locked
    assert session.add_files("ban-sao", [extra])
