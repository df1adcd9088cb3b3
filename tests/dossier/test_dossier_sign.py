"""PAdES signing with a PKCS#12 file and a real SoftHSM2 token, verified by pyHanko against the
test CA; tampering, wrong PINs, timestamps (RFC 3161 server on 127.0.0.1), appearance."""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path

import pikepdf
import pytest
from dossier_pki import OFFICER_NAME

from scanstation.errors import SigningError, TokenNotFoundError, WrongPinError
from scanstation.pdf.sign import (
    Pkcs11Credential,
    Pkcs12Credential,
    SessionPin,
    SignOptions,
    find_font,
    font_usable,
    sign_file,
)
from scanstation.pdf.verify import verify_pdf


def _p11(token) -> Pkcs11Credential:
    return Pkcs11Credential(token.module, token.label, token.key_label)


def test_pkcs12_signature_is_valid_and_trusted(pki, plain_pdf: Path, tmp_path: Path) -> None:
    out = tmp_path / "signed.pdf"
    result = sign_file(plain_pdf, out, Pkcs12Credential(pki.p12), pki.p12_password)
    assert result.level == "PAdES-B-B"
    assert result.signer_name == OFFICER_NAME
    # incremental update: the original bytes are a prefix of the signed file
    assert out.read_bytes().startswith(plain_pdf.read_bytes())

    report = verify_pdf(out, [pki.ca_pem], check_pdfa=False)
    assert report.signed and report.integrity == "intact" and report.ok
    (sig,) = report.signatures
    assert sig.signer == OFFICER_NAME
    assert sig.trusted and sig.intact and sig.valid
    assert sig.coverage == "ENTIRE_FILE"
    assert sig.subfilter == "/ETSI.CAdES.detached"
    assert sig.level == "PAdES-B-B"
    assert sig.signing_time is not None


def test_untrusted_root_is_reported_but_integrity_holds(pki, plain_pdf, tmp_path) -> None:
    out = tmp_path / "signed.pdf"
    sign_file(plain_pdf, out, Pkcs12Credential(pki.p12), pki.p12_password)
    for trust in ([], [pki.other_ca_pem]):
        (sig,) = verify_pdf(out, trust, check_pdfa=False).signatures
        assert sig.integrity == "intact"
        assert not sig.trusted
        assert any("not trusted" in p for p in sig.problems)


def test_softhsm_token_signature_verifies(token, pki, plain_pdf, tmp_path) -> None:
    out = tmp_path / "token.pdf"
    result = sign_file(plain_pdf, out, _p11(token), SessionPin(token.pin))
    assert result.signer_name == OFFICER_NAME
    (sig,) = verify_pdf(out, [pki.ca_pem], check_pdfa=False).signatures
    assert sig.trusted and sig.integrity == "intact"
    # the certificate on the token is the one the CA issued for the officer
    from cryptography.hazmat.primitives import hashes

    assert sig.signer_certificate_sha256 == pki.officer.cert.fingerprint(hashes.SHA256()).hex()


def test_token_key_found_without_key_label(token, pki, plain_pdf, tmp_path) -> None:
    out = tmp_path / "nolabel.pdf"
    sign_file(plain_pdf, out, Pkcs11Credential(token.module, token.label), token.pin)
    assert verify_pdf(out, [pki.ca_pem], check_pdfa=False).ok


def test_wrong_token_pin_fails_once_and_does_not_lock(token, pki, plain_pdf, tmp_path,
                                                      caplog) -> None:
    caplog.set_level(logging.DEBUG)
    bad = "999999" if token.pin != "999999" else "111111"
    with pytest.raises(WrongPinError) as info:
        sign_file(plain_pdf, tmp_path / "bad.pdf", _p11(token), bad)
    message = str(info.value)
    assert "PIN" in info.value.message_vi and "PIN" in info.value.message_en
    assert bad not in message and bad not in caplog.text
    assert not (tmp_path / "bad.pdf").exists()
    # exactly one failed login happened: the right PIN still works (the token is not locked)
    out = tmp_path / "good.pdf"
    sign_file(plain_pdf, out, _p11(token), token.pin)
    assert verify_pdf(out, [pki.ca_pem], check_pdfa=False).ok


def test_wrong_pkcs12_password(pki, plain_pdf, tmp_path) -> None:
    with pytest.raises(WrongPinError):
        sign_file(plain_pdf, tmp_path / "x.pdf", Pkcs12Credential(pki.p12), "sai")
    assert not (tmp_path / "x.pdf").exists()


def test_unknown_token_label(token, plain_pdf, tmp_path) -> None:
    with pytest.raises(TokenNotFoundError) as info:
        sign_file(plain_pdf, tmp_path / "x.pdf",
                  Pkcs11Credential(token.module, "KhongCoToken"), token.pin)
    assert "KhongCoToken" in info.value.message_en


def test_unknown_key_label(token, plain_pdf, tmp_path) -> None:
    with pytest.raises(SigningError):
        sign_file(plain_pdf, tmp_path / "x.pdf",
                  Pkcs11Credential(token.module, token.label, "khong-co"), token.pin)


