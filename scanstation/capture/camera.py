"""Document camera / webcam capture: find the page, wait until it is still, take it.

Each frame is searched for the page on a downscaled copy (edges → contours → the largest convex
quadrilateral), which keeps detection to a few milliseconds at 1280×720 on one core; the corners
are then refined to sub-pixel precision on the full-resolution frame (``cv2.cornerSubPix``).
When the quad stays within a small tolerance for ``steady_frames`` frames the full-resolution
frame is captured: it becomes the original (never changed) and the page gets a ``Perspective``
transform mapping the quad onto the page's real aspect — A4 (210 × 297 mm), or an ID-1 card
(85.6 × 53.98 mm) cropped to a fixed size so every card image has the same pixels. One capture
per placement: the detector re-arms only after the page has left (or a different page appears).
"""

from __future__ import annotations

import collections
import contextlib
import math
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from ..errors import DeviceError, DeviceNotFoundError
from ..model import Perspective
from .base import (
    CancelToken,
    Capabilities,
    CapturedPage,
    Device,
    NullEvents,
    ScanEvents,
    ScanOptions,
)

if TYPE_CHECKING:
    import numpy as np

PageKind = Literal["a4", "id1"]


class CameraNotFoundError(DeviceNotFoundError):
    vi = ("Không mở được camera/video {device}. Hãy kiểm tra camera đã cắm, không bị ứng dụng "
          "khác dùng, hoặc đường dẫn tệp video.")
    en = ("Cannot open the camera/video {device}. Check that the camera is plugged in and not "
          "used by another app, or check the video file path.")
PAGE_MM: dict[str, tuple[float, float]] = {"a4": (210.0, 297.0), "id1": (85.6, 53.98)}
ID1_PIXELS = (1012, 638)  # 85.6 × 53.98 mm at 300 dpi: the fixed-size card crop


@dataclass(frozen=True)
class DetectorParams:
    detect_width: int = 480          # detection runs on a copy this wide
    min_area_fraction: float = 0.04  # of the frame: smaller quads are clutter
    border_margin: int = 2           # px (detection scale): a quad touching the edge is cut off
    refine: bool = True              # sub-pixel corners on the full frame
    steady_frames: int = 8           # frames the quad must stay put before capture
    steady_tolerance: float = 0.004  # max corner shift between frames, fraction of diagonal
    rearm_frames: int = 3            # frames without a page before the next capture
    new_page_shift: float = 0.08     # corner shift (fraction of diagonal) that means "new page"


def order_corners(points: np.ndarray) -> np.ndarray:
    """TL, TR, BR, BL (image coordinates, y down), by angle around the centre."""
    import numpy as np

    pts = np.asarray(points, dtype=np.float32).reshape(4, 2)
    centre = pts.mean(axis=0)
    angles = np.arctan2(pts[:, 1] - centre[1], pts[:, 0] - centre[0])
    pts = pts[np.argsort(angles)]  # clockwise on screen, starting near "left"
    start = int(np.argmin(pts.sum(axis=1)))  # top-left has the smallest x + y
    return np.roll(pts, -start, axis=0)


def detect_page(frame: np.ndarray, params: DetectorParams = DetectorParams()) -> np.ndarray | None:
    """The page's corners (4×2 float32, TL TR BR BL, full-frame pixels), or None."""
    import cv2
    import numpy as np

    gray_full = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY) if frame.ndim == 3 else frame
    h, w = gray_full.shape[:2]
    scale = min(1.0, params.detect_width / float(w))
    small = cv2.resize(gray_full, (round(w * scale), round(h * scale)),
                       interpolation=cv2.INTER_AREA) if scale < 1.0 else gray_full
    sh, sw = small.shape[:2]
    blurred = cv2.GaussianBlur(small, (5, 5), 0)
    # Thresholds from the frame's own contrast, so dim and bright rooms both work.
    median = float(np.median(blurred))
    edges = cv2.Canny(blurred, max(10.0, 0.5 * median), max(30.0, 1.2 * median))
    edges = cv2.dilate(edges, np.ones((3, 3), np.uint8))
    contours, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    min_area = params.min_area_fraction * sw * sh
    best: np.ndarray | None = None
    best_area = 0.0
    for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:5]:
        hull = cv2.convexHull(contour)
        area = cv2.contourArea(hull)
        if area < min_area or area <= best_area:
            continue
        approx = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True)
        if len(approx) != 4 or not cv2.isContourConvex(approx):
            continue
        pts = approx.reshape(4, 2)
        m = params.border_margin
        if (pts[:, 0] <= m).any() or (pts[:, 1] <= m).any() or \
                (pts[:, 0] >= sw - 1 - m).any() or (pts[:, 1] >= sh - 1 - m).any():
            continue  # cut off by the frame edge: the page is not fully in view
        best, best_area = pts, area
    if best is None:
        return None
    quad = order_corners(best.astype(np.float32) / scale)
    if params.refine:
        quad = refine_corners(gray_full, quad, scale)
    return quad


