"""CLI commands of the core: import, clean, inspect."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the core's commands to ``app``."""

    @app.command("version")
    def version() -> None:
        """Print the version."""
        from .. import __version__

        typer.echo(__version__)
