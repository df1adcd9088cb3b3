"""Generated media with known truth for the capture tests and benchmark: a document-camera video
of a page sliding in, held still and leaving (cv2.VideoWriter, MJPG in AVI)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np


@dataclass(frozen=True)
class PageVideo:
    path: Path
    width: int
    height: int
    held_quad: np.ndarray          # TL TR BR BL while the page is held still
    held_frames: tuple[int, int]   # [first, last) frame index of the still phase
    frames: int
    page_image: np.ndarray         # what a perfect flat capture looks like (A4 portrait)


def make_page_image(width: int = 420, height: int = 594, seed: int = 1) -> np.ndarray:
    """A white A4-shaped page with text-like lines and a heading block (BGR)."""
    rng = np.random.default_rng(seed)
    page = np.full((height, width, 3), 245, np.uint8)
    cv2.rectangle(page, (40, 40), (width - 40, 90), (40, 40, 40), -1)
    y = 120
    while y < height - 50:
        x = 40
        while x < width - 60:
            w = int(rng.integers(15, 60))
            cv2.rectangle(page, (x, y), (min(x + w, width - 40), y + 8), (30, 30, 30), -1)
            x += w + 10
        y += 22
    return page


def _background(width: int, height: int, base: int = 55, seed: int = 7) -> np.ndarray:
    """A desk: a smooth lighting gradient and faint static grain (the same in every frame)."""
    rng = np.random.default_rng(seed)
    xs = np.linspace(0, 1, width, dtype=np.float32)[None, :]
    ys = np.linspace(0, 1, height, dtype=np.float32)[:, None]
    level = base + 30 * xs + 20 * ys
    grain = cv2.GaussianBlur(rng.normal(0, 6, (height, width)).astype(np.float32), (0, 0), 2)
    desk = np.clip(level + grain, 0, 255).astype(np.uint8)
    return cv2.merge([desk, (desk * 0.9).astype(np.uint8), (desk * 0.8).astype(np.uint8)])


def _sprite(shape: tuple[int, int], page: np.ndarray, quad: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray]:
    """The page warped onto an empty frame at ``quad``, and its coverage (float 0..1)."""
    h, w = shape
    ph, pw = page.shape[:2]
    src = np.array([[0, 0], [pw - 1, 0], [pw - 1, ph - 1], [0, ph - 1]], np.float32)
    matrix = cv2.getPerspectiveTransform(src, quad.astype(np.float32))
    warped = cv2.warpPerspective(page, matrix, (w, h), flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.full((ph, pw), 255, np.uint8), matrix, (w, h),
                               flags=cv2.INTER_LINEAR).astype(np.float32) / 255.0
    return warped, mask


def _shift(img: np.ndarray, dx: int) -> np.ndarray:
    """Translate by whole pixels along x, filling with zeros (the page moves, nothing else)."""
    out = np.zeros_like(img)
    w = img.shape[1]
    if dx >= w or dx <= -w:
        return out
    if dx >= 0:
        out[:, dx:] = img[:, : w - dx]
    else:
        out[:, :dx] = img[:, -dx:]
    return out


def make_page_video(
    path: Path,
    *,
    width: int = 1280,
    height: int = 720,
    fps: float = 30.0,
    slide_frames: int = 16,
    hold_frames: int = 24,
    quad: np.ndarray | None = None,
    noise: float = 0.0,
    desk: int = 55,
    seed: int = 1,
    picture: np.ndarray | None = None,
) -> PageVideo:
    """Write the video; the page enters from the right, rests, and leaves to the left.
    ``picture`` (BGR) is what lies on the desk: a generated A4 page unless given (an ID card)."""
    if quad is None:
        # A slightly rotated, slightly keystoned A4 page (as a camera above a desk sees it).
        quad = np.array([[452.0, 88.0], [866.0, 112.0], [838.0, 668.0], [418.0, 640.0]],
                        np.float32)
    page = make_page_image(seed=seed) if picture is None else picture
    background = _background(width, height, base=desk, seed=seed + 6)
    sprite, mask = _sprite((height, width), page, quad)
    rng = np.random.default_rng(seed)
    # Sensor noise: a few fields drawn once and cycled (drawing one per frame is slow).
    grains = [rng.normal(0.0, noise, (height, width, 3)).astype(np.int16) for _ in range(5)] \
        if noise else []
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, (width, height))
    if not writer.isOpened():
        raise RuntimeError("cv2.VideoWriter cannot write MJPG/AVI here")
    frames = 0
    enter = width - float(quad[:, 0].min()) + 40  # start fully off-screen to the right
    leave = -float(quad[:, 0].max()) - 40          # end fully off-screen to the left
    offsets = [enter * (1 - i / slide_frames) for i in range(slide_frames)]
    offsets += [0.0] * hold_frames
    offsets += [leave * (i + 1) / slide_frames for i in range(slide_frames)]
    offsets += [leave * 1.0] * 4  # empty desk at the end
    held_start = slide_frames
    for dx in offsets:
        step = round(dx)
        cover = _shift(mask, step)
        frame = cv2.blendLinear(_shift(sprite, step), background, cover, 1.0 - cover)
        if grains:
            noisy = frame.astype(np.int16) + grains[frames % len(grains)]
            frame = np.clip(noisy, 0, 255).astype(np.uint8)
        writer.write(frame)
        frames += 1
    writer.release()
    return PageVideo(path=path, width=width, height=height, held_quad=quad,
                     held_frames=(held_start, held_start + hold_frames), frames=frames,
                     page_image=page)


def random_page_quad(seed: int, width: int = 1280, height: int = 720,
                     aspect: float = 297 / 210) -> np.ndarray:
    """A page placed at random: size, position, rotation (±15°) and a little keystone."""
    rng = np.random.default_rng(seed)
    page_h = float(rng.uniform(0.45, 0.75) * height)
    page_w = page_h / aspect
    angle = np.deg2rad(rng.uniform(-15, 15))
    rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    half = np.array([[-page_w, -page_h], [page_w, -page_h], [page_w, page_h],
                     [-page_w, page_h]]) / 2
    keystone = rng.uniform(-0.03, 0.03, (4, 2)) * np.array([page_w, page_h])
    corners = (half + keystone) @ rot.T
    span = corners.max(axis=0) - corners.min(axis=0)
    cx = rng.uniform(span[0] / 2 + 30, width - span[0] / 2 - 30)
    cy = rng.uniform(span[1] / 2 + 20, height - span[1] / 2 - 20)
    return (corners + np.array([cx, cy])).astype(np.float32)
