"""Sign time per document: PKCS#12 and a SoftHSM2 token, B-B and B-T, visible and invisible.

One command: ``.venv/bin/python benchmarks/sign.py [--docs N] [--pages P]``. It makes a throw-away
PKI, a SoftHSM2 token and an RFC 3161 server on 127.0.0.1 (the same helpers as the tests), then
signs N documents of P pages each way and prints a table. References in the same run: a bare RSA
signature with ``cryptography`` (the cryptographic floor) and pyHanko's own ``sign_pdf`` with an
invisible signature and no ScanStation code around it (the library floor).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "dossier"))

import dossier_pki as pki


def _plain_pdf(path: Path, pages: int) -> Path:
    from scanstation.testing import pages as synthetic

    images = [synthetic.render_page("form", seed=i, dpi=200).image for i in range(pages)]
    images[0].save(path, save_all=True, append_images=images[1:], resolution=200)
    return path


def _pdfa(path: Path, pages: int, plain: Path) -> Path | None:
    try:
        from scanstation.ocr.pipeline import ocr_to_pdfa
    except ImportError:
        return None
    import pypdfium2

    pdf = pypdfium2.PdfDocument(plain)
    images = [pdf[i].render(scale=200 / 72).to_pil() for i in range(min(pages, len(pdf)))]
    pdf.close()
    ocr_to_pdfa(images, path, title="Benchmark")
    return path


def _time(fn: Callable[[int], None], n: int) -> list[float]:
    out = []
    for i in range(n):
        start = time.perf_counter()
        fn(i)
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=10)
    parser.add_argument("--pages", type=int, default=3)
    args = parser.parse_args()

    root = Path(tempfile.mkdtemp(prefix="sign-bench-"))
    ca = pki.make_ca()
    officer = pki.issue(ca, pki.OFFICER_NAME)
    p12 = pki.write_pkcs12(root / "o.p12", officer, ca, "pw")
    token = pki.make_softhsm_token(root / "hsm", officer)
    os.environ.update(token.env())
    tsa = pki.TimestampServer(ca)
    plain = _plain_pdf(root / "plain.pdf", args.pages)
    pdfa = _pdfa(root / "pdfa.pdf", args.pages, plain)
    source = pdfa or plain

    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    from scanstation.pdf.sign import (
        Pkcs11Credential,
        Pkcs12Credential,
        SignOptions,
        open_signer,
        sign_file,
        sign_pdf,
    )

    out = root / "out"
    out.mkdir()
    n = args.docs
    rows: list[tuple[str, list[float]]] = []

    rows.append(("reference: RSA-2048 signature only (cryptography)", _time(
        lambda i: officer.key.sign(b"x" * 32, padding.PKCS1v15(), hashes.SHA256()), n)))

    ph_signer = signers.SimpleSigner.load_pkcs12(str(p12), passphrase=b"pw")

    def pyhanko_bare(i: int) -> None:
        with open(source, "rb") as src, open(out / f"bare{i}.pdf", "wb") as dst:
            w = IncrementalPdfFileWriter(src, strict=False)
            signers.sign_pdf(w, signers.PdfSignatureMetadata(field_name="Sig"),
                             signer=ph_signer, output=dst)

    rows.append(("reference: pyHanko sign_pdf, invisible (PKCS#12)", _time(pyhanko_bare, n)))

    p12c = Pkcs12Credential(p12)
    p11c = Pkcs11Credential(token.module, token.label, token.key_label)
    cases = [
        ("PKCS#12, invisible, B-B (open per doc)", p12c, SignOptions(visible=False)),
        ("PKCS#12, visible, B-B (open per doc)", p12c, SignOptions()),
        ("SoftHSM2, visible, B-B (login per doc)", p11c, SignOptions()),
        ("SoftHSM2, visible, B-T (TSA 127.0.0.1)", p11c, SignOptions(timestamp_url=tsa.url)),
    ]
    for label, cred, options in cases:
        pin = "pw" if cred is p12c else token.pin
        rows.append((label, _time(
            lambda i, c=cred, o=options, p=pin: sign_file(source, out / f"s{i}.pdf", c, p, o), n)))

    # a dossier build opens the token once and signs every document in the same session
    with open_signer(p11c, token.pin) as signer:
        rows.append(("SoftHSM2, visible, B-B, one session (dossier build)", _time(
            lambda i: sign_pdf(source, out / f"b{i}.pdf", signer, SignOptions()), n)))
    tsa.close()

    kind = "PDF/A from ocr_to_pdfa" if pdfa else "plain PDF (OCR stage absent)"
    size_kb = source.stat().st_size / 1024
    print(f"\nSign time per document — {n} documents of {args.pages} pages "
          f"({kind}, {size_kb:.0f} KiB), {os.cpu_count()} CPUs\n")
    print(f"| {'case':<52} | median ms | mean ms | max ms |")
    print(f"|{'-' * 54}|----------:|--------:|-------:|")
    for label, times in rows:
        ms = [t * 1000 for t in times]
        print(f"| {label:<52} | {statistics.median(ms):9.1f} | {statistics.mean(ms):7.1f} | "
              f"{max(ms):6.1f} |")


if __name__ == "__main__":
    main()
