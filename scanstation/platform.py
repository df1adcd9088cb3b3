"""Everything that differs between Linux and Windows (and macOS), in one module: file locks,
"is that process alive", waiting for a process to end, lowering a worker's priority, and how
worker processes are started. The rest of the core calls these and stays portable.

Why each one matters on Windows:

- ``os.kill(pid, 0)`` *terminates* the process there (any signal but CTRL_C/CTRL_BREAK is
  ``TerminateProcess``), so liveness goes through ``OpenProcess``;
- there is no ``fcntl``: ``msvcrt.locking`` gives the same non-blocking exclusive lock, released
  by the OS when the holder dies;
- there is no ``fork``/``forkserver``: workers are spawned (each imports what it needs), so
  every pool must work with ``spawn`` — ``SCANSTATION_START_METHOD=spawn`` forces that on Linux
  for tests;
- there is no ``os.nice``: ``SetPriorityClass(BELOW_NORMAL)``.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Sequence
from typing import Any

IS_WINDOWS = sys.platform == "win32"
START_METHOD_VAR = "SCANSTATION_START_METHOD"

_STILL_ACTIVE = 259
_PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
_SYNCHRONIZE = 0x00100000
_ERROR_ACCESS_DENIED = 5
_INFINITE = 0xFFFFFFFF
_BELOW_NORMAL_PRIORITY_CLASS = 0x4000


def _kernel32() -> Any:
    import ctypes

    return ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]


# --- file locks ------------------------------------------------------------------------------


def lock_exclusive_nowait(fd: int) -> None:
    """Take an exclusive lock on the open file ``fd`` without waiting; ``BlockingIOError`` when
    another process holds it. The OS drops the lock when the holder dies, however it dies."""
    if IS_WINDOWS:
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError as exc:  # EACCES / EDEADLOCK: held elsewhere
            raise BlockingIOError(exc.errno, "file is locked by another process") from exc
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def unlock(fd: int) -> None:
    """Release a lock taken by :func:`lock_exclusive_nowait` (closing ``fd`` also does)."""
    if IS_WINDOWS:
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


# --- processes -------------------------------------------------------------------------------


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` exists (one we may not signal counts as alive). Never harms it."""
    if pid <= 0:
        return False
    if IS_WINDOWS:
        kernel32 = _kernel32()
        handle = kernel32.OpenProcess(_PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
        if not handle:
            import ctypes

            return ctypes.get_last_error() == _ERROR_ACCESS_DENIED  # type: ignore[attr-defined]
        try:
            import ctypes

            code = ctypes.c_ulong()
            if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return code.value == _STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def wait_for_exit(pid: int, poll_s: float = 0.2) -> None:
    """Block until process ``pid`` has ended: a pidfd on Linux, a process handle on Windows,
    polling elsewhere (or when neither is available)."""
    if IS_WINDOWS:
        kernel32 = _kernel32()
        handle = kernel32.OpenProcess(_SYNCHRONIZE, False, pid)
        if handle:
            try:
                kernel32.WaitForSingleObject(handle, _INFINITE)
            finally:
                kernel32.CloseHandle(handle)
            return
    else:
        try:
            fd = os.pidfd_open(pid)
        except (AttributeError, OSError):
            fd = -1
        if fd >= 0:
            import select

            try:
                select.select([fd], [], [])
            finally:
                os.close(fd)
            return
    while pid_alive(pid):
        time.sleep(poll_s)


def lower_priority(niceness: int) -> None:
    """Let this process yield the CPU (background OCR behind the app's own drawing)."""
    if niceness <= 0:
        return
    if hasattr(os, "nice"):
        with contextlib.suppress(OSError):  # already at the floor, or not allowed
            os.nice(niceness)
        return
    if IS_WINDOWS:
        kernel32 = _kernel32()
        kernel32.SetPriorityClass(kernel32.GetCurrentProcess(), _BELOW_NORMAL_PRIORITY_CLASS)


def start_method() -> str:
    """How worker processes start: ``forkserver`` where there is one (a server that has already
    imported the heavy modules forks each worker), else ``spawn``; ``SCANSTATION_START_METHOD``
    overrides (tests run the pools with ``spawn`` on Linux, as Windows will)."""
    import multiprocessing

    available = multiprocessing.get_all_start_methods()
    wanted = os.environ.get(START_METHOD_VAR, "").strip()
    if wanted:
        if wanted not in available:
            raise ValueError(f"{START_METHOD_VAR}={wanted!r}: this system offers {available}")
        return wanted
    return "forkserver" if "forkserver" in available else "spawn"


def worker_context(preload: Sequence[str] = ()) -> Any:
    """A multiprocessing context for worker pools; ``preload`` is imported once by the fork
    server (ignored with ``spawn``, where each worker imports what it uses)."""
    import multiprocessing

    ctx = multiprocessing.get_context(start_method())
    if ctx.get_start_method() == "forkserver" and preload:
        ctx.set_forkserver_preload(list(preload))
    return ctx
