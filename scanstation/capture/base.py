"""One protocol for every capture source: SANE scanners, eSCL network scanners, cameras.

A source lists its devices, reports what a device can do, and scans: ``scan`` yields captured
pages one at a time (bytes as the device delivered them, never changed afterwards) while it
reports progress through a small ``ScanEvents`` sink and stops when the cancel token is set
(NAPS2's ``IScanDriver``: GetDevices, GetCaps, Scan(options, cancel, events)). ``commit_pages``
stores each page in the workspace as soon as it arrives, so a crash after page 3 keeps pages 1–3.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol, runtime_checkable

from ..errors import Cancelled, DeviceError

if TYPE_CHECKING:
    from ..model import Original, Page, Transform
    from ..workspace import Workspace

SourceKind = Literal["flatbed", "adf", "duplex"]
ColorMode = Literal["gray", "color", "lineart"]
SOURCES: tuple[SourceKind, ...] = ("flatbed", "adf", "duplex")
MODES: tuple[ColorMode, ...] = ("gray", "color", "lineart")


class CancelToken(Protocol):
    """Anything with ``is_set()`` and ``wait(timeout)``; ``threading.Event`` is the usual one."""

    def is_set(self) -> bool: ...

    def wait(self, timeout: float | None = None) -> bool: ...


def new_cancel_token() -> threading.Event:
    return threading.Event()


def check_cancel(cancel: CancelToken | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled()


@dataclass(frozen=True)
class Device:
    """A capture device as a source reports it. ``name`` is what ``scan --device`` takes."""

    name: str
    vendor: str = ""
    model: str = ""
    kind: str = ""
    backend: str = ""

    def to_json(self) -> dict[str, str]:
        return {"device": self.name, "vendor": self.vendor, "model": self.model,
                "type": self.kind, "backend": self.backend}


@dataclass(frozen=True)
class Capabilities:
    """What a device offers, in the protocol's own words (not the driver's)."""

    device: str
    resolutions: tuple[int, ...] = ()
    resolution_range: tuple[int, int] | None = None
    modes: tuple[ColorMode, ...] = ()
    sources: tuple[SourceKind, ...] = ()
    max_width_mm: float = 0.0
    max_height_mm: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "device": self.device,
            "resolutions": list(self.resolutions),
            "resolution_range": list(self.resolution_range) if self.resolution_range else None,
            "modes": list(self.modes),
            "sources": list(self.sources),
            "max_width_mm": round(self.max_width_mm, 2),
            "max_height_mm": round(self.max_height_mm, 2),
        }


@dataclass(frozen=True)
class ScanOptions:
    """What the officer asked for. ``pages`` = 0 means "until the feeder is empty" (ADF), or one
    page on a flatbed. ``width_mm``/``height_mm`` = 0 means the device's full area."""

    device: str
    source: SourceKind = "flatbed"
    resolution: int = 300
    mode: ColorMode = "gray"
    pages: int = 0
    width_mm: float = 0.0
    height_mm: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    def wanted_pages(self) -> int | None:
        """How many pages to take; None = until the feeder reports empty."""
        if self.pages > 0:
            return self.pages
        return 1 if self.source == "flatbed" else None


@dataclass(frozen=True)
class CapturedPage:
    """One page as captured: encoded image bytes plus what we know about them."""

    index: int
    data: bytes
    media_type: str
    width: int
    height: int
    dpi: float
    name: str
    transforms: tuple[Transform, ...] = ()
    info: dict[str, Any] = field(default_factory=dict)
    # More frames of the same resting page, encoded like ``data`` (a document camera's burst,
    # ``ScanOptions.extra["burst"]``): for reading an ID card by vote and fusion, never pages.
    burst: tuple[bytes, ...] = ()


class ScanEvents(Protocol):
    """Only what the caller cannot infer from the pages themselves (NAPS2's IScanEvents)."""

    def page_start(self, index: int) -> None: ...

    def page_progress(self, index: int, fraction: float) -> None: ...

    def notice(self, message: str) -> None: ...


