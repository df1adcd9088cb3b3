"""What the packaging tests share: an installed ScanStation (a venv, or the .deb's) and how to run
its commands from a folder outside the checkout with a clean environment."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Installed:
    """A fresh venv with the wheel installed, and a folder outside the checkout to run in."""

    venv: Path
    work: Path

    def bin(self, name: str) -> str:
        return str(self.venv / "bin" / name)

    def env(self, home: Path, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "PYTHONSAFEPATH")}
        env["SCANSTATION_HOME"] = str(home)
        env["PATH"] = f"{self.venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
        env.update(extra)
        return env

    def run(self, args: list[str], home: Path, timeout: float = 300,
            **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(args, cwd=self.work, env=self.env(home, **extra),
                              capture_output=True, text=True, timeout=timeout)
