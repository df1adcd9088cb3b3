"""Qt Linguist translations: Vietnamese first, English second.

Source strings are English (``tr()``); ``scanstation/resources/i18n/scanstation_vi.qm`` turns them into
Vietnamese, which is the default. ``SCANSTATION_LANG=en`` (or the settings) selects English.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from ..paths import resource

I18N_DIR = resource("i18n")
LANGUAGES = ("vi", "en")

_installed: list[QTranslator] = []


def current_language() -> str:
    lang = os.environ.get("SCANSTATION_LANG", "vi").lower()[:2]
    return lang if lang in LANGUAGES else "vi"


def install_translator(app: QCoreApplication, lang: str | None = None) -> bool:
    """Load the .qm for ``lang`` (default: Vietnamese); English needs none."""
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    lang = lang or current_language()
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese if lang == "vi"
                               else QLocale.Language.English))
    if lang == "en":
        return True
    translator = QTranslator(app)
    if translator.load(str(I18N_DIR / f"scanstation_{lang}.qm")):
        app.installTranslator(translator)
        _installed.append(translator)
        return True
    return False
