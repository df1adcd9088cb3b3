"""Vietnamese first: every UI string is translated, and the .ts file is current."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "scanstation" / "resources" / "i18n" / "scanstation_vi.ts"
QM = ROOT / "scanstation" / "resources" / "i18n" / "scanstation_vi.qm"


def _sources(ts: Path) -> dict[tuple[str, str], ET.Element]:
    out = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is not None and translation.get("type") in ("vanished", "obsolete"):
                continue
            out[(name, message.findtext("source") or "")] = message
    return out


def test_no_unfinished_vietnamese_entries():
    unfinished = [src for src, msg in _sources(TS).items()
                  if (msg.find("translation") is None
                      or msg.find("translation").get("type") == "unfinished"
                      or not (msg.find("translation").text or "").strip())]
    assert not unfinished


def test_ts_file_lists_every_string_in_the_ui_code(tmp_path: Path):
    fresh = tmp_path / "fresh.ts"
    files = [str(p) for p in (ROOT / "scanstation" / "ui").rglob("*.py")]
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    subprocess.run([str(lupdate), *files, "-ts", str(fresh)], check=True, capture_output=True)
    missing = set(_sources(fresh)) - set(_sources(TS))
    assert not missing, f"run `make translations`: {sorted(missing)[:10]}"


def test_vietnamese_is_the_default_and_english_is_available(qapp, monkeypatch):
    from PySide6.QtCore import QCoreApplication

    from scanstation.ui.i18n import install_translator

    monkeypatch.delenv("SCANSTATION_LANG", raising=False)
    assert install_translator(qapp)
    assert QCoreApplication.translate("MainWindow", "Rotate left") == "Xoay trái"
    install_translator(qapp, "en")
    assert QCoreApplication.translate("MainWindow", "Rotate left") == "Rotate left"
    install_translator(qapp)
    assert QM.stat().st_mtime >= 0


def test_language_is_chosen_in_settings_and_kept(qapp, home):
    from scanstation.ui.settings import StationSettings
    from scanstation.ui.station_window import SettingsDialog

    settings = StationSettings(home)
    assert settings.get("ui/language") == "vi"  # Vietnamese first
    dialog = SettingsDialog(settings)
    assert dialog.language.currentData() == "vi"
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.save()
    assert StationSettings(home).get("ui/language") == "en"
    assert SettingsDialog(StationSettings(home)).language.currentText() == "English"


def test_strings_of_mixins_are_found_in_the_context_they_run_in(qapp):
    """A widget's tr() looks strings up under its own class name; the counter's mixins write
    theirs under "CounterPanel" so the Vietnamese is found (an English message on a
    Vietnamese screen is what the first screenshots showed). Every context in the .ts file
    must be a class that really calls tr() at run time (not a mixin's name)."""
    from PySide6.QtCore import QCoreApplication

    from scanstation.ui.i18n import install_translator

    assert install_translator(qapp)
    assert QCoreApplication.translate("CounterPanel", "Queued for upload; the dossier is "
                                      "locked") == "Đã đưa vào hàng đợi gửi; hồ sơ đã khóa"
    live = {name for name, entries in _contexts(TS).items() if entries}
    assert not live & {"PagesMixin", "FinishMixin", "GuidedScreens"}


def _contexts(ts: Path) -> dict[str, int]:
    """Context name → number of messages still in use (not vanished or obsolete)."""
    import xml.etree.ElementTree as ET

    found: dict[str, int] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        found[name] = sum(1 for m in context.iter("message")
                          if (m.find("translation") is None or m.find("translation").get("type")
                              not in ("vanished", "obsolete")))
    return found
