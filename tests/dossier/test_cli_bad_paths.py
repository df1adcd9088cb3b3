"""No traceback ever reaches a user (issue 12 §11): every command given bad paths — missing
inputs, outputs where nothing can be written, a file where a folder is needed — answers with a
bilingual message and an exit code. (``verify`` is checked by its own tests.)"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from scanstation.dossier import service

MISSING = "/khong-co/thu-muc/trang.png"
UNWRITABLE = "/proc/khong-ghi-duoc"

# {img}: a real page image, {file}: an existing plain file, {id}: an open dossier's code
CASES = [
    ["import", MISSING],
    ["clean", MISSING, "-o", "{tmp}/out"],
    ["clean", "{img}", "-o", "{file}"],
    ["clean", "{img}", "-o", UNWRITABLE + "/out"],
    ["inspect", MISSING],
    ["ocr", MISSING, "-o", "{tmp}/x.pdf"],
    ["ocr", "{img}", "-o", "/proc/x.pdf"],
    ["ocr", "{img}", "-o", "{file}/x.pdf"],
    ["check-pdfa", MISSING],
    ["idcard", MISSING],
    ["scan", "-d", "test:0", "-o", "{file}", "--pages", "1"],
    ["watch", MISSING, "--once"],
    ["sign", MISSING, "-o", "{tmp}/s.pdf", "--pkcs12", "{file}"],
    ["sign", "{file}", "-o", "/proc/s.pdf", "--pkcs12", MISSING],
    ["dossier", "new", "-p", "1.001193", "--applicant-json", MISSING],
    ["dossier", "add", "{id}", "-d", "to-khai", "--no-clean", MISSING],
    ["dossier", "applicant", "{id}", "--applicant-json", MISSING],
    ["dossier", "build", "{id}", "-o", UNWRITABLE + "/out", "--allow-incomplete",
     "--reason", "thử"],
    ["dossier", "check", MISSING],
    ["dossier", "intake-receipt", "{id}", "-o", UNWRITABLE + "/r.pdf"],
    ["dossier", "intake-receipt", "{id}", "-o", "{file}/r.pdf"],
    ["outbox", "add", MISSING],
    ["outbox", "receipt", "ob-khongco", "--pdf", UNWRITABLE + "/r.pdf"],
]


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory, page_images) -> dict[str, str]:
    root = tmp_path_factory.mktemp("badpaths")
    home = root / "home"
    dossier = service.new_dossier(home, "1.001193", None, "000.00.53.H48")
    service.add_documents(home, dossier.id, "to-khai", [page_images[0][0]], clean=False)
    plain = root / "tep-thuong.txt"
    plain.write_text("không phải thư mục", encoding="utf-8")
    return {"tmp": str(root), "img": str(page_images[0][0]), "file": str(plain),
            "id": dossier.id, "home": str(home)}


@pytest.mark.parametrize("args", CASES, ids=[" ".join(c[:2]) + f"-{i}"
                                            for i, c in enumerate(CASES)])
def test_bad_paths_give_bilingual_errors_not_tracebacks(setup, args) -> None:
    argv = [a.format(**setup) for a in args]
    env = dict(os.environ, SCANSTATION_HOME=setup["home"],
               SCANSTATION_AGENCY_CODE="000.00.53.H48")
    run = subprocess.run([sys.executable, "-m", "scanstation", *argv], capture_output=True,
                         text=True, env=env, timeout=120, stdin=subprocess.DEVNULL)
    assert "Traceback" not in run.stderr + run.stdout, run.stderr
    assert run.returncode not in (0, 1), (run.returncode, run.stderr)  # a specific exit code
    # (``idcard`` reports each input's result, errors included, on stdout by its contract)
    lines = [x for x in (run.stderr + run.stdout).splitlines() if x.strip()]
    # Vietnamese then English (the one error tree), or typer's own usage message
    vietnamese = any(any(ch in x for ch in "ăâđêôơưạảấầẩậắằẳặẹẻẽếềểệịọỏốồổộớờởợụủứừửựỳỵỷỹ")
                     for x in lines)
    assert vietnamese or "Usage:" in run.stderr, run.stderr


def test_home_that_is_a_file(setup) -> None:
    env = dict(os.environ, SCANSTATION_HOME=setup["file"])
    for argv in (["dossier", "list"], ["outbox", "status"], ["import", setup["img"]]):
        run = subprocess.run([sys.executable, "-m", "scanstation", *argv], capture_output=True,
                             text=True, env=env, timeout=60, stdin=subprocess.DEVNULL)
        assert "Traceback" not in run.stderr, (argv, run.stderr)
        assert run.returncode not in (0, 1), (argv, run.returncode, run.stderr)


def test_a_reader_that_goes_away_ends_quietly(setup) -> None:
    """``scanstation procedures | head -1``: the pipe's reader is gone before we write."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # closed before the command starts: every write meets EPIPE
    try:
        run = subprocess.run([sys.executable, "-m", "scanstation", "procedures"],
                             stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=60,
                             env=dict(os.environ, SCANSTATION_HOME=setup["home"]))
    finally:
        os.close(write_end)
    assert run.stderr == "" and run.returncode == 141
