"""``scanstation verify`` you can script on: one exit code per outcome, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from scanstation.pdf.sign import Pkcs12Credential, sign_file
from scanstation.pdf.verify import APPENDED, EXIT_CODES, UNTRUSTED, verify_pdf


@pytest.fixture(scope="module")
def signed(pki, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("verify")
    plain = root / "plain.pdf"
    Image.new("RGB", (200, 280), "white").save(plain, resolution=72)
    out = root / "signed.pdf"
    sign_file(plain, out, Pkcs12Credential(pki.p12), pki.p12_password)
    return out


def _verify(path: Path, home: Path, *trust: Path, as_json: bool = True):
    args = [sys.executable, "-m", "scanstation", "verify", str(path)]
    args += [a for t in trust for a in ("--trust", str(t))]
    args += ["--json"] if as_json else []
    return subprocess.run(args, capture_output=True, text=True, encoding="utf-8", timeout=120,
                          env={**os.environ, "SCANSTATION_HOME": str(home)})


def test_exit_codes_are_distinct() -> None:
    assert len(set(EXIT_CODES.values())) == len(EXIT_CODES)
    assert EXIT_CODES["intact"] == 0 and 3 not in EXIT_CODES.values()


def test_trusted_intact_is_zero(signed: Path, pki, tmp_path: Path) -> None:
    proc = _verify(signed, tmp_path, pki.ca_pem)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["status"] == "intact"


@pytest.mark.parametrize("with_other_ca", [False, True])
def test_untrusted_signer_is_not_zero_and_has_no_traceback(
    signed: Path, pki, tmp_path: Path, with_other_ca: bool
) -> None:
    trust = (pki.other_ca_pem,) if with_other_ca else ()
    proc = _verify(signed, tmp_path, *trust, as_json=False)
    assert proc.returncode == EXIT_CODES[UNTRUSTED] == 10
    assert "untrusted" in proc.stdout
    assert proc.stderr.strip() == "", proc.stderr  # no pyHanko traceback, no log noise


def test_appended_bytes_are_not_intact(signed: Path, pki, tmp_path: Path) -> None:
    appended = tmp_path / "appended.pdf"
    appended.write_bytes(signed.read_bytes() + b"\n% nobody signed this\n" + b"A" * 64)
    proc = _verify(appended, tmp_path, pki.ca_pem, as_json=False)
    assert proc.returncode == EXIT_CODES[APPENDED] == 11
    assert "appended after the signed revision" in proc.stdout
    assert "Traceback" not in proc.stderr
    report = verify_pdf(appended, [pki.ca_pem], check_pdfa=False)
    assert report.status == APPENDED and report.signatures[0].appended_bytes > 60
    assert report.signatures[0].coverage == "ENTIRE_REVISION"


def test_trailing_newline_is_not_an_append(signed: Path, pki, tmp_path: Path) -> None:
    padded = tmp_path / "padded.pdf"
    padded.write_bytes(signed.read_bytes() + b"\r\n")
    assert verify_pdf(padded, [pki.ca_pem], check_pdfa=False).status == "intact"


def test_content_change_after_signing_is_modified(signed: Path, pki, tmp_path: Path) -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    changed = tmp_path / "changed.pdf"
    with open(signed, "rb") as handle:
        writer = IncrementalPdfFileWriter(handle, strict=False)
        writer.root["/Lang"] = generic.TextStringObject("vi")
        writer.update_root()
        with open(changed, "wb") as out:
            writer.write(out)
    proc = _verify(changed, tmp_path, pki.ca_pem)
    assert proc.returncode == 7
    assert "Traceback" not in proc.stderr and proc.stderr.strip() == ""
    assert json.loads(proc.stdout)["status"] == "modified"


def test_unsigned_and_unreadable(tmp_path: Path) -> None:
    plain = tmp_path / "plain.pdf"
    Image.new("RGB", (50, 50), "white").save(plain)
    assert _verify(plain, tmp_path).returncode == 12
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 1 0 R >> endobj\ntrailer <<>>")
    proc = _verify(junk, tmp_path)
    assert proc.returncode == 3 and "Traceback" not in proc.stderr