def refine_corners(gray: np.ndarray, quad: np.ndarray, scale: float) -> np.ndarray:
    """Sub-pixel corners: pull each coarse corner in towards the quad's centre by the dilation
    margin, then let ``cornerSubPix`` settle on the true corner in a window that covers the
    coarse error (about one detection pixel, ``1/scale`` full pixels)."""
    import cv2
    import numpy as np

    h, w = gray.shape[:2]
    half = max(3, round(2.5 / scale))
    pts = quad.reshape(-1, 1, 2).astype(np.float32).copy()
    margin = half + 2
    if (pts[..., 0] < margin).any() or (pts[..., 1] < margin).any() or \
            (pts[..., 0] > w - 1 - margin).any() or (pts[..., 1] > h - 1 - margin).any():
        return quad
    criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 30, 0.01)
    refined = cv2.cornerSubPix(gray, pts, (half, half), (-1, -1), criteria).reshape(4, 2)
    # Trust the refinement only where it stayed near the coarse corner.
    shift = np.linalg.norm(refined - quad, axis=1)
    out = np.where((shift <= half)[:, None], refined, quad)
    return out.astype(np.float32)


def page_geometry(quad: np.ndarray, page: PageKind) -> tuple[int, int, float]:
    """Output size (width, height) and dpi for the page seen as ``quad``."""
    tl, tr, br, bl = (quad[i] for i in range(4))
    top = math.dist(tl, tr)
    bottom = math.dist(bl, br)
    left = math.dist(tl, bl)
    right = math.dist(tr, br)
    seen_w, seen_h = (top + bottom) / 2, (left + right) / 2
    landscape = seen_w > seen_h
    short_mm, long_mm = sorted(PAGE_MM[page])
    if page == "id1":
        long_px, short_px = ID1_PIXELS
    else:
        long_px = round(max(seen_w, seen_h, top, bottom, left, right))
        short_px = round(long_px * short_mm / long_mm)
    dpi = long_px / (long_mm / 25.4)
    width, height = (long_px, short_px) if landscape else (short_px, long_px)
    return width, height, dpi


def perspective_for(quad: np.ndarray, page: PageKind) -> tuple[Perspective, float]:
    width, height, dpi = page_geometry(quad, page)
    transform = Perspective(quad=tuple((float(x), float(y)) for x, y in quad),
                            width=width, height=height)
    return transform, dpi


@dataclass
class AutoCapture:
    """Decides, frame by frame, when the page is steady enough to take — once per placement."""

    params: DetectorParams
    diagonal: float
    steady: int = 0
    absent: int = 0
    armed: bool = True
    previous: Any = None
    captured_quad: Any = None

    def update(self, quad: np.ndarray | None) -> bool:
        import numpy as np

        if quad is None:
            self.steady = 0
            self.previous = None
            self.absent += 1
            if self.absent >= self.params.rearm_frames:
                self.armed = True
            return False
        self.absent = 0
        if not self.armed and self.captured_quad is not None:
            moved = float(np.max(np.linalg.norm(quad - self.captured_quad, axis=1)))
            if moved > self.params.new_page_shift * self.diagonal:
                self.armed = True  # a different page (or the same one moved) is now in view
        if self.previous is not None:
            shift = float(np.max(np.linalg.norm(quad - self.previous, axis=1)))
            still = shift <= self.params.steady_tolerance * self.diagonal
            self.steady = self.steady + 1 if still else 0
        else:
            self.steady = 0
        self.previous = quad
        if self.armed and self.steady + 1 >= self.params.steady_frames:
            self.armed = False
            self.captured_quad = quad
            self.steady = 0
            return True
        return False


@dataclass
class CameraStats:
    frames: int = 0
    detected: int = 0
    captures: int = 0
    seconds: float = 0.0
    detect_seconds: float = 0.0
    quads: list[list[list[float]]] = field(default_factory=list)

    @property
    def fps(self) -> float:
        return self.frames / self.seconds if self.seconds > 0 else 0.0


def parse_camera_device(device: str) -> int | str:
    """``camera:0`` / ``0`` → camera index; ``camera:/path/video.avi`` / a path → the file."""
    spec = device[len("camera:"):] if device.startswith("camera:") else device
    return int(spec) if spec.isdigit() else spec


