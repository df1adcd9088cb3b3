"""Station settings in QSettings (an INI file in the workspace, so a test or a second station
never reads another's): scanner profile, portal, signing token or file, station id, retention
days, large text, language, and the configurable shortcuts."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSettings

DEFAULTS: dict[str, Any] = {
    "scanner/device": "test:0",
    "scanner/dpi": 300,
    "scanner/profile": 0,
    "scanner/mode": "Color",
    # the scan profile guided mode uses (index into the profiles); -1: the glass, one page a
    # press, with scanner/device, scanner/dpi and scanner/mode
    "guided/profile": -1,
    "portal/url": "",
    "signing/kind": "pkcs11",  # pkcs11 | pkcs12
    "signing/module": "/usr/lib/softhsm/libsofthsm2.so",
    "signing/token_label": "",
    "signing/key_label": "",
    "signing/pkcs12": "",
    "station/id": "",
    "station/officer": "",  # the officer's name on the intake receipt
    "station/retention_days": 30,
    "ui/large_text": False,
    "ui/language": "vi",
}

# Action name → default shortcut; each can be changed in settings ("shortcuts/<name>").
DEFAULT_SHORTCUTS: dict[str, str] = {
    "new_dossier": "Ctrl+N",
    "read_card": "Ctrl+I",
    "scan": "F5",
    "add_files": "Ctrl+O",
    "next_component": "Ctrl+PgDown",
    "previous_component": "Ctrl+PgUp",
    "rotate_left": "Ctrl+L",
    "rotate_right": "Ctrl+R",
    "undo": "Ctrl+Z",
    "remove_page": "Delete",
    "move_up": "Ctrl+Up",
    "move_down": "Ctrl+Down",
    "review": "Ctrl+5",  # not Ctrl+E: a line edit takes that one (end of line)
    "focus_procedure": "Ctrl+1",
    "focus_applicant": "Ctrl+2",
    "focus_checklist": "Ctrl+3",
    "focus_pages": "Ctrl+4",
    "move_to_component": "Ctrl+M",
    "scan_profile": "F6",
    "card_from_scanner": "Ctrl+Shift+I",
    "next_applicant": "Ctrl+Shift+N",
    "build_sign": "Ctrl+B",
    "queue": "Ctrl+U",
    "print_receipt": "Ctrl+P",
    "mode_counter": "Alt+1",
    "mode_guided": "Alt+2",
    "mode_archive": "Alt+3",
    "large_text": "Ctrl+T",
    "settings": "Ctrl+,",
    "cancel": "Esc",
}


@dataclass(frozen=True)
class ScanProfile:
    """A named way to scan, chosen by key at the counter (NAPS2's profiles)."""

    name: str
    source: str = "adf"  # flatbed | adf | duplex
    mode: str = "color"  # color | gray | lineart
    dpi: int = 300
    pages: int = 0  # 0: until the feeder is empty (one page on the flatbed)
    width_mm: float = 210.0  # A4 by default: the rules ask for colour at ≥ 200 dpi
    height_mm: float = 297.0
    device: str = ""  # "" → the station's scanner (scanner/device)
    card: bool = False  # the profile "read ID card from the scanner" uses


# The rules for digitized dossiers ask for colour at 200 dpi or more: every default is colour.
# (str(): QT_TRANSLATE_NOOP hands back its text, but PySide6 types it as object.)
DEFAULT_PROFILES = (
    ScanProfile(str(QT_TRANSLATE_NOOP("ScanProfile", "Feeder, A4 colour 300 dpi")), "adf"),
    ScanProfile(str(QT_TRANSLATE_NOOP("ScanProfile", "Feeder both sides, A4 colour 300 dpi")),
                "duplex"),
    ScanProfile(str(QT_TRANSLATE_NOOP("ScanProfile", "Glass, one page, A4 colour 300 dpi")),
                "flatbed", pages=1),
    ScanProfile(str(QT_TRANSLATE_NOOP("ScanProfile", "ID card on the glass, colour 300 dpi")),
                "flatbed", dpi=300, pages=1, width_mm=0.0, height_mm=0.0, card=True),
)


class StationSettings:
    """Typed access over a QSettings INI file at ``<workspace>/settings.ini``."""

    def __init__(self, home: Path) -> None:
        self.path = Path(home) / "settings.ini"
        self.qsettings = QSettings(str(self.path), QSettings.Format.IniFormat)

    def get(self, key: str) -> Any:
        default = DEFAULTS.get(key)
        value: Any = self.qsettings.value(key, default)  # QSettings gives back whatever was stored
        if isinstance(default, bool):
            return value in (True, "true", "1", 1)
        if isinstance(default, int) and not isinstance(default, bool):
            try:
                return int(value)
            except (TypeError, ValueError):
                return default
        return value if value is not None else default

    def set(self, key: str, value: Any) -> None:
        self.qsettings.setValue(key, value)
        self.qsettings.sync()

    def profiles(self) -> list[ScanProfile]:
        """The station's scan profiles (kept in the settings file; the defaults until the
        administrator saves others)."""
        raw = self.qsettings.value("scanner/profiles", "")
        if raw:
            try:
                return [ScanProfile(**item) for item in json.loads(str(raw))]
            except (TypeError, ValueError):
                pass  # a hand-edited file gone wrong: the defaults, not a crash
        return list(DEFAULT_PROFILES)

    def set_profiles(self, profiles: list[ScanProfile]) -> None:
        self.set("scanner/profiles", json.dumps([asdict(p) for p in profiles],
                                                ensure_ascii=False))

    def guided_profile(self) -> ScanProfile:
        """How guided mode scans: the profile chosen for it, or the glass one page at a time."""
        profiles, index = self.profiles(), int(self.get("guided/profile"))
        if 0 <= index < len(profiles) and not profiles[index].card:
            return profiles[index]
        return ScanProfile("", "flatbed", str(self.get("scanner/mode") or "color").lower(),
                           int(self.get("scanner/dpi")), pages=1, width_mm=0.0, height_mm=0.0,
                           device=str(self.get("scanner/device")))

    def shortcut(self, name: str) -> str:
        return str(self.qsettings.value(f"shortcuts/{name}", DEFAULT_SHORTCUTS.get(name, "")))

    def set_shortcut(self, name: str, sequence: str) -> None:
        self.set(f"shortcuts/{name}", sequence)
