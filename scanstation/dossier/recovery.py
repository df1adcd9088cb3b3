"""After a crash: which dossiers were being worked on, and which of their pages a kill cut off
between the capture's commit and the dossier's save."""

from __future__ import annotations

from pathlib import Path

from .model import Dossier


def unassigned_pages(home: Path, dossier: Dossier) -> list[str]:
    """Pages in the dossier's workspace batch that no component holds (cut off by a crash)."""
    from ..workspace import Workspace

    assigned = {pid for doc in dossier.documents.values() for pid in doc.page_ids}
    with Workspace(home) as ws:
        return [p.id for p in ws.pages(dossier.id) if p.id not in assigned]


def recoverable_pages(home: Path, dossier: Dossier) -> int:
    """Every page the dossier would have back after recovery: assigned plus cut-off ones."""
    assigned = sum(len(doc.page_ids) for doc in dossier.documents.values())
    return assigned + len(unassigned_pages(home, dossier))


def unfinished_dossiers(home: Path) -> list[Dossier]:
    """Dossiers started but not built, newest first — what crash recovery offers back."""
    from .store import DossierStore

    if not (Path(home) / "dossiers.sqlite").exists():
        return []
    with DossierStore(home) as store:
        dossiers = store.list()
    open_ones = [d for d in dossiers if d.status == "open"]
    return sorted(open_ones, key=lambda d: d.created, reverse=True)