class CameraSource:
    """A camera (or a video file standing in for one) as a capture ``Source``."""

    backend = "camera"

    def __init__(self, page: PageKind = "a4", params: DetectorParams | None = None,
                 max_seconds: float = 0.0,
                 on_frame: Callable[[np.ndarray, np.ndarray | None, float], None] | None = None,
                 ) -> None:
        """``on_frame(frame, quad or None, progress 0..1 towards the next capture, 1.0 on the
        frame taken)`` is called for every frame, for a live preview (the UI draws the quad);
        it must be quick and must not keep the frame."""
        self.page = page
        self.params = params or DetectorParams()
        self.max_seconds = max_seconds
        self.on_frame = on_frame
        self.stats = CameraStats()

    def list_devices(self, cancel: CancelToken | None = None) -> list[Device]:
        import cv2

        found = []
        for index in range(4):
            cap = cv2.VideoCapture(index)
            try:
                if cap.isOpened():
                    found.append(Device(f"camera:{index}", "", "camera", "video camera",
                                        "camera"))
            finally:
                cap.release()
        return found

    def capabilities(self, device: str, cancel: CancelToken | None = None) -> Capabilities:
        return Capabilities(device=device, modes=("color", "gray"), sources=("flatbed",))

    def scan(
        self, options: ScanOptions, cancel: CancelToken | None = None,
        events: ScanEvents | None = None,
    ) -> Iterator[CapturedPage]:
        """Captured pages until the video ends, ``options.pages`` are taken, or cancel."""
        import cv2
        import numpy as np

        events = events or NullEvents()
        spec = parse_camera_device(options.device)
        if isinstance(spec, str):
            from pathlib import Path

            if not Path(spec).is_file():
                raise CameraNotFoundError(device=Path(spec).name)
        with contextlib.suppress(AttributeError):  # OpenCV's own warnings would repeat ours
            cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)
        cap = cv2.VideoCapture(spec)
        if not cap.isOpened():
            raise CameraNotFoundError(device=str(spec))
        if isinstance(spec, int):
            cap.set(cv2.CAP_PROP_FRAME_WIDTH, 1280)
            cap.set(cv2.CAP_PROP_FRAME_HEIGHT, 720)
        stats = self.stats = CameraStats()
        tracker: AutoCapture | None = None
        # the frames just before a capture, while the page rested: the capture's burst
        burst_size = max(1, min(8, int(options.extra.get("burst", 1))))
        recent: collections.deque[np.ndarray] = collections.deque(maxlen=burst_size - 1)
        started = time.perf_counter()
        index = 0
        try:
            while True:
                if cancel is not None and cancel.is_set():
                    break  # stopping a camera is the normal way to end: no error
                if self.max_seconds and time.perf_counter() - started > self.max_seconds:
                    break
                ok, frame = cap.read()
                if not ok:
                    if isinstance(spec, int) and stats.frames == 0:
                        raise DeviceError(reason="camera gives no picture")
                    break
                stats.frames += 1
                if tracker is None:
                    h, w = frame.shape[:2]
                    tracker = AutoCapture(self.params, math.hypot(w, h))
                t0 = time.perf_counter()
                quad = detect_page(frame, self.params)
                stats.detect_seconds += time.perf_counter() - t0
                if quad is not None:
                    stats.detected += 1
                shot = tracker.update(quad)
                if self.on_frame is not None:
                    # Progress towards the next capture: 1.0 on the frame taken, 0 while the
                    # taken page is still in view (nothing pending) or no page is seen.
                    if shot:
                        steadiness = 1.0
                    elif quad is None or not tracker.armed:
                        steadiness = 0.0
                    else:
                        steadiness = min(0.99, (tracker.steady + 1) / self.params.steady_frames)
                    self.on_frame(frame, quad, steadiness)
                if not shot:
                    if quad is None:
                        recent.clear()
                    elif recent.maxlen:
                        recent.append(frame)
                    if quad is not None and tracker.armed:
                        events.page_progress(index, min(1.0, (tracker.steady + 1)
                                                        / self.params.steady_frames))
                    continue
                assert quad is not None
                events.page_start(index)
                transform, dpi = perspective_for(quad, self.page)
                if options.mode == "gray":
                    frame = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
                ok, png = cv2.imencode(".png", frame, [cv2.IMWRITE_PNG_COMPRESSION, 1])
                if not ok:
                    raise DeviceError(reason="frame could not be encoded")
                burst = []
                for earlier in recent:
                    if options.mode == "gray":
                        earlier = cv2.cvtColor(earlier, cv2.COLOR_BGR2GRAY)
                    done, encoded = cv2.imencode(".png", earlier,
                                                 [cv2.IMWRITE_PNG_COMPRESSION, 1])  # fmt: skip
                    if done:
                        burst.append(encoded.tobytes())
                recent.clear()
                stats.captures += 1
                stats.quads.append(np.round(quad, 2).tolist())
                events.page_progress(index, 1.0)
                yield CapturedPage(
                    index=index, data=png.tobytes(), media_type="image/png",
                    width=frame.shape[1], height=frame.shape[0], dpi=round(dpi, 1),
                    name=f"camera-{index + 1:04d}.png", transforms=(transform,),
                    info={"device": options.device, "frame": stats.frames - 1,
                          "quad": np.round(quad, 2).tolist(), "page": self.page},
                    burst=tuple(burst),
                )
                index += 1
                if options.pages and index >= options.pages:
                    break
        finally:
            stats.seconds = time.perf_counter() - started
            cap.release()
