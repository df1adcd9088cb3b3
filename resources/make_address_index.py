"""Rebuild ``address_index.json`` from the installed vietnam-address-converter + vietnam-provinces.

Usage: ``.venv/bin/python resources/make_address_index.py`` (a few seconds). Provenance (package
versions, table name and version) is written into the index itself; ``tests/idcard`` checks that
the shipped file equals a fresh build.
"""

from __future__ import annotations

import sys
from pathlib import Path

from scanstation.fsio import atomic_write_text
from scanstation.idcard.address_build import build_index, dumps

if __name__ == "__main__":
    target = Path(__file__).resolve().parents[1] / "scanstation" / "resources" / "address" / "address_index.json"
    index = build_index()
    atomic_write_text(target, dumps(index))
    unmatched = index["provenance"]["unmatched_new_names"]
    print(f"wrote {target} ({target.stat().st_size} bytes, {len(index['new_wards'])} new wards)")
    if unmatched:
        print(f"new names not in the official list: {unmatched}", file=sys.stderr)
