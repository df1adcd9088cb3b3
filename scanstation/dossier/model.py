"""The dossier's data: procedure, component documents, applicant, and the pages assigned.

A dossier (hồ sơ) is received for one procedure (thủ tục hành chính, code ``X.NNNNNN``); the
procedure's catalogue entry lists the component documents (thành phần hồ sơ) it needs. The dossier
records which workspace pages belong to which component; the pages themselves (originals +
transforms) stay in the workspace. Text is NFC everywhere.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, fields
from typing import Any, NewType

DossierId = NewType("DossierId", str)

OTHER_COMPONENT = "khac"  # every procedure accepts "other documents", optional


def nfc(value: Any) -> str:
    return unicodedata.normalize("NFC", str(value)) if value is not None else ""


@dataclass(frozen=True)
class ComponentSpec:
    """One component document a procedure asks for (from the catalogue)."""

    code: str
    name: str
    name_en: str = ""
    required: bool = True
    group: str = ""  # components sharing a group are alternatives: one of them is enough
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v not in ("", None)} | {
            "required": self.required
        }


@dataclass(frozen=True)
class Procedure:
    code: str
    name: str
    field: str
    components: tuple[ComponentSpec, ...]
    name_en: str = ""
    level: str = ""
    code_status: str = "unverified"
    code_source: str = ""

    def component(self, code: str) -> ComponentSpec | None:
        for spec in self.components:
            if spec.code == code:
                return spec
        return None

    def summary(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "name_en": self.name_en,
                "field": self.field, "code_status": self.code_status}


@dataclass(frozen=True)
class Applicant:
    """The applicant, read from the ID-card QR (``idcard --json``) or typed by the officer."""

    id_number: str = ""
    old_id_number: str = ""
    full_name: str = ""
    date_of_birth: str = ""
    sex: str = ""
    address: str = ""
    address_new: str = ""
    issue_date: str = ""
    phone: str = ""
    email: str = ""
    source: str = ""  # "qr" | "typed" | ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Applicant:
        """Accept our own JSON, ``idcard --json`` output (possibly under ``applicant``), or a
        typed form; unknown keys are ignored."""
        if isinstance(data.get("applicant"), dict):
            source = data.get("source") or "qr"
            data = {**data["applicant"], "source": source}
        data = dict(data)
        new_address = data.get("address_new")
        if isinstance(new_address, dict):
            # ``idcard --json`` gives the conversion result; keep it only when unambiguous
            # (a split ward has candidates the officer must choose from, never a guess)
            # the reader's full new address keeps the street part ("Tổ 3, Phường …, …")
            text = (new_address.get("address_new") or new_address.get("address")
                    or new_address.get("full") or "")
            if new_address.get("status") not in (None, "matched"):
                text = ""  # ambiguous or unknown: the officer chooses, never a guess
            if not text and new_address.get("status") == "matched" and new_address.get("ward"):
                text = ", ".join(
                    str(new_address[k]) for k in ("ward", "province") if new_address.get(k)
                )
            data["address_new"] = text
        names = {f.name for f in fields(cls)}
        values = {
            k: nfc(v).strip() for k, v in data.items()
            if k in names and isinstance(v, str | int | float)
        }
        if values.get("source") not in ("", "qr", "typed", None):
            values["source"] = "typed"
        return cls(**values)

    def to_json(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v}

    def is_empty(self) -> bool:
        return not any(self.__dict__.values())


@dataclass
class DocumentPages:
    """The pages (workspace page ids, in order) assigned to one component document."""

    code: str
    page_ids: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "page_ids": list(self.page_ids)}


@dataclass
class Dossier:
    id: DossierId
    agency_code: str
    procedure_code: str
    created: str  # ISO 8601, Vietnam time
    applicant: Applicant = field(default_factory=Applicant)
    documents: dict[str, DocumentPages] = field(default_factory=dict)
    status: str = "open"  # open | built
    builds: list[dict[str, Any]] = field(default_factory=list)
    version: int = 1  # bumped on every change (the outbox keys idempotency on id + version)

    def add_pages(self, code: str, page_ids: list[str]) -> None:
        doc = self.documents.setdefault(code, DocumentPages(code))
        doc.page_ids.extend(page_ids)

    def remove_page(self, page_id: str) -> bool:
        for doc in self.documents.values():
            if page_id in doc.page_ids:
                doc.page_ids.remove(page_id)
                return True
        return False

    def page_count(self, code: str) -> int:
        doc = self.documents.get(code)
        return len(doc.page_ids) if doc else 0

    def to_json(self) -> dict[str, Any]:
        return {
            "format": 1,
            "id": self.id,
            "agency_code": self.agency_code,
            "procedure_code": self.procedure_code,
            "created": self.created,
            "applicant": self.applicant.to_json(),
            "documents": [d.to_json() for d in self.documents.values()],
            "status": self.status,
            "builds": self.builds,
            "version": self.version,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Dossier:
        docs = {d["code"]: DocumentPages(d["code"], list(d.get("page_ids", [])))
                for d in data.get("documents", [])}
        return cls(
            id=DossierId(data["id"]),
            agency_code=data["agency_code"],
            procedure_code=data["procedure_code"],
            created=data["created"],
            applicant=Applicant.from_dict(data.get("applicant", {})),
            documents=docs,
            status=data.get("status", "open"),
            builds=list(data.get("builds", [])),
            version=int(data.get("version", 1)),
        )
