"""Phone photos of invented citizen-ID cards lying on a cluttered desk (large frames, perspective,
uneven light, sensor noise, motion blur, JPEG). Split from ``cards.py``, which renders the cards."""

from __future__ import annotations

import io
import math
import random
from collections.abc import Callable

import numpy as np
from PIL import Image, ImageDraw

from scanstation.idcard.payload import CARD_2021, CARD_2024
from scanstation.testing.cards import CardSample, _font, invent_person, render_card


def phone_photo(
    card: Image.Image,
    rng: random.Random,
    fill: tuple[float, float] = (0.45, 0.9),
    blur: Callable[[np.ndarray, float], np.ndarray] | None = None,
    frame_max: int = 4000,
) -> tuple[Image.Image, list[str]]:
    """The card photographed on a cluttered desk by a phone: a large frame (1184×2560 up to
    3000×4000, no side above ``frame_max``), perspective, uneven light, sensor noise, sometimes
    motion blur, JPEG. ``blur(frame, scale)`` (scale = frame px per card px), when given,
    replaces the random motion blur and runs before the noise and JPEG, as in a camera."""
    import cv2

    portrait = rng.random() < 0.6
    sizes = [(1184, 2560), (1536, 2048), (2250, 3000), (3000, 4000)]
    fw, fh = rng.choice([size for size in sizes if max(size) <= frame_max])
    if not portrait:
        fw, fh = fh, fw
    # The desk texture is drawn at 1/4 resolution (cheap), then enlarged.
    sy, sx = np.mgrid[0 : fh // 4, 0 : fw // 4].astype(np.float32) * 4
    desk = 90 + 40 * np.sin(sx / rng.uniform(15, 60) + np.sin(sy / rng.uniform(40, 200)) * 3)
    desk = cv2.resize(desk, (fw, fh), interpolation=cv2.INTER_LINEAR)
    frame = np.repeat(desk[..., None], 3, axis=2) * np.array([1.0, 0.85, 0.7], np.float32)
    canvas = Image.fromarray(frame.clip(0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(canvas)
    for _ in range(rng.randint(3, 8)):  # papers, pens, printed text around the card
        x0, y0 = rng.randrange(fw), rng.randrange(fh)
        x1, y1 = x0 + rng.randint(100, fw // 2), y0 + rng.randint(40, fh // 3)
        draw.rectangle((x0, y0, x1, y1), fill=tuple(rng.randint(150, 250) for _ in range(3)))
        draw.text((x0 + 10, y0 + 10), "Giấy biên nhận hồ sơ số 0123", font=_font(28),
                  fill=(40, 40, 40))  # fmt: skip
    arr = np.asarray(card.convert("RGB"))
    h, w = arr.shape[:2]
    # Place the card with perspective: its longest side covers 45–90 % of the frame's short side
    # (what a counter officer's photo of a card looks like); the whole card stays in the frame.
    target = rng.uniform(*fill) * min(fw, fh)
    scale = target / w
    cw, ch = w * scale, h * scale
    angle = math.radians(rng.uniform(0, 360))
    half_w, half_h = cw / 2, ch / 2
    corners = np.array(
        [[-half_w, -half_h], [half_w, -half_h], [half_w, half_h], [-half_w, half_h]], dtype=np.float32
    )
    rot = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]], dtype=np.float32)
    dst = corners @ rot.T
    dst += np.array([[rng.uniform(-1, 1) * 0.08 * cw for _ in range(2)] for _ in range(4)], dtype=np.float32)
    span = dst.max(axis=0) - dst.min(axis=0)
    fit = min(1.0, 0.95 * fw / span[0], 0.95 * fh / span[1])
    dst *= fit
    scale *= fit
    lo, hi = -dst.min(axis=0) + 5, np.array([fw, fh], dtype=np.float32) - dst.max(axis=0) - 5
    offset = [rng.uniform(lo[i], max(lo[i], hi[i])) for i in (0, 1)]
    dst += np.array(offset, dtype=np.float32)
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(src, dst)
    base = np.asarray(canvas).copy()
    warped = cv2.warpPerspective(arr, matrix, (fw, fh), flags=cv2.INTER_AREA)
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), matrix, (fw, fh))
    out: np.ndarray = np.where(mask[..., None] > 127, warped, base).astype(np.float32)
    gy, gx = np.ogrid[0:fh, 0:fw]
    light = 0.75 + 0.45 * (gx / fw * rng.uniform(-1, 1) + gy / fh * rng.uniform(-1, 1) + 0.5)
    out = out * light.astype(np.float32)[..., None].clip(0.55, 1.25)
    if blur is not None:
        out = blur(out, scale)
    out += np.random.default_rng(rng.randrange(2**32)).normal(0, rng.uniform(2, 7), out.shape)
    img: np.ndarray = out.clip(0, 255).astype(np.uint8)
    steps = [f"phone{fw}x{fh}", f"scale{scale:.2f}"]
    if blur is None and rng.random() < 0.3:
        k = rng.choice([3, 5])
        kernel = np.zeros((k, k), np.float32)
        kernel[k // 2, :] = 1.0 / k
        img = cv2.filter2D(img, -1, kernel)
        steps.append(f"motion{k}")
    buf = io.BytesIO()
    quality = rng.choice([75, 85, 92])
    Image.fromarray(img).save(buf, "JPEG", quality=quality)
    steps.append(f"jpeg{quality}")
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB"), steps


def phone_set(
    seed: int, count: int, fill: tuple[float, float] = (0.45, 0.9)
) -> list[CardSample]:
    """Phone photos of cards on a desk (modules 2.4–4 px after perspective, as measured on real
    card photos in ``shared/cccd_qr.md`` §3)."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        card_type = CARD_2021 if i % 2 == 0 else CARD_2024
        person = invent_person(rng, card_type)
        card = render_card(person, 6.0, rng)  # rendered sharp, then scaled into the frame
        img, steps = phone_photo(card, rng, fill)
        out.append(CardSample(f"phone{i:03d}", img, person, f"{card_type} {' '.join(steps)}"))
    return out

