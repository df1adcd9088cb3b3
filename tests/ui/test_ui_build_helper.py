"""The build and signing run in a helper process (PDF writing and pyHanko hold the GIL for tens
of ms): progress comes back to the app, a cancel reaches the helper, a wrong PIN comes back as
the same bilingual error, and the result is the real signed dossier."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from scanstation.errors import Cancelled
from scanstation.pdf.sign import Pkcs11Credential, WrongPinError
from scanstation.testing import pages as synthetic
from scanstation.ui.session import CounterSession, _build_in_helper, in_process_worker


def _session_with_pages(home: Path, tmp_path: Path) -> CounterSession:
    session = CounterSession(home)
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
        in_process_worker(_build_in_helper, home, session.dossier.id, home / "built", None, None,
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
