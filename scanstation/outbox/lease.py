"""Runner leases: which sender holds an item, and whether that sender is still alive.

A runner keeps an exclusive ``flock`` on its own lock file for as long as it lives; the kernel
drops that lock when the process dies (kill -9 included), so any other runner can tell at once
that a lease is orphaned — without waiting for a timeout.
"""

from __future__ import annotations

import os
import socket
import uuid
from contextlib import suppress
from pathlib import Path

from ..fsio import private_dir


class RunnerLease:
    """Proof that a sender is alive: an exclusive flock on ``runners/<id>.lock``.

    The kernel releases the lock when the process dies, however it dies, so ``is_alive`` of
    another runner is a non-blocking lock attempt on its file.
    """

    def __init__(self, runners_dir: Path, label: str = "") -> None:
        from ..platform import lock_exclusive_nowait

        private_dir(runners_dir)
        host = socket.gethostname().split(".")[0] or "host"
        self.id = f"{host}-{os.getpid()}-{label + '-' if label else ''}{uuid.uuid4().hex[:8]}"
        self.dir = runners_dir
        self.path = runners_dir / f"{self.id}.lock"
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        lock_exclusive_nowait(self._fd)

    def close(self) -> None:
        if self._fd >= 0:
            with suppress(OSError):
                self.path.unlink()
            os.close(self._fd)
            self._fd = -1

    @staticmethod
    def is_alive(runners_dir: Path, runner_id: str) -> bool:
        from ..platform import lock_exclusive_nowait

        path = runners_dir / f"{runner_id}.lock"
        try:
            fd = os.open(path, os.O_RDWR)
        except FileNotFoundError:
            return False
        except OSError:
            return True  # cannot tell: assume alive rather than risk two senders
        try:
            lock_exclusive_nowait(fd)
        except BlockingIOError:
            return True
        except OSError:
            return True
        else:
            with suppress(OSError):
                path.unlink()  # the owner is gone; tidy its file while we hold the lock
            return False
        finally:
            os.close(fd)
