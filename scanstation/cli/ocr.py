"""``scanstation ocr`` and ``scanstation check-pdfa``.

    scanstation ocr IN... -o OUT.pdf [--sidecar OUT.txt] [--jobs N] [--title T] [--dossier-id D]

``ocr`` exits 0 when the PDF/A passed its self-check, 10 (``PDF_FLAGGED``) when the document was
written but a check clause failed (kept, a bilingual warning on stderr, ``pdfa_flagged`` in the
JSON), and the error's own code when nothing could be written.
    scanstation check-pdfa FILE [--json]

Heavy modules (OpenCV, Tesseract, pikepdf) are imported inside the commands: the CLI is started
once per input by scripts, so start-up time counts.
"""

from __future__ import annotations

from pathlib import Path

import typer

from ._common import emit_json, guarded, report_error

# the image files imaging reads that hold one page (a PDF or a TIFF may hold many)
SINGLE_PAGE = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".webp"})


def register(app: typer.Typer) -> None:
    """Add this area's commands to ``app``."""

    @app.command("ocr")
    @guarded
    def ocr_command(
        inputs: list[Path] = typer.Argument(..., help="Ảnh hoặc PDF / images or PDFs, in order"),
        output: Path = typer.Option(..., "-o", "--output", help="PDF/A-2b output"),
        sidecar: Path | None = typer.Option(None, "--sidecar",
                                            help="UTF-8 text, \\f between pages"),
        jobs: int | None = typer.Option(None, "--jobs", "-j", min=1, help="parallel pages"),
        title: str = typer.Option("", "--title", help="document title (XMP dc:title)"),
        dossier_id: str = typer.Option("", "--dossier-id", help="dossier code (XMP dc:identifier)"),
        json_out: bool = typer.Option(False, "--json", help="print a JSON summary"),
    ) -> None:
        """OCR tiếng Việt → PDF/A-2b có lớp chữ / Vietnamese OCR to a searchable PDF/A-2b."""
        from ..ocr.engine import warm_start

        # Tesseract loads while the pipeline is imported; a PDF or TIFF may hold many pages
        warm_start(1 if len(inputs) == 1 and inputs[0].suffix.lower() in SINGLE_PAGE else 0,
                   jobs)
        from ..ocr.pipeline import ocr_to_pdfa

        report = ocr_to_pdfa(inputs, output, sidecar=sidecar, jobs=jobs, title=title,
                             dossier_id=dossier_id)
        if json_out:
            emit_json(report.to_dict())
        else:
            typer.echo(f"{report.pages} trang/pages → {output} "
                       f"({report.elapsed:.1f} s, conf {report.mean_confidence:.0f})")
        if report.flagged:  # written and kept, but the user must know the check disagreed
            from ..errors import PdfCheckFlagged

            warning = PdfCheckFlagged(name=output.name, clause=report.flagged[0])
            report_error(warning)
            raise SystemExit(int(warning.exit_code))

    @app.command("check-pdfa")
    @guarded
    def check_pdfa_command(
        path: Path = typer.Argument(..., help="PDF to check"),
        json_out: bool = typer.Option(False, "--json", help="print the clauses as JSON"),
    ) -> None:
        """Kiểm tra PDF/A-2b / check the PDF/A-2b clauses we can check without veraPDF."""
        from ..errors import FileNotFoundInputError, PdfInvalidError
        from ..pdf.check import check_pdfa

        if not path.is_file():
            raise FileNotFoundInputError(name=path.name)
        report = check_pdfa(path)
        if json_out:
            emit_json(report.to_dict())
        else:
            for clause in report.clauses:
                typer.echo(str(clause))
            typer.echo("PDF/A-2b: OK" if report.ok else "PDF/A-2b: KHÔNG ĐẠT / FAILED")
        if not report.ok:
            raise SystemExit(int(PdfInvalidError.exit_code))
