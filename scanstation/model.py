"""The core's data: originals, pages and the transforms that clean them.

An original is the bytes as captured (never changed, named by sha256). A page is one frame of an
original plus a tuple of transforms; every edit — automatic or by the officer — is a transform, so
the page can be re-rendered from the original at any time and any edit undone (NAPS2 keeps
transforms as data the same way). Transforms are frozen dataclasses that serialise to versioned
JSON.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar, NewType

PageId = NewType("PageId", str)
TRANSFORMS_VERSION = 1


@dataclass(frozen=True)
class Transform:
    """Base of every transform; subclasses are applied in order by ``imaging.apply_transforms``."""

    kind: ClassVar[str] = "transform"

    def is_null(self) -> bool:
        return False

    def to_json(self) -> dict[str, Any]:
        data = {k: v for k, v in self.__dict__.items()}
        data["kind"] = self.kind
        return data


@dataclass(frozen=True)
class Rotate(Transform):
    """Rotate counter-clockwise by ``quarter_turns`` × 90° (lossless, canvas follows)."""

    kind: ClassVar[str] = "rotate"
    quarter_turns: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "quarter_turns", self.quarter_turns % 4)

    def is_null(self) -> bool:
        return self.quarter_turns == 0

    @classmethod
    def undo_quarter_turn(cls, quarter_turn_deg: int) -> Rotate:
        """The transform that undoes a page showing a CCW quarter turn of ``quarter_turn_deg``."""
        return cls(quarter_turns=(-(quarter_turn_deg // 90)) % 4)


@dataclass(frozen=True)
class Deskew(Transform):
    """Rotate counter-clockwise by ``angle_deg`` (small angles; the canvas keeps its size,
    the corners are filled with the page's background)."""

    kind: ClassVar[str] = "deskew"
    angle_deg: float = 0.0

    def is_null(self) -> bool:
        return abs(self.angle_deg) < 1e-6


@dataclass(frozen=True)
class Crop(Transform):
    """Keep the box ``(left, top, right, bottom)`` in pixels of the image this applies to."""

    kind: ClassVar[str] = "crop"
    left: int = 0
    top: int = 0
    right: int = 0
    bottom: int = 0

    def is_null(self) -> bool:
        return self.right <= self.left or self.bottom <= self.top


@dataclass(frozen=True)
class Perspective(Transform):
    """Map the quad (TL, TR, BR, BL; pixels) onto an upright ``width`` × ``height`` rectangle."""

    kind: ClassVar[str] = "perspective"
    quad: tuple[tuple[float, float], ...] = ()
    width: int = 0
    height: int = 0

    def is_null(self) -> bool:
        return len(self.quad) != 4 or self.width <= 0 or self.height <= 0

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "quad": [list(p) for p in self.quad], "width": self.width,
                "height": self.height}


_KINDS: dict[str, type[Transform]] = {
    cls.kind: cls for cls in (Rotate, Deskew, Crop, Perspective)
}


def transform_from_json(data: dict[str, Any]) -> Transform:
    data = dict(data)
    kind = data.pop("kind")
    cls = _KINDS[kind]
    if cls is Perspective:
        data["quad"] = tuple(tuple(float(c) for c in p) for p in data.get("quad", ()))
    return cls(**data)


def simplify(transforms: tuple[Transform, ...]) -> tuple[Transform, ...]:
    """Merge consecutive rotations and deskews, drop null transforms."""
    out: list[Transform] = []
    for t in transforms:
        if t.is_null():
            continue
        prev = out[-1] if out else None
        if isinstance(t, Rotate) and isinstance(prev, Rotate):
            merged: Transform = Rotate(prev.quarter_turns + t.quarter_turns)
            out.pop()
            if not merged.is_null():
                out.append(merged)
            continue
        if isinstance(t, Deskew) and isinstance(prev, Deskew):
            out.pop()
            merged = Deskew(prev.angle_deg + t.angle_deg)
            if not merged.is_null():
                out.append(merged)
            continue
        out.append(t)
    return tuple(out)


def transforms_to_json(transforms: tuple[Transform, ...]) -> str:
    return json.dumps(
        {"version": TRANSFORMS_VERSION, "transforms": [t.to_json() for t in transforms]},
        sort_keys=True,
        ensure_ascii=False,
    )


def transforms_from_json(text: str) -> tuple[Transform, ...]:
    data = json.loads(text)
    if isinstance(data, list):  # tolerate a bare list
        items = data
    else:
        if data.get("version", 1) > TRANSFORMS_VERSION:
            raise ValueError(f"transforms version {data['version']} is newer than this program")
        items = data.get("transforms", [])
    return tuple(transform_from_json(item) for item in items)


@dataclass(frozen=True)
class Original:
    """Bytes as captured: a file in the workspace named by its sha256."""

    sha256: str
    name: str
    media_type: str
    size: int
    frames: int = 1


@dataclass(frozen=True)
class Page:
    """One frame of an original, plus the transforms that clean it."""

    id: PageId
    original_sha256: str
    frame: int = 0
    transforms: tuple[Transform, ...] = ()
    dpi: float = 0.0
    blank: bool = False
    flags: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    position: int = 0
    batch: str = ""

    @staticmethod
    def new_id() -> PageId:
        return PageId(uuid.uuid4().hex)

    def with_transform(self, transform: Transform) -> Page:
        return replace(self, transforms=simplify((*self.transforms, transform)))

    def with_transforms(self, transforms: tuple[Transform, ...]) -> Page:
        return replace(self, transforms=simplify(transforms))

    def undo(self) -> Page:
        return replace(self, transforms=self.transforms[:-1])