def test_pin_is_never_written(token, pki, plain_pdf, tmp_path, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    pin = SessionPin(token.pin)
    assert token.pin not in repr(pin) and token.pin not in str(pin)
    with pytest.raises(TypeError):
        import pickle

        pickle.dumps(pin)
    out = tmp_path / "s.pdf"
    sign_file(plain_pdf, out, _p11(token), pin)
    assert token.pin.encode() not in out.read_bytes()
    assert token.pin not in caplog.text
    pin.forget()
    assert not pin.is_set


def _flip_byte_in_signed_range(path: Path, out: Path) -> None:
    data = bytearray(path.read_bytes())
    # a byte inside the first page's content stream region (signed: before /Contents <…>)
    pos = data.index(b"stream", 200) + 20
    data[pos] ^= 0x01
    out.write_bytes(bytes(data))


def test_tampered_bytes_are_detected(pki, plain_pdf, tmp_path) -> None:
    signed = tmp_path / "signed.pdf"
    sign_file(plain_pdf, signed, Pkcs12Credential(pki.p12), pki.p12_password)
    tampered = tmp_path / "tampered.pdf"
    _flip_byte_in_signed_range(signed, tampered)
    report = verify_pdf(tampered, [pki.ca_pem], check_pdfa=False)
    assert report.integrity == "modified"
    assert not report.ok
    assert not report.signatures[0].intact


def test_content_changed_in_a_later_revision_is_detected(pki, plain_pdf, tmp_path) -> None:
    """An incremental update after the signature that changes the page is a modification."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    signed = tmp_path / "signed.pdf"
    sign_file(plain_pdf, signed, Pkcs12Credential(pki.p12), pki.p12_password)
    changed = tmp_path / "changed.pdf"
    with open(signed, "rb") as src:
        writer = IncrementalPdfFileWriter(src, strict=False)
        page_ref = writer.root["/Pages"]["/Kids"][0]
        page = page_ref.get_object()
        stream = generic.StreamObject(stream_data=b"q 1 0 0 RG 0 0 600 800 re S Q")
        page["/Contents"] = writer.add_object(stream)
        writer.update_container(page)
        with open(changed, "wb") as dst:
            writer.write(dst)
    report = verify_pdf(changed, [pki.ca_pem], check_pdfa=False)
    (sig,) = report.signatures
    assert sig.intact  # the signed revision itself is untouched…
    assert sig.integrity == "modified"  # …but the document shown is not what was signed
    assert sig.modification_level == "OTHER"
    assert report.integrity == "modified"


def test_two_signatures_officer_then_agency(pki, token, plain_pdf, tmp_path) -> None:
    first = tmp_path / "officer.pdf"
    second = tmp_path / "agency.pdf"
    sign_file(plain_pdf, first, _p11(token), token.pin)
    sign_file(first, second, Pkcs12Credential(pki.p12), pki.p12_password,
              SignOptions(placement="top-right", label="SAO Y", signer_name="UBND xã Thử"))
    report = verify_pdf(second, [pki.ca_pem], check_pdfa=False)
    assert [s.field_name for s in report.signatures] == ["ScanStationSig1", "ScanStationSig2"]
    assert all(s.integrity == "intact" for s in report.signatures)
    assert report.signatures[0].coverage == "ENTIRE_REVISION"
    assert report.signatures[0].modification_level in ("LTA_UPDATES", "FORM_FILLING")
    # placements: officer top-left, agency top-right of page 1
    with pikepdf.open(second) as pdf:
        width = float(pdf.pages[0].mediabox[2])
        height = float(pdf.pages[0].mediabox[3])
        rects = {str(a.T): [float(v) for v in a.Rect] for a in pdf.pages[0].Annots}
    officer, agency = rects["ScanStationSig1"], rects["ScanStationSig2"]
    assert officer[0] < width / 3 and officer[3] > height * 0.9
    assert agency[2] > width * 2 / 3 and agency[3] > height * 0.9


def test_timestamped_signature_is_pades_b_t(pki, plain_pdf, tmp_path, tsa) -> None:
    before = tsa.requests
    out = tmp_path / "bt.pdf"
    result = sign_file(plain_pdf, out, Pkcs12Credential(pki.p12), pki.p12_password,
                       SignOptions(timestamp_url=tsa.url))
    assert result.level == "PAdES-B-T"
    assert tsa.requests > before  # the token really came from the HTTP server
    (sig,) = verify_pdf(out, [pki.ca_pem], check_pdfa=False).signatures
    assert sig.level == "PAdES-B-T"
    assert sig.timestamp_time is not None
    assert sig.integrity == "intact" and sig.trusted


def test_unreachable_timestamp_server_is_a_clear_error(pki, plain_pdf, tmp_path) -> None:
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    from scanstation.pdf.sign import TimestampServerError

    with pytest.raises(TimestampServerError) as info:
        sign_file(plain_pdf, tmp_path / "x.pdf", Pkcs12Credential(pki.p12), pki.p12_password,
                  SignOptions(timestamp_url=f"http://127.0.0.1:{port}/tsa", timestamp_timeout=2))
    assert str(port) in info.value.message_en
    assert not (tmp_path / "x.pdf").exists()


def _tounicode_text(pdf: pikepdf.Pdf, annot: pikepdf.Dictionary) -> str:
    """Every character the appearance's fonts can map back to Unicode."""
    import re

    chars = []
    xobj = annot.AP.N
    stack = [xobj]
    while stack:
        obj = stack.pop()
        res = obj.get("/Resources", {})
        for font in res.get("/Font", {}).values():
            cmap = font.get("/ToUnicode")
            if cmap is not None:
                for hexstr in re.findall(rb"<([0-9A-Fa-f]{4,})>\s*\n?", cmap.read_bytes()):
                    if len(hexstr) % 4 == 0 and len(hexstr) >= 4:
                        with contextlib.suppress(UnicodeDecodeError, ValueError):
                            chars.append(bytes.fromhex(hexstr.decode()).decode("utf-16-be"))
        stack.extend(v for v in res.get("/XObject", {}).values())
    return "".join(chars)


def test_visible_appearance_uses_a_vietnamese_font(pki, plain_pdf, tmp_path) -> None:
    font = find_font()
    assert font_usable(font)
    out = tmp_path / "visible.pdf"
    sign_file(plain_pdf, out, Pkcs12Credential(pki.p12), pki.p12_password)
    with pikepdf.open(out) as pdf:
        (annot,) = [a for a in pdf.pages[0].Annots if a.get("/FT") == "/Sig"]
        assert int(annot.F) & 4  # printable (PDF/A needs it)
        mapped = _tounicode_text(pdf, annot)
    for ch in set("Người số hóa" + OFFICER_NAME) - {" "}:
        assert ch in mapped, ch


def test_invisible_signature_has_no_area(pki, plain_pdf, tmp_path) -> None:
    out = tmp_path / "invisible.pdf"
    sign_file(plain_pdf, out, Pkcs12Credential(pki.p12), pki.p12_password,
              SignOptions(visible=False))
    with pikepdf.open(out) as pdf:
        (annot,) = [a for a in pdf.pages[0].Annots if a.get("/FT") == "/Sig"]
        x1, y1, x2, y2 = (float(v) for v in annot.Rect)
    assert x2 - x1 == 0 and y2 - y1 == 0
    assert verify_pdf(out, [pki.ca_pem], check_pdfa=False).ok


def _info_matches_xmp(path: Path) -> None:
    from pyhanko.pdf_utils.generic import parse_pdf_date

    with pikepdf.open(path) as pdf:
        info = pdf.trailer.Info
        meta = pdf.open_metadata()
        assert str(info.Producer) == str(meta["pdf:Producer"])
        if "/ModDate" in info:
            from datetime import datetime

            xmp_date = datetime.fromisoformat(str(meta["xmp:ModifyDate"]))
            assert parse_pdf_date(str(info.ModDate)) == xmp_date
        assert str(meta["pdfaid:part"]) == "2"


def test_signing_keeps_pdfa_valid(pki, token, pdfa_pdf, tmp_path, tsa) -> None:
    from scanstation.pdf.check import check_pdfa as check

    assert check(pdfa_pdf).ok
    out = tmp_path / "signed-pdfa.pdf"
    sign_file(pdfa_pdf, out, _p11(token), token.pin)
    report = check(out)
    assert report.ok, [str(c) for c in report.failures]
    _info_matches_xmp(out)
    verified = verify_pdf(out, [pki.ca_pem])
    assert verified.ok and verified.pdfa["ok"] is True
    # the agency's "sao y" signature on top, timestamped: still PDF/A, both signatures intact
    twice = tmp_path / "signed-twice.pdf"
    sign_file(out, twice, Pkcs12Credential(pki.p12), pki.p12_password,
              SignOptions(placement="top-right", label="SAO Y", timestamp_url=tsa.url))
    report = check(twice)
    assert report.ok, [str(c) for c in report.failures]
    _info_matches_xmp(twice)
    verified = verify_pdf(twice, [pki.ca_pem])
    assert verified.ok and len(verified.signatures) == 2


def test_damaged_signature_blob_is_reported_not_raised(pki, plain_pdf, tmp_path) -> None:
    signed = tmp_path / "signed.pdf"
    sign_file(plain_pdf, signed, Pkcs12Credential(pki.p12), pki.p12_password)
    data = bytearray(signed.read_bytes())
    start = data.index(b"/Contents <") + len(b"/Contents <")
    end = data.index(b">", start)
    der_hex_end = start + len(bytes(data[start:end]).rstrip(b"0"))
    # the RSA signature value closes the SignerInfo (B-B has no unsigned attributes); bytes in
    # the embedded certificates are not covered by the signature and may change harmlessly
    pos = der_hex_end - 20
    data[pos] = ord("0") if data[pos] != ord("0") else ord("1")
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(bytes(data))
    report = verify_pdf(damaged, [pki.ca_pem], check_pdfa=False)
    assert report.signed and report.integrity == "modified" and not report.ok
    assert report.signatures[0].problems