class NullEvents:
    def page_start(self, index: int) -> None:
        pass

    def page_progress(self, index: int, fraction: float) -> None:
        pass

    def notice(self, message: str) -> None:
        pass


@dataclass
class RecordingEvents:
    """Keeps every event (for the UI's log and for tests)."""

    log: list[tuple[Any, ...]] = field(default_factory=list)

    def page_start(self, index: int) -> None:
        self.log.append(("page_start", index))

    def page_progress(self, index: int, fraction: float) -> None:
        self.log.append(("page_progress", index, fraction))

    def notice(self, message: str) -> None:
        self.log.append(("notice", message))


@runtime_checkable
class Source(Protocol):
    """A capture backend. Every call takes the cancel token; none may hang forever."""

    backend: str

    def list_devices(self, cancel: CancelToken | None = None) -> list[Device]: ...

    def capabilities(self, device: str, cancel: CancelToken | None = None) -> Capabilities: ...

    def scan(
        self, options: ScanOptions, cancel: CancelToken | None = None,
        events: ScanEvents | None = None,
    ) -> Iterator[CapturedPage]: ...


@dataclass(frozen=True)
class CommittedPage:
    index: int
    original: Original
    page: Page
    captured: CapturedPage


def commit_pages(
    workspace: Workspace,
    pages: Iterable[CapturedPage],
    *,
    batch: str = "",
    on_commit: Callable[[CommittedPage], None] | None = None,
) -> list[CommittedPage]:
    """Store each captured page (original, then page row) as soon as it arrives."""
    committed: list[CommittedPage] = []
    for captured in pages:
        original = workspace.add_original(captured.data, captured.name, captured.media_type, 1)
        page = workspace.add_page(original, 0, dpi=captured.dpi, batch=batch,
                                  transforms=captured.transforms)
        item = CommittedPage(captured.index, original, page, captured)
        committed.append(item)
        if on_commit is not None:
            on_commit(item)
    return committed


def map_mode_name(native: Iterable[str]) -> dict[ColorMode, str]:
    """Match our colour modes to a driver's mode names (``Gray``/``Grayscale``/``Color``…)."""
    out: dict[ColorMode, str] = {}
    for name in native:
        low = name.lower()
        if ("gray" in low or "grey" in low) and "gray" not in out:
            out["gray"] = name
        elif ("color" in low or "colour" in low or "rgb" in low) and "color" not in out:
            out["color"] = name
        elif ("lineart" in low or "binary" in low or "black" in low) and "lineart" not in out:
            out["lineart"] = name
    return out


def map_source_name(native: Iterable[str]) -> dict[SourceKind, str]:
    """Match flatbed/ADF/duplex to a driver's source names."""
    out: dict[SourceKind, str] = {}
    for name in native:
        low = name.lower()
        if "duplex" in low:
            out.setdefault("duplex", name)
        elif "adf" in low or "feeder" in low or "automatic" in low:
            out.setdefault("adf", name)
        elif "flatbed" in low or "platen" in low or "normal" in low:
            out.setdefault("flatbed", name)
    return out


class OptionNotOfferedError(DeviceError):
    """The officer asked for a source, mode or resolution the device does not have."""

    vi = "Máy quét {device} không hỗ trợ {what} '{value}' (có: {offered}). Hãy chọn giá trị khác."
    en = "Scanner {device} does not offer {what} '{value}' (it offers: {offered}). Pick another."


def unsupported(device: str, what: str, value: object, offered: Iterable[object]) -> DeviceError:
    what_vi = {"source": "nguồn giấy", "mode": "chế độ màu", "resolution": "độ phân giải"}
    error = OptionNotOfferedError(device=device, what=what, value=value,
                                  offered=", ".join(str(v) for v in offered) or "-")
    error.vi = error.vi.replace("{what}", what_vi.get(what, what))
    return error
