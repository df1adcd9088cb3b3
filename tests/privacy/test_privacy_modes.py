"""The core sets private modes itself: used as a library (no CLI umask), under umask 000, every
file and folder it creates is owner-only."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from scanstation import fsio
from scanstation.dossier.model import Applicant
from scanstation.dossier.store import DossierStore
from scanstation.outbox.queue import Outbox
from scanstation.testing import hostile
from scanstation.workspace import Workspace


def test_stores_are_private_whatever_the_umask(tmp_path: Path) -> None:
    home = tmp_path / "home"
    previous = os.umask(0)
    try:
        with Workspace(home) as workspace:
            original = workspace.add_original(hostile.seed_corpus()["page.png"], "scan.png",
                                              "image/png", 1)
            page = workspace.add_page(original)
            workspace.render_path(page)
        with DossierStore(home) as store:
            store.create("2.000815", "LOCAL", Applicant(id_number="079190123456"))
        dossier = tmp_path / "built"
        dossier.mkdir()
        (dossier / "a.pdf").write_bytes(b"%PDF-1.7\n%%EOF\n")
        with Outbox(home) as outbox:
            outbox.add_path(dossier)
        fsio.atomic_write_text(home / "exports" / "deep" / "x.json", "{}")
    finally:
        os.umask(previous)
    created = [home, *home.rglob("*")]
    assert len(created) > 10
    exposed = [f"{p.relative_to(tmp_path)} {stat.filemode(p.stat().st_mode)}"
               for p in created if p.stat().st_mode & 0o077]
    assert exposed == []
    blobs = [p for p in (home / "outbox" / "blobs").rglob("*") if p.is_file()]
    assert blobs and all(stat.S_IMODE(p.stat().st_mode) == 0o400 for p in blobs)


def test_an_existing_workspace_home_is_tightened(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o755)
    home.chmod(0o755)
    with Workspace(home):
        pass
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
