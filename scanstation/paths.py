"""One place for where things live: the workspace home, caches, the shipped resources, the time
zone. Kept free of heavy imports (the CLI's start-up time counts).

Resources are package data (``scanstation/resources/``: procedures, schemas, translations, the
address index, the OCR word models) found through :mod:`importlib.resources`, so an installed
wheel or ``.deb`` has them as a checkout does."""

from __future__ import annotations

import os
from datetime import timedelta, timezone
from importlib import resources as _resources
from pathlib import Path

# Vietnam keeps UTC+7 all year (no DST); dossiers, receipts and signatures are dated in it.
VN_TZ = timezone(timedelta(hours=7), "ICT")

APP_NAME, APP_AUTHOR = "scanstation", "ScanStation"


def workspace_home() -> Path:
    """``SCANSTATION_HOME`` or the platform's user data dir."""
    env = os.environ.get("SCANSTATION_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, APP_AUTHOR))


def cache_dir(name: str) -> Path:
    """A cache folder: under the workspace when ``SCANSTATION_HOME`` is set (tests, portable
    installs), else the platform's user cache dir."""
    env = os.environ.get("SCANSTATION_HOME")
    if env:
        return Path(env).expanduser() / "cache" / name
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME, APP_AUTHOR)) / name


def resource(*parts: str) -> Path:
    """A file or folder shipped in ``scanstation/resources/`` (installed as plain files: the
    wheel is not zip-imported, so a real path is always available)."""
    base = Path(str(_resources.files("scanstation") / "resources"))
    return base.joinpath(*parts)
