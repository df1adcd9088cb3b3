"""CLI commands of the core: import, clean, inspect."""

from __future__ import annotations

from pathlib import Path

import typer

from ..textsafe import escape_controls
from ._common import emit_json, report_error


def register(app: typer.Typer) -> None:
    """Add the core's commands to ``app``."""

    @app.command("version")
    def version() -> None:
        """Phiên bản / print the version."""
        from .. import __version__

        typer.echo(__version__)

    @app.command("import")
    def import_(
        files: list[Path] = typer.Argument(..., help="Ảnh (PNG, JPEG, TIFF) hoặc PDF / images or PDFs"),
        batch: str = typer.Option("", help="Lô / batch name the pages go to"),
        no_clean: bool = typer.Option(False, "--no-clean", help="Không tự làm sạch / skip cleanup"),
        json_out: bool = typer.Option(False, "--json", help="JSON lines output"),
    ) -> None:
        """Nhập tệp vào kho / import files into the workspace (SCANSTATION_HOME)."""
        from ..importer import import_files
        from ..workspace import Workspace

        failed = 0
        with Workspace() as workspace:
            for outcome in import_files(workspace, files, batch=batch, clean=not no_clean):
                if outcome.error is not None:
                    failed += 1
                    report_error(outcome.error, prefix=Path(outcome.file).name)
                if json_out:
                    emit_json({
                        "file": outcome.file,
                        "pages": [
                            {"id": p.id, "frame": p.frame, "blank": p.blank,
                             "transforms": [t.to_json() for t in p.transforms]}
                            for p in outcome.pages
                        ],
                        "error": outcome.error.to_dict() if outcome.error else None,
                    })
                elif outcome.error is None:
                    typer.echo(f"{escape_controls(outcome.file)}: {len(outcome.pages)} trang / pages "
                               f"({sum(p.blank for p in outcome.pages)} trắng / blank)")
            typer.echo(f"Kho / workspace: {workspace.home}", err=True)
        if failed:
            raise typer.Exit(3)

    @app.command("clean")
    def clean(
        inputs: list[Path] = typer.Argument(..., help="Ảnh hoặc PDF / images or PDFs"),
        out_dir: Path = typer.Option(..., "-o", "--out", help="Thư mục kết quả / output folder"),
        json_out: bool = typer.Option(False, "--json", help="JSON lines output"),
    ) -> None:
        """Làm sạch trang: xoay, chỉnh nghiêng, cắt viền / clean pages (upright, straight,
        cropped) into OUTDIR as PNG; the inputs are never changed."""
        from .. import fsio
        from ..errors import ScanStationError
        from ..importer import decode_file
        from ..stages.pipeline import clean_image

        failed = 0
        for path in inputs:
            try:
                for index, count, image in decode_file(path):
                    result = clean_image(image)
                    suffix = f"-p{index + 1:03d}" if count > 1 else ""
                    target = out_dir / f"{path.stem}{suffix}.png"
                    dpi = image.info.get("dpi")

                    def write(tmp: Path, img=result.image, dpi=dpi) -> None:
                        if dpi:
                            img.save(tmp, format="PNG", dpi=dpi)
                        else:
                            img.save(tmp, format="PNG")

                    fsio.atomic_write_with(target, write)
                    record = {
                        "file": str(path), "page": index + 1, "output": str(target),
                        "quarter_turn": result.quarter_turn, "skew_deg": result.skew_deg,
                        "blank": result.blank,
                        "transforms": [t.to_json() for t in result.transforms],
                    }
                    if json_out:
                        emit_json(record)
                    else:
                        flag = " [trang trắng? / blank?]" if result.blank else ""
                        typer.echo(f"{escape_controls(path.name)} → {escape_controls(target)}{flag}")
            except ScanStationError as error:
                failed += 1
                report_error(error, prefix=path.name)
                if json_out:
                    emit_json({"file": str(path), "error": error.to_dict()})
        if failed:
            raise typer.Exit(3)

    @app.command("inspect")
    def inspect(
        images: list[Path] = typer.Argument(..., help="Ảnh hoặc PDF / images or PDFs"),
        json_out: bool = typer.Option(False, "--json", help="JSON lines (one object per input)"),
    ) -> None:
        """Phân tích trang: hướng, độ nghiêng, trang trắng / report quarter turn, skew and blank.

        quarter_turn: the counter-clockwise quarter turn the page shows (undo by rotating
        clockwise that much); skew_deg: counter-clockwise skew as displayed once the quarter
        turn is undone (positive: lines rise to the right; undo with rotate(-skew_deg)).
        """
        import time

        from ..errors import ScanStationError
        from ..importer import decode_file
        from ..stages.pipeline import inspect_image

        failed = 0
        for path in images:
            start = time.perf_counter()
            try:
                for index, count, image in decode_file(path):
                    result = inspect_image(image)
                    record = {
                        "file": str(path),
                        "quarter_turn": result.quarter_turn,
                        "skew_deg": result.skew_deg,
                        "blank": result.blank,
                        "confidence": result.confidence,
                        "elapsed_ms": round((time.perf_counter() - start) * 1000.0, 1),
                    }
                    if count > 1:
                        record["page"] = index + 1
                    if json_out:
                        emit_json(record)
                    else:
                        typer.echo(
                            f"{escape_controls(path.name)}{f' p{index + 1}' if count > 1 else ''}: "
                            f"quarter_turn={result.quarter_turn} skew_deg={result.skew_deg:+.2f} "
                            f"blank={result.blank}"
                        )
                    start = time.perf_counter()
            except ScanStationError as error:
                failed += 1
                report_error(error, prefix=path.name)
                if json_out:
                    emit_json({"file": str(path), "error": error.to_dict(),
                               "elapsed_ms": round((time.perf_counter() - start) * 1000.0, 1)})
        if failed:
            raise typer.Exit(3)
