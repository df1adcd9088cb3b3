"""Station settings in QSettings (an INI file in the workspace, so a test or a second station
never reads another's): scanner profile, portal, signing token or file, station id, retention
days, large text, language, and the configurable shortcuts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

DEFAULTS: dict[str, Any] = {
    "scanner/device": "test:0",
    "scanner/dpi": 300,
    "scanner/mode": "Color",
    "portal/url": "",
    "signing/kind": "pkcs11",  # pkcs11 | pkcs12
    "signing/module": "/usr/lib/softhsm/libsofthsm2.so",
    "signing/token_label": "",
    "signing/key_label": "",
    "signing/pkcs12": "",
    "station/id": "",
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
    "review": "Ctrl+E",
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


class StationSettings:
    """Typed access over a QSettings INI file at ``<workspace>/settings.ini``."""

    def __init__(self, home: Path) -> None:
        self.path = Path(home) / "settings.ini"
        self.qsettings = QSettings(str(self.path), QSettings.Format.IniFormat)

    def get(self, key: str) -> Any:
        default = DEFAULTS.get(key)
        value = self.qsettings.value(key, default)
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

    def shortcut(self, name: str) -> str:
        return str(self.qsettings.value(f"shortcuts/{name}", DEFAULT_SHORTCUTS.get(name, "")))

    def set_shortcut(self, name: str, sequence: str) -> None:
        self.set(f"shortcuts/{name}", sequence)
