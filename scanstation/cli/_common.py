"""Helpers shared by the command modules: JSON lines, bilingual errors, logging."""

from __future__ import annotations

import json
import logging
import os
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any, NoReturn, TypeVar

from ..errors import ExitCode, ScanStationError

T = TypeVar("T")


def configure_logging() -> None:
    """Log to stderr at the level of ``SCANSTATION_LOG`` (WARNING by default), masked."""
    from ..privacy import install_log_masking

    level = os.environ.get("SCANSTATION_LOG", "WARNING").upper()
    root = logging.getLogger("scanstation")
    if not root.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(getattr(logging, level, logging.WARNING))
    install_log_masking(root)
    warnings.showwarning = _library_warning


def _library_warning(message: Warning | str, category: type[Warning], filename: str,
                     lineno: int, file: Any = None, line: str | None = None) -> None:
    """A library's warning (cryptography 51 deprecating DSA, printed when pyHanko is
    imported) is a note for developers, not for the officer's terminal: it goes to the log
    at DEBUG (``SCANSTATION_LOG=DEBUG`` shows it), never raw to stderr."""
    logging.getLogger("scanstation.warnings").debug(
        "%s: %s (%s:%s)", category.__name__, message, filename.rsplit("/", 1)[-1], lineno)


def emit_json(obj: dict[str, Any]) -> None:
    """One JSON object per line on stdout, UTF-8, flushed (callers may read it as a stream)."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def report_error(error: ScanStationError, prefix: str = "") -> None:
    """Print the Vietnamese then the English message to stderr."""
    from ..textsafe import escape_controls

    head = f"{prefix}: " if prefix else ""
    # file names come from outside: a control character must not reach the terminal
    sys.stderr.write(f"{escape_controls(head + error.message_vi)}\n"
                     f"{escape_controls(head + error.message_en)}\n")


def fail(error: ScanStationError) -> None:
    """Report ``error`` and exit with its code."""
    report_error(error)
    raise SystemExit(int(error.exit_code))


@contextmanager
def stopwatch() -> Iterator[Callable[[], float]]:
    """``with stopwatch() as elapsed: ...; elapsed()`` gives milliseconds so far."""
    start = time.perf_counter()
    yield lambda: (time.perf_counter() - start) * 1000.0


class PathNotFoundError(ScanStationError):
    exit_code = ExitCode.INPUT_FILE
    vi = "Không tìm thấy {path} (tệp, hoặc thư mục chứa nó). Hãy kiểm tra lại đường dẫn."
    en = "{path} not found (the file, or the folder it goes in). Check the path."


class PathExistsError(ScanStationError):
    exit_code = ExitCode.USAGE
    vi = "{path} đã có và không dùng được ở đây (cần thư mục mới hoặc tên khác). Hãy chọn đường dẫn khác."
    en = "{path} already exists and cannot be used here (a new folder or another name is needed). Choose another path."


class PathPermissionError(ScanStationError):
    exit_code = ExitCode.STORAGE
    vi = "Không có quyền đọc/ghi {path}. Hãy chọn thư mục khác hoặc kiểm tra quyền."
    en = "No permission to read or write {path}. Choose another folder or check the permissions."


def os_error(exc: OSError) -> ScanStationError:
    """The bilingual error for an ``OSError`` that reached the command line (a bad path)."""
    import errno
    from pathlib import Path

    from ..errors import DiskFullError, StorageError
    from ..fsio import TEMP_PREFIX

    path = str(exc.filename or "?")
    if Path(path).name.startswith(TEMP_PREFIX):
        # an atomic write's temp file: name the folder the user chose, not our temp name
        return StorageError(path=str(Path(path).parent), detail=exc.strerror)
    if isinstance(exc, FileNotFoundError | NotADirectoryError):
        return PathNotFoundError(path=path)
    if isinstance(exc, FileExistsError | IsADirectoryError):
        return PathExistsError(path=path)
    if isinstance(exc, PermissionError) or exc.errno == errno.EROFS:
        return PathPermissionError(path=path)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFullError(path=path)
    return StorageError(path=path, detail=exc.strerror or type(exc).__name__)


def reader_went_away() -> NoReturn:
    """``scanstation … | head``: the reader closed the pipe; stop quietly, as Unix tools do."""
    with suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the interpreter's final flush cannot fail
    raise SystemExit(141)  # 128 + SIGPIPE


def unexpected_error(exc: BaseException) -> ScanStationError:
    """Anything else: the generic bilingual message, the details only in the debug log."""
    logging.getLogger("scanstation.cli").debug("unexpected error", exc_info=exc)
    return ScanStationError(detail=type(exc).__name__)


def guarded(func: Callable[..., T]) -> Callable[..., T]:
    """Turn an error escaping a command into a bilingual message and its exit code: ours as
    they are, a bad path (``OSError``) as what to check."""
    import functools

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        try:
            return func(*args, **kwargs)
        except ScanStationError as error:
            fail(error)
            raise  # unreachable: fail() exits
        except BrokenPipeError:
            reader_went_away()
        except OSError as exc:
            fail(os_error(exc))
            raise  # unreachable: fail() exits

    return wrapper
