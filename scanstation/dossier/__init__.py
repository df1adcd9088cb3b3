"""Dossiers (hồ sơ): a procedure's checklist of component documents, built into one PDF/A per
component plus ``manifest.json``, optionally signed (PAdES) — see ``docs/dossier.md``.

Submodules import their heavy libraries lazily; importing this package is cheap.
"""

from __future__ import annotations

from .model import Applicant, ComponentSpec, Dossier, Procedure

__all__ = ["Applicant", "ComponentSpec", "Dossier", "Procedure"]
