"""What a dossier still lacks: each component document of the procedure, with its pages.

Components that share a ``group`` in the catalogue are alternatives (e.g. a birth certificate from
the hospital *or* a witness statement): the group is satisfied by any one of them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .model import Dossier, Procedure

PRESENT = "present"
MISSING = "missing"
OPTIONAL = "optional"  # optional and empty
ALTERNATIVE = "alternative"  # empty, but another member of its group is present


@dataclass
class ChecklistItem:
    code: str
    name: str
    name_en: str
    required: bool
    group: str
    pages: int
    status: str
    note: str = ""


@dataclass
class Checklist:
    dossier_id: str
    procedure: dict[str, Any]
    items: list[ChecklistItem]
    missing: list[str]  # component codes; a group is "a|b"
    unknown_documents: list[str] = field(default_factory=list)
    # the same, as the officer and the citizen say it: "Giấy chứng sinh hoặc Văn bản …"
    missing_names: list[str] = field(default_factory=list)
    missing_names_en: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing

    def missing_text(self, lang: str = "vi") -> str:
        """The missing documents in one line, in plain words ("; " between them)."""
        return "; ".join(self.missing_names if lang.startswith("vi") else self.missing_names_en)

    @property
    def total_pages(self) -> int:
        return sum(i.pages for i in self.items)

    def to_json(self) -> dict[str, Any]:
        return {
            "dossier_id": self.dossier_id,
            "procedure": self.procedure,
            "complete": self.complete,
            "missing": list(self.missing),
            "missing_names": list(self.missing_names),
            "missing_names_en": list(self.missing_names_en),
            "total_pages": self.total_pages,
            "items": [asdict(i) for i in self.items],
            "unknown_documents": list(self.unknown_documents),
        }


def checklist(dossier: Dossier, procedure: Procedure) -> Checklist:
    groups: dict[str, list[str]] = {}
    for spec in procedure.components:
        if spec.group:
            groups.setdefault(spec.group, []).append(spec.code)
    group_present = {
        g: any(dossier.page_count(c) > 0 for c in members) for g, members in groups.items()
    }
    group_required = {
        g: any(s.required for s in procedure.components if s.group == g) for g in groups
    }
    items: list[ChecklistItem] = []
    missing: list[str] = []
    reported_groups: set[str] = set()
    for spec in procedure.components:
        pages = dossier.page_count(spec.code)
        required = spec.required if not spec.group else group_required[spec.group]
        if pages:
            status = PRESENT
        elif spec.group and group_present[spec.group]:
            status = ALTERNATIVE
        elif required:
            status = MISSING
            if spec.group:
                if spec.group not in reported_groups:
                    missing.append("|".join(groups[spec.group]))
                    reported_groups.add(spec.group)
            else:
                missing.append(spec.code)
        else:
            status = OPTIONAL
        items.append(ChecklistItem(spec.code, spec.name, spec.name_en, required, spec.group,
                                   pages, status, spec.note))
    known = {s.code for s in procedure.components}
    unknown = [c for c, d in dossier.documents.items() if c not in known and d.page_ids]
    names, names_en = _plain_names(procedure, missing)
    return Checklist(dossier.id, procedure.summary(), items, missing, unknown, names, names_en)


def _plain_names(procedure: Procedure, missing: list[str]) -> tuple[list[str], list[str]]:
    """Catalogue names for the missing entries; alternatives joined by "hoặc" / "or"."""
    vi: list[str] = []
    en: list[str] = []
    for entry in missing:
        specs = [s for code in entry.split("|") if (s := procedure.component(code)) is not None]
        vi.append(" hoặc ".join(s.name for s in specs) or entry)
        en.append(" or ".join(s.name_en or s.name for s in specs) or entry)
    return vi, en
