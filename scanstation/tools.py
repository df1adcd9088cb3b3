"""The one place that runs external programs (tesseract, pdftoppm, qpdf, softhsm2-util, …).

Each program has a frozen ``ToolProbe`` (how to find it, which Debian package brings it). ``run``
takes an argv list (never a shell string), applies a timeout, limits OpenMP to one thread (one
Tesseract per core beats Tesseract's own threads on this 2-core box: DESIGN §4), and logs stderr
to ``scanstation.tools.<program>``. Tests inject faults by patching ``run``.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .errors import MissingToolError, ToolFailedError, ToolTimeoutError
from .privacy import scrub

log = logging.getLogger("scanstation.tools")


@dataclass(frozen=True)
class ToolProbe:
    program: str
    package: str
    version_args: tuple[str, ...] = ("--version",)
    version_regex: str = r"(\d+(?:\.\d+)+)"

    def path(self) -> str:
        found = shutil.which(self.program)
        if not found:
            raise MissingToolError(tool=self.program, package=self.package)
        return found

    def available(self) -> bool:
        return shutil.which(self.program) is not None

    @functools.cache  # noqa: B019 - probes are module-level singletons
    def version(self) -> str:
        proc = subprocess.run(
            [self.path(), *self.version_args], capture_output=True, text=True, timeout=20
        )
        match = re.search(self.version_regex, proc.stdout + proc.stderr)
        return match.group(1) if match else "unknown"


TESSERACT = ToolProbe("tesseract", "tesseract-ocr")
PDFTOPPM = ToolProbe("pdftoppm", "poppler-utils", ("-v",))
PDFINFO = ToolProbe("pdfinfo", "poppler-utils", ("-v",))
PDFTOTEXT = ToolProbe("pdftotext", "poppler-utils", ("-v",))
QPDF = ToolProbe("qpdf", "qpdf")
SCANIMAGE = ToolProbe("scanimage", "sane-utils")
SOFTHSM2_UTIL = ToolProbe("softhsm2-util", "softhsm2", ("--version",))
PKCS11_TOOL = ToolProbe("pkcs11-tool", "opensc", ("--version",))
OPENSSL = ToolProbe("openssl", "openssl", ("version",))


def child_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("OMP_THREAD_LIMIT", "1")
    if extra:
        env.update(extra)
    return env


def run(
    probe: ToolProbe,
    args: Sequence[str],
    *,
    timeout: float = 120.0,
    input_bytes: bytes | None = None,
    env: Mapping[str, str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    check: bool = True,
) -> subprocess.CompletedProcess[bytes]:
    """Run ``probe.program`` with ``args``; raise a ScanStationError on a missing tool, timeout or failure."""
    argv = [probe.path(), *args]
    try:
        proc = subprocess.run(
            argv,
            input=input_bytes,
            capture_output=True,
            timeout=timeout,
            env=child_env(env),
            cwd=cwd,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ToolTimeoutError(tool=probe.program, seconds=timeout) from exc
    except FileNotFoundError as exc:
        raise MissingToolError(tool=probe.program, package=probe.package) from exc
    if proc.stderr:
        logging.getLogger(f"scanstation.tools.{probe.program}").debug(
            "%s", scrub(proc.stderr.decode("utf-8", "replace"))[:2000]
        )
    if check and proc.returncode != 0:
        raise ToolFailedError(tool=probe.program, code=proc.returncode)
    return proc
