"""``scanstation …``: every capability scriptable.

Each capability registers its commands from its own module (``cli/<area>.py`` exposes
``register(app)``), so the command modules stay small and each imports its heavy libraries
(OpenCV, Tesseract, pyHanko, …) inside the command body: checks call the CLI once per input, so
start-up time counts.
"""

from __future__ import annotations

import sys

import typer

from . import batch, capture, core, dossier, idcard, ocr, outbox, privacy, procedures, serve, signing

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


for _module in (core, ocr, idcard, capture, dossier, signing, procedures, outbox, batch, privacy, serve):
    _module.register(app)


def main() -> None:
    """Console-script entry point."""
    from ..errors import ScanStationError
    from ..privacy import protect_new_files
    from ._common import configure_logging, fail, os_error, reader_went_away, unexpected_error

    protect_new_files()  # personal data at rest: nothing group- or world-readable
    configure_logging()
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
    # the last net: no traceback ever reaches a user (every error through the one tree, vi + en)
    except ScanStationError as error:
        fail(error)
    except BrokenPipeError:
        reader_went_away()
    except OSError as exc:
        fail(os_error(exc))
    except Exception as exc:
        fail(unexpected_error(exc))


if __name__ == "__main__":
    main()
