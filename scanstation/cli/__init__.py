"""``scanstation …``: every capability scriptable.

Each capability registers its commands from its own module (``cli/<area>.py`` exposes
``register(app)``), so the command modules stay small and each imports its heavy libraries
(OpenCV, Tesseract, pyHanko, …) inside the command body. Checks and scripts call the CLI once per
input, so start-up time counts: a call naming a command imports only that command's area
(``COMMAND_AREAS``); ``scanstation --help`` and anything unknown build the whole tree.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from typing import Any

import typer

# the top-level word → the area that registers it (a test checks this against every register())
COMMAND_AREAS = {
    "version": "core", "import": "core", "clean": "core", "inspect": "core",
    "ocr": "ocr", "check-pdfa": "ocr",
    "idcard": "idcard", "address": "idcard",
    "devices": "capture", "scan": "capture", "camera": "capture", "watch": "capture",
    "dossier": "dossier",
    "sign": "signing", "verify": "signing",
    "procedures": "procedures",
    "outbox": "outbox",
    "batch": "batch",
    "privacy": "privacy",
    "serve": "serve",
}
# every area once, in the order ``--help`` lists their commands
AREAS = tuple(dict.fromkeys(COMMAND_AREAS.values()))

HELP = "ScanStation — số hóa hồ sơ một cửa / digitization station for one-stop counters."


def _root() -> None:
    """ScanStation — số hóa hồ sơ một cửa / digitization station for one-stop counters."""


def build_app(argv: Sequence[str] | None = None) -> typer.Typer:
    """The command tree for ``argv``: one area when its first word names a command, else all."""
    app = typer.Typer(name="scanstation", help=HELP, no_args_is_help=True, add_completion=False,
                      pretty_exceptions_enable=False)
    app.callback()(_root)
    area = COMMAND_AREAS.get(_command(argv or ()) or "")
    for name in (area,) if area else AREAS:
        importlib.import_module(f"{__name__}.{name}").register(app)
    return app


def __getattr__(name: str) -> Any:
    # ``from scanstation.cli import app`` (tests, embedding): the whole tree
    if name == "app":
        return build_app()
    raise AttributeError(name)


# Commands that scripts and checks start once per input: when one is done — its output written
# and fsynced, its streams flushed — the process leaves without tearing the interpreter down.
# Freeing NumPy, OpenCV and two Tesseract models module by module took 0.05-0.1 s of a 1.3-s
# one-page OCR call (issue 14). None of these commands leaves anything to an exit handler:
# their temporary folders are context managers, and they start no pools or servers.
QUICK_EXIT = frozenset({"ocr", "check-pdfa", "idcard", "address", "inspect", "clean", "version"})


def main() -> None:
    """Console-script entry point."""
    argv = sys.argv[1:]
    quick = _command(argv) in QUICK_EXIT
    if quick:  # one input, then out: no memory to give back before the end
        from ..startup import keep_freed_memory

        keep_freed_memory()
    try:
        _run(argv)
    except SystemExit as done:
        if quick:
            _quick_exit(done.code)
        raise
    if quick:
        _quick_exit(0)


def _command(argv: Sequence[str]) -> str | None:
    return next((word for word in argv if not word.startswith("-")), None)


def _quick_exit(code: object) -> None:
    """``sys.exit(code)``'s meaning, without the interpreter's teardown: the log and the
    standard streams are flushed first, and that is all an exit would still have done."""
    import logging
    import os

    if code is not None and not isinstance(code, int):
        sys.stderr.write(f"{code}\n")
        code = 1
    logging.shutdown()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # ``scanstation … | head``: as ``reader_went_away``
        code = code or 141
    except ValueError:  # a stream was closed by the command itself
        pass
    os._exit(code or 0)


def _run(argv: Sequence[str]) -> None:
    from ..startup import quiet_native_threads

    quiet_native_threads()  # before anything imports NumPy
    from ..errors import ScanStationError
    from ..privacy import protect_new_files
    from ._common import configure_logging, fail, os_error, reader_went_away, unexpected_error

    protect_new_files()  # personal data at rest: nothing group- or world-readable
    configure_logging()
    try:
        build_app(argv)()
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
