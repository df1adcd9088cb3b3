"""``scanstation procedures [QUERY] [--json]``: find a procedure the way the window does.

The search is ``scanstation.dossier.catalogue.search`` (diacritics and case ignored, or by code),
best match first. ``--json`` prints one line per match:
``{"code", "name", "components": [{"code", "name", "required"}]}``.
"""

from __future__ import annotations

import typer

from ._common import emit_json, guarded

FLAGS = {
    "unverified": "  (mã chưa xác minh / unverified code)",
    "placeholder": "  (mã tạm, chưa phải mã quốc gia / placeholder code, not national)",
}


def register(app: typer.Typer) -> None:
    """Add ``procedures`` to ``app``."""

    @app.command("procedures")
    def procedures(
        query: str = typer.Argument(
            "", help="Tên (có hoặc không dấu) hoặc mã thủ tục / name (with or without "
            "diacritics) or code",
        ),
        as_json: bool = typer.Option(False, "--json", help="JSON output"),
    ) -> None:
        """Tìm thủ tục (không cần dấu), tốt nhất trước / find procedures (diacritics optional),
        best first."""
        from ..dossier.catalogue import search
        from ..paths import workspace_home

        @guarded
        def run() -> None:
            found = search(query, workspace_home())
            for proc in found:
                if as_json:
                    emit_json({"code": proc.code, "name": proc.name, "components": [
                        {"code": c.code, "name": c.name, "required": c.required}
                        for c in proc.components]})
                else:
                    typer.echo(f"{proc.code}  {proc.name}{FLAGS.get(proc.code_status, '')}")
            if not found and not as_json:
                typer.echo(f"Không có thủ tục nào khớp '{query}' / no procedure matches "
                           f"'{query}'", err=True)

        run()
