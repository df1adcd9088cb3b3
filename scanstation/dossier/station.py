"""This station's settings in ``<workspace>/station.json``: its number in the ward, its identity,
the agency's name and the officer, for dossier codes and receipts.

A ward runs several counters, each its own station, with no network between them. Dossier codes
(``<agency>-YYMMDD-NNNN``) stay unique because each station numbers its day in its own block of
1000, set once at installation: station 0 (not set) uses 0001–0999, station 1 uses 1001–1999,
station 12 uses 12001–12999. ``SCANSTATION_STATION_NUMBER`` overrides the file (tests, kiosks
built from one image). ``station_id`` is a random identity made on first use: two stations that
were given the same number still differ by it, which is how the outbox tells a clash from a
rebuild of the same dossier.
"""

from __future__ import annotations

import json
import os
import unicodedata
import uuid
from pathlib import Path
from typing import Any

from .. import fsio
from ..errors import DossierError, ExitCode

STATION_CONFIG = "station.json"
STATION_ENV = "SCANSTATION_STATION_NUMBER"
OFFICER_ENV = "SCANSTATION_OFFICER"
BLOCK = 1000  # dossiers per station and day
MAX_STATION = 99


class StationConfigError(DossierError):
    vi = "Tệp cấu hình trạm {path} không đọc được. Hãy sửa hoặc xóa tệp rồi đặt lại."
    en = "The station configuration {path} cannot be read. Fix or delete it, then set it again."


class StationNumberError(DossierError):
    exit_code = ExitCode.USAGE
    vi = "Số trạm '{value}' không hợp lệ: cần một số từ 0 đến {max} (0 = chỉ có một trạm)."
    en = "Station number '{value}' is not valid: use 0 to {max} (0 = the only station)."


class StationBlockFullError(DossierError):
    vi = (
        "Trạm {station} đã dùng hết {block} mã hồ sơ của ngày hôm nay. "
        "Hãy dùng trạm khác hoặc báo quản trị viên."
    )
    en = (
        "Station {station} has used all {block} dossier codes for today. "
        "Use another station or tell the administrator."
    )


def _path(home: Path) -> Path:
    return Path(home) / STATION_CONFIG


def read_config(home: Path) -> dict[str, Any]:
    """The whole file ({} when there is none)."""
    path = _path(home)
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise StationConfigError(path=str(path)) from None
    if not isinstance(data, dict):
        raise StationConfigError(path=str(path))
    return data


def _write_config(home: Path, data: dict[str, Any]) -> None:
    Path(home).mkdir(parents=True, exist_ok=True)
    fsio.atomic_write_text(_path(home), json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _checked_number(value: Any) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        raise StationNumberError(value=str(value)[:20], max=MAX_STATION) from None
    if not 0 <= number <= MAX_STATION:
        raise StationNumberError(value=str(value)[:20], max=MAX_STATION)
    return number


def station_number(home: Path) -> int:
    """This station's number in the ward (0 = not set: a ward with one station)."""
    env = os.environ.get(STATION_ENV, "").strip()
    if env:
        return _checked_number(env)
    return _checked_number(read_config(home).get("station_number", 0))


def set_station_number(home: Path, number: int | str) -> int:
    """Set at installation; kept with the rest of ``station.json``."""
    value = _checked_number(number)
    data = read_config(home)
    data["station_number"] = value
    data.setdefault("station_id", uuid.uuid4().hex)
    _write_config(home, data)
    return value


def station_id(home: Path) -> str:
    """This station's random identity, made (and kept) on first use."""
    data = read_config(home)
    value = str(data.get("station_id", "")).strip()
    if not value:
        value = uuid.uuid4().hex
        data["station_id"] = value
        _write_config(home, data)
    return value


def block_range(number: int) -> tuple[int, int]:
    """First and last daily sequence number of station ``number``."""
    return number * BLOCK + 1, number * BLOCK + BLOCK - 1


def sequence_number(number: int, nth_today: int) -> int:
    """The code's NNNN part for this station's ``nth_today`` dossier (1-based)."""
    if not 1 <= nth_today < BLOCK:
        raise StationBlockFullError(station=number, block=BLOCK - 1)
    return number * BLOCK + nth_today


def agency_name(home: Path) -> str:
    """The receiving agency's printed name (``agency_name`` in station.json), or ""."""
    return unicodedata.normalize("NFC", str(read_config(home).get("agency_name", ""))).strip()


def officer_name(home: Path) -> str:
    """The officer on duty: ``SCANSTATION_OFFICER``, else ``officer`` in station.json, or ""."""
    value = os.environ.get(OFFICER_ENV, "").strip() or str(read_config(home).get("officer", ""))
    return unicodedata.normalize("NFC", value).strip()
