"""`make run`: the desktop app when there is a display, the headless sample run when there is not.

Without a display the bundled sample pages (package data: ``scanstation/resources/samples/``) go
through the same core the app uses — import into the workspace, cleanup, blank flagging, and
Vietnamese OCR to a PDF/A when that stage is installed — and the paths of the results are printed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from . import vault
from .paths import resource

SAMPLES = resource("samples")


def has_display() -> bool:
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and platform not in ("offscreen", "minimal"):
        return True
    if platform in ("offscreen", "minimal"):
        return False
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_headless(out: Path | None = None) -> int:
    from . import fsio
    from .importer import import_files
    from .workspace import Workspace

    samples = sorted(p for p in SAMPLES.iterdir() if p.suffix.lower() in (".jpg", ".png"))
    with Workspace() as workspace:
        out = out or workspace.home / "samples-cleaned"
        out.mkdir(parents=True, exist_ok=True)
        print("ScanStation — không có màn hình: chạy các trang mẫu qua quy trình xử lý.")
        print("ScanStation — no display: running the sample pages through the pipeline.\n")
        outcomes = import_files(workspace, samples, batch="samples")
        cleaned: list[Path] = []
        with_text: list[Path] = []
        for outcome in outcomes:
            if outcome.error is not None:
                print(f"  {Path(outcome.file).name}: {outcome.error}")
                continue
            for page in outcome.pages:
                info = page.flags.get("cleanup", {})
                target = out / f"{Path(outcome.file).stem}.png"
                fsio.atomic_write_bytes(target, vault.read_personal(workspace.render_path(page)))
                cleaned.append(target)
                if not page.blank:
                    with_text.append(target)
                blank = "  [trang trắng? / blank?]" if page.blank else ""
                print(f"  {Path(outcome.file).name}: quarter_turn={info.get('quarter_turn')} "
                      f"skew_deg={info.get('skew_deg')}{blank}\n    → {target}")
        pdf = _ocr_if_available(with_text, out / "samples-ocr.pdf")
        print(f"\nKho dữ liệu / workspace: {workspace.home}")
        print(f"Trang đã làm sạch / cleaned pages: {out}")
        if pdf:
            print(f"PDF/A có lớp chữ / searchable PDF/A: {pdf}")
    return 0


def _ocr_if_available(images: list[Path], target: Path) -> Path | None:
    try:
        from .ocr.pipeline import ocr_to_pdfa
    except ImportError:
        return None
    if not images:
        return None
    try:
        ocr_to_pdfa(images, target, sidecar=target.with_suffix(".txt"), title="ScanStation samples")
    except Exception as exc:  # the demo must still report the cleanup results
        print(f"  OCR: {type(exc).__name__}: {exc}")
        return None
    return target


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from .privacy import protect_new_files
    from .startup import quiet_native_threads

    quiet_native_threads()  # before anything imports NumPy (the OCR workers inherit it)

    protect_new_files()  # personal data at rest: nothing group- or world-readable
    if "--headless" in argv or not has_display():
        return run_headless()
    from .ui.app import run_app

    return run_app(argv)


if __name__ == "__main__":
    sys.exit(main())
