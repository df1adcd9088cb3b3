"""Fill unfinished entries of a Qt Linguist .ts file from a glossary (source → translation).

`make translations` runs pyside6-lupdate (new strings appear unfinished), this script (the
glossary in scanstation/resources/i18n/glossary_vi.json holds the Vietnamese for every UI string), then
pyside6-lrelease. Strings the glossary lacks stay unfinished, and a test fails on them.
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def fill(ts_path: Path, glossary_path: Path) -> tuple[int, list[str]]:
    glossary: dict[str, str] = json.loads(glossary_path.read_text(encoding="utf-8"))
    tree = ET.parse(ts_path)
    filled, missing = 0, []
    for message in tree.getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None:
            translation = ET.SubElement(message, "translation")
        if translation.get("type") == "vanished" or translation.get("type") == "obsolete":
            continue
        if source in glossary:
            translation.text = glossary[source]
            translation.attrib.pop("type", None)
            filled += 1
        elif translation.get("type") == "unfinished" or not translation.text:
            missing.append(source)
    tree.write(ts_path, encoding="utf-8", xml_declaration=True)
    return filled, missing


if __name__ == "__main__":
    ts, glossary = Path(sys.argv[1]), Path(sys.argv[2])
    count, missing = fill(ts, glossary)
    print(f"{ts}: {count} translated, {len(missing)} missing")
    for source in missing:
        print(f"  missing: {source!r}")
    sys.exit(1 if missing else 0)
