"""Files no one here made, through ``scanstation ocr`` one call per file: a PDF/A or a clear
refusal for every one, never nothing.

    .venv/bin/pip download ocrmypdf --no-binary :all: --no-deps -d /tmp/peer
    tar xzf /tmp/peer/ocrmypdf-*.tar.gz -C /tmp/peer --wildcards '*/tests/resources/*'
    .venv/bin/python benchmarks/peer_files.py /tmp/peer/ocrmypdf-*/tests/resources

OCRmyPDF's test files (its sdist on PyPI carries them): scanned book pages, a scanner's own PDF,
image masks, JBIG2 and CCITT, CMYK and palette images, a 1,225-megapixel page, rotated and
skewed pages, born-digital PDFs, a broken file. Each output is checked twice: by the CLI's own
self-check (``pdfa_ok`` in its JSON) and, independently, by pikepdf's PDF/A-2b allowlist
validator (``pikepdf.pdfa``, when the installed pikepdf has it).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SUFFIXES = {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".gif", ".bmp", ".webp"}


def _validator():  # type: ignore[no-untyped-def]
    try:
        from pikepdf import pdfa
    except ImportError:
        return None
    return lambda path: pdfa.validate_written(path, "2b")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--out", type=Path, default=None, help="keep the outputs here")
    ap.add_argument("--timeout", type=float, default=900.0)
    args = ap.parse_args()
    files = sorted(p for p in args.folder.iterdir() if p.suffix.lower() in SUFFIXES)
    out_dir = args.out or Path(tempfile.mkdtemp(prefix="peer_"))
    out_dir.mkdir(parents=True, exist_ok=True)
    validate = _validator()
    cli = [sys.executable, "-m", "scanstation"]
    print(f"{'file':34s} {'exit':>4s} {'s':>6s} {'pages':>5s}  self-check  pikepdf 2b  text")
    written = refused = lost = 0
    for path in files:
        out = out_dir / f"{path.name}.pdf"
        started = time.perf_counter()
        try:
            proc = subprocess.run([*cli, "ocr", str(path), "-o", str(out), "--json"],
                                  capture_output=True, text=True, timeout=args.timeout)
            code, stderr, stdout = proc.returncode, proc.stderr, proc.stdout
        except subprocess.TimeoutExpired:
            code, stderr, stdout = -1, "timeout", ""
        seconds = time.perf_counter() - started
        summary = {}
        if stdout.strip():
            try:
                summary = json.loads(stdout.strip().splitlines()[-1])
            except json.JSONDecodeError:
                summary = {}
        verdict = "-"
        if out.is_file():
            written += 1
            if validate is not None:
                report = validate(out)
                verdict = "pass" if report.passed else f"FAIL {len(report.findings)}"
        elif code == 3 and "Traceback" not in stderr and stderr.strip():
            refused += 1
        else:
            lost += 1
        chars = sum(len(t) for t in _text(out)) if out.is_file() else 0
        print(f"{path.name[:34]:34s} {code:4d} {seconds:6.1f} {summary.get('pages', '-')!s:>5s}"
              f"  {summary.get('pdfa_ok', '-')!s:10s}  {verdict:10s}  {chars}")
    print(f"\n{len(files)} files: {written} written, {refused} refused with a message, "
          f"{lost} with nothing (outputs in {out_dir})")
    return 0 if lost == 0 else 1


def _text(path: Path) -> list[str]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return [page.get_textpage().get_text_range() for page in doc]
    finally:
        doc.close()


if __name__ == "__main__":
    raise SystemExit(main())
