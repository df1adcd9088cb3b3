"""The counter, headless: a 10-page dossier from first page to signed and queued.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/ui_flow.py [--pages 10] [--dpi 300]

Pages arrive one at a time through the counter's real path (import + cleanup in the helper
process, OCR in the background lane while the next page comes), as a scanner would deliver
them; then the clock runs from the last page committed to the dossier queued: build (PDF/A per
component, reusing the background OCR), sign (a PKCS#12 made on the fly), enqueue. A 5 ms
QTimer probe on the Qt thread reports the event loop's longest stall over the whole run.
Prints a table.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from scanstation.ui.workers import wait_for

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OMP_THREAD_LIMIT", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "dossier"))
sys.path.insert(0, str(ROOT / "tests" / "ui"))



class _Forgetful(dict):
    def __setitem__(self, key: Any, value: Any) -> None:
        pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--dpi", type=int, default=300)
    parser.add_argument("--no-reuse", action="store_true",
                        help="the build reads every page again (the behaviour before reuse)")
    args = parser.parse_args()

    from dossier_pki import issue, make_ca, write_pkcs12
    from PySide6.QtWidgets import QApplication
    from ui_helpers import StallProbe

    from scanstation.pdf.sign import Pkcs12Credential
    from scanstation.testing import pages as synthetic
    from scanstation.ui.settings import StationSettings
    from scanstation.ui.station_window import StationWindow
    from scanstation.workspace import Workspace

    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        home = tmp / "home"
        home.mkdir()
        os.environ["SCANSTATION_HOME"] = str(home)
        os.environ.setdefault("SCANSTATION_AGENCY_CODE", "000.00.53.H48")
        files = []
        for i in range(args.pages):
            path = tmp / f"trang-{i + 1:02d}.png"
            page = synthetic.render_page(("form", "letter", "table")[i % 3], seed=70 + i,
                                         dpi=args.dpi)
            page.image.save(path, dpi=(args.dpi, args.dpi))
            files.append(path)
        ca = make_ca()
        p12 = write_pkcs12(tmp / "officer.p12", issue(ca, "Nguyễn Văn Cán Bộ"), ca, "1234")

        workspace = Workspace(home)
        window = StationWindow(workspace, settings=StationSettings(home), start_sender=False)
        window.show()
        counter = window.counter
        counter.credential_factory = lambda: Pkcs12Credential(p12)
        counter.pin_prompt = lambda: "1234"
        if args.no_reuse:
            window.session.ocr_results = _Forgetful()
        wait_for(counter.start_dossier("2.000815"))
        probe = StallProbe()
        probe.start()
        started = time.perf_counter()
        half = max(1, args.pages // 2)
        for i, path in enumerate(files):  # one page at a time, as a scanner delivers them
            wait_for(counter.add_files([path], code="ban-chinh" if i < half else "ban-sao"))
        last_page = time.perf_counter()
        ocr_ready = len(window.session.ocr)
        build_op = counter.build_and_sign()
        assert build_op is not None
        result = wait_for(build_op)
        built = time.perf_counter()
        item = wait_for(counter.queue())
        queued = time.perf_counter()
        probe.stop()
        signed = all(d.get("signature") for d in result.manifest["documents"])
        window.close()
        workspace.close()
    app.quit()

    rows = [
        ("pages", f"{args.pages} at {args.dpi} dpi"
                  + (" (build re-reads every page)" if args.no_reuse else "")),
        ("capture of all pages (import + clean, OCR behind)", f"{last_page - started:.1f} s"),
        ("pages already OCRed when the last page landed", f"{ocr_ready}/{args.pages}"),
        ("last page → built and signed", f"{built - last_page:.1f} s"),
        ("last page → queued (target ≤ 15 s)", f"{queued - last_page:.1f} s"),
        ("signed", "yes" if signed else "NO"),
        ("outbox item", item),
        ("longest event-loop stall, app's own (target ≤ 50 ms)", f"{probe.longest_ms:.1f} ms"),
        ("longest stall counting other processes on the CPU", f"{probe.longest_raw_ms:.1f} ms"),
    ]
    width = max(len(k) for k, _ in rows)
    print(f"{'measure'.ljust(width)} | value")
    print(f"{'-' * width}-|------")
    for key, value in rows:
        print(f"{key.ljust(width)} | {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
