"""``scanstation …``: every capability scriptable.

Each capability registers its commands from its own module (``cli/<area>.py`` exposes
``register(app)``), so the command modules stay small and each imports its heavy libraries
(OpenCV, Tesseract, pyHanko, …) inside the command body: checks call the CLI once per input, so
start-up time counts.
"""

from __future__ import annotations

import sys

import typer

from . import batch, capture, core, dossier, idcard, ocr, outbox

app = typer.Typer(
    name="scanstation",
    help="ScanStation — số hóa hồ sơ một cửa / digitization station for one-stop counters.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)



@app.callback()
def _root() -> None:
    """ScanStation — số hóa hồ sơ một cửa / digitization station for one-stop counters."""


for _module in (core, ocr, idcard, capture, dossier, outbox, batch):
    _module.register(app)


def main() -> None:
    """Console-script entry point."""
    from ._common import configure_logging

    configure_logging()
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
