"""Hard captures of invented citizen-ID cards: the kinds that beat the reader on hidden photos.

Each kind is one way a counter's camera or scanner degrades the QR, on top of a mild capture (a
few degrees of rotation, JPEG):

* ``glare``: specular reflections off the laminate — saturated ellipses and streaks with soft
  edges, one of them partly over the QR;
* ``motion_blur`` / ``defocus``: a line kernel or a disk kernel of a given length/radius *in
  modules* (what matters to a decoder is blur relative to the module);
* ``phone_combo``: a phone photo on a desk with perspective, uneven light, noise, glare on the
  card *and* blur — the combined case;
* ``low_light``: under-exposed, sensor noise amplified, then JPEG;
* ``jpeg``: heavy compression (quality 10–35);
* ``small``: the card far from the camera (modules of 1.3–1.9 px);
* ``moire``: the card photographed off a screen (a pixel grid aliased by resampling).

Two splits with **different seeds and different parameter ranges**: ``tune`` (what the reader
was developed on) and ``heldout`` (harder, never tuned on; reported beside it). Each sample's
randomness is derived from (seed, kind, index), so the first few cards of a kind are the same
whatever ``per_kind`` is — tests take a few, the benchmark takes more.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass

import numpy as np
from PIL import Image

from scanstation.idcard.payload import CARD_2021, CARD_2024
from scanstation.testing.cards import CardSample, invent_person, render_card

KINDS = ("glare", "motion_blur", "defocus", "phone_combo", "low_light", "jpeg", "small", "moire")
SEEDS = {"tune": 1401, "heldout": 9914}

Span = tuple[float, float]


@dataclass(frozen=True)
class Ranges:
    """Parameter ranges of one split (uniform draws)."""

    module_px: Span  # module size of the captured card (all kinds but small/phone)
    glare_peak: Span  # added brightness at a glare centre, in units of full scale
    glare_size: Span  # glare core half-axis, as a fraction of the QR side
    motion_modules: Span  # motion-blur length, in modules
    defocus_modules: Span  # defocus disk radius, in modules
    exposure: Span  # low light: fraction of normal exposure
    noise: Span  # low light: sensor noise σ (grey levels) before the exposure gain
    jpeg_quality: Span
    small_module_px: Span
    moire_amplitude: Span  # depth of the screen's pixel grid
    phone_blur_modules: Span  # blur of the combined phone photo, in modules (after perspective)


RANGES = {
    "tune": Ranges(
        module_px=(2.2, 3.4), glare_peak=(0.7, 1.0), glare_size=(0.15, 0.35),
        motion_modules=(1.0, 1.7), defocus_modules=(0.6, 0.95), exposure=(0.1, 0.25),
        noise=(2.0, 4.0), jpeg_quality=(10, 30), small_module_px=(1.3, 1.8),
        moire_amplitude=(0.3, 0.5), phone_blur_modules=(0.4, 0.9),
    ),
    "heldout": Ranges(
        module_px=(2.0, 3.2), glare_peak=(0.8, 1.05), glare_size=(0.2, 0.4),
        motion_modules=(1.2, 2.0), defocus_modules=(0.7, 1.05), exposure=(0.08, 0.2),
        noise=(2.5, 5.0), jpeg_quality=(8, 24), small_module_px=(1.2, 1.65),
        moire_amplitude=(0.4, 0.6), phone_blur_modules=(0.6, 1.1),
    ),
}  # fmt: skip


def _u(rng: random.Random, span: Span) -> float:
    return rng.uniform(*span)


def _jpeg(arr: np.ndarray, quality: int) -> np.ndarray:
    buf = io.BytesIO()
    Image.fromarray(arr.clip(0, 255).astype(np.uint8)).save(buf, "JPEG", quality=quality)
    return np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"))


def add_glare(
    arr: np.ndarray, box: tuple[int, int, int, int], rng: random.Random, peak: float, size: float
) -> tuple[np.ndarray, str]:
    """Specular blobs: a super-Gaussian profile (flat saturated core, soft edge) per blob, added
    to the image and clipped as a camera clips. The first blob sits partly over the QR."""
    h, w = arr.shape[:2]
    left, top, right, bottom = box
    side = right - left
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    light = np.zeros((h, w), np.float32)
    shapes = []
    for index in range(rng.randint(1, 3)):
        if index == 0:  # over the QR: centre inside it, a quarter of the time near an edge
            reach = 0.1 if rng.random() < 0.25 else -0.15
            cx = rng.uniform(left - reach * side, right + reach * side)
            cy = rng.uniform(top - reach * side, bottom + reach * side)
            a = size * side * rng.uniform(0.8, 1.3)
            strength = peak
        else:  # elsewhere on the card, smaller or fainter
            cx, cy = rng.uniform(0, w), rng.uniform(0, h)
            a = size * side * rng.uniform(0.5, 1.5)
            strength = peak * rng.uniform(0.5, 1.0)
        streak = rng.random() < 0.35
        b = a * (rng.uniform(0.15, 0.35) if streak else rng.uniform(0.5, 1.0))
        theta = rng.uniform(0, np.pi)
        c, s = np.cos(theta), np.sin(theta)
        u = ((xx - cx) * c + (yy - cy) * s) / a
        v = (-(xx - cx) * s + (yy - cy) * c) / b
        r2 = u * u + v * v
        power = rng.uniform(1.5, 3.0)  # > 1: a plateau with a soft shoulder
        veil = rng.uniform(0.2, 0.45)  # the wide, weaker halo that washes out contrast around it
        blob = np.maximum(np.exp(-(r2**power)), veil * np.exp(-r2 / 9.0))
        light = np.maximum(light, strength * 255 * blob)
        shapes.append("streak" if streak else "blob")
    tint = np.array([1.0, rng.uniform(0.95, 1.0), rng.uniform(0.88, 1.0)], np.float32)
    out = arr.astype(np.float32) + light[..., None] * tint
    return out.clip(0, 255), f"glare{peak:.2f}x{size:.2f}({'+'.join(shapes)})"


def _kernel_motion(length: float, angle: float) -> np.ndarray:
    import cv2

    k = max(3, int(np.ceil(length)) | 1)
    kernel: np.ndarray = np.zeros((k * 4, k * 4), np.float32)  # drawn at 4× for a sub-pixel length
    centre = k * 2
    dx, dy = np.cos(angle) * length * 2, np.sin(angle) * length * 2
    cv2.line(kernel, (round(centre - dx), round(centre - dy)), (round(centre + dx), round(centre + dy)),
             1.0, thickness=2, lineType=cv2.LINE_AA)  # fmt: skip
    kernel = cv2.resize(kernel, (k, k), interpolation=cv2.INTER_AREA)
    return kernel / kernel.sum()


def _kernel_disk(radius: float) -> np.ndarray:
    import cv2

    k = max(3, int(np.ceil(radius)) * 2 + 1)
    kernel: np.ndarray = np.zeros((k * 4, k * 4), np.float32)
    cv2.circle(kernel, (k * 2, k * 2), round(radius * 4), 1.0, -1, lineType=cv2.LINE_AA)
    kernel = cv2.resize(kernel, (k, k), interpolation=cv2.INTER_AREA)
    return kernel / kernel.sum()


def _filter(arr: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    import cv2

    return cv2.filter2D(arr.astype(np.float32), -1, kernel, borderType=cv2.BORDER_REPLICATE)


def _mild_capture(arr: np.ndarray, rng: random.Random) -> np.ndarray:
    """A few degrees of rotation on a dark table (the card is never perfectly square)."""
    img = Image.fromarray(arr.clip(0, 255).astype(np.uint8))
    img = img.rotate(rng.uniform(-8, 8), resample=Image.Resampling.BICUBIC, expand=True,
                     fillcolor=(70, 68, 66))  # fmt: skip
    return np.asarray(img).astype(np.float32)


def _moire(card: Image.Image, rng: random.Random, amplitude: float) -> tuple[np.ndarray, str]:
    """The card shown on a screen and photographed: a pixel grid at a period close to the camera's
    pixel pitch, slightly rotated, then resampled without anti-aliasing (which makes the beat)."""
    import cv2

    arr = np.asarray(card.convert("RGB")).astype(np.float32)
    up = 3
    big = cv2.resize(arr, None, fx=up, fy=up, interpolation=cv2.INTER_CUBIC)
    h, w = big.shape[:2]
    period = up * rng.uniform(0.85, 1.2)
    angle = np.radians(rng.uniform(-4, 4))
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    u = xx * np.cos(angle) + yy * np.sin(angle)
    v = -xx * np.sin(angle) + yy * np.cos(angle)
    gap = 0.3  # the dark lines between screen pixels
    grid = ((np.mod(u, period) < gap * period) | (np.mod(v, period) < gap * period)).astype(np.float32)
    big = big * (1 - amplitude * grid)[..., None]
    factor = 1 / (up * rng.uniform(0.95, 1.1))
    small = cv2.resize(big, None, fx=factor, fy=factor, interpolation=cv2.INTER_NEAREST)
    return small, f"moire{amplitude:.2f}p{period / up:.2f}"


def _phone_combo(
    person_card: Image.Image, rng: random.Random, ranges: Ranges
) -> tuple[np.ndarray, list[str]]:
    """Glare on the card, then a phone photo on a desk (perspective, light, noise, JPEG) with
    motion or defocus blur applied in the frame, sized so modules end up 2.2–4 px."""
    from scanstation.testing.card_photos import phone_photo

    arr = np.asarray(person_card.convert("RGB"))
    glared, glare_step = add_glare(arr, person_card.info["qr_box"], rng,
                                   _u(rng, ranges.glare_peak), _u(rng, ranges.glare_size))  # fmt: skip
    card = Image.fromarray(glared.astype(np.uint8))
    blur_modules = _u(rng, ranges.phone_blur_modules)
    motion = rng.random() < 0.5
    angle = rng.uniform(0, np.pi)
    steps = [glare_step]

    def blur(frame: np.ndarray, scale: float) -> np.ndarray:
        module_px = 6.0 * scale  # the card was rendered at 6 px per module
        if motion:  # a hand shake smears further than a focus error spreads: twice the span
            steps.append(f"motion{2 * blur_modules:.2f}mod")
            return _filter(frame, _kernel_motion(2 * blur_modules * module_px, angle))
        steps.append(f"defocus{blur_modules:.2f}mod")
        return _filter(frame, _kernel_disk(blur_modules * module_px))

    img, photo_steps = phone_photo(card, rng, (0.5, 0.85), blur=blur, frame_max=2560)
    return np.asarray(img).astype(np.float32), steps + photo_steps


def hard_sample(kind: str, split: str, index: int, seed: int | None = None) -> CardSample:
    """One card of ``kind`` in ``split`` (``tune`` or ``heldout``) with its ground truth."""
    ranges = RANGES[split]
    seed = SEEDS[split] if seed is None else seed
    rng = random.Random(f"{seed}-{kind}-{index}")
    card_type = CARD_2021 if index % 2 == 0 else CARD_2024
    person = invent_person(rng, card_type)
    module = _u(rng, ranges.small_module_px if kind == "small" else ranges.module_px)
    if kind == "phone_combo":
        module = 6.0  # rendered sharp, the phone photo scales it down
    card = render_card(person, module, rng)
    arr: np.ndarray = np.asarray(card.convert("RGB")).astype(np.float32)
    steps = [f"m{module:.2f}"]
    quality = rng.choice([75, 85, 92])
    if kind == "glare":
        arr, step = add_glare(arr, card.info["qr_box"], rng, _u(rng, ranges.glare_peak),
                              _u(rng, ranges.glare_size))  # fmt: skip
        steps.append(step)
        arr = _mild_capture(arr, rng)
    elif kind == "motion_blur":
        length = _u(rng, ranges.motion_modules)
        arr = _mild_capture(arr, rng)
        arr = _filter(arr, _kernel_motion(length * module, rng.uniform(0, np.pi)))
        steps.append(f"motion{length:.2f}mod")
    elif kind == "defocus":
        radius = _u(rng, ranges.defocus_modules)
        arr = _mild_capture(arr, rng)
        arr = _filter(arr, _kernel_disk(radius * module))
        steps.append(f"defocus{radius:.2f}mod")
    elif kind == "phone_combo":
        arr, more = _phone_combo(card, rng, ranges)
        steps += more
        quality = 0  # phone_photo already compressed it
    elif kind == "low_light":
        exposure, sigma = _u(rng, ranges.exposure), _u(rng, ranges.noise)
        arr = _mild_capture(arr, rng) * exposure
        noise = np.random.default_rng(rng.randrange(2**32)).normal(0, sigma, arr.shape)
        arr = (arr + noise) / exposure * rng.uniform(0.4, 0.8)  # the camera's gain, short of full
        steps.append(f"light{exposure:.2f}n{sigma:.1f}")
    elif kind == "jpeg":
        arr = _filter(_mild_capture(arr, rng), _kernel_disk(0.6))
        quality = round(_u(rng, ranges.jpeg_quality))
    elif kind == "small":
        arr = _filter(_mild_capture(arr, rng), _kernel_disk(0.5))
    elif kind == "moire":
        arr, step = _moire(card, rng, _u(rng, ranges.moire_amplitude))
        arr = _mild_capture(arr, rng)
        steps.append(step)
    else:
        raise ValueError(f"unknown kind {kind!r}")
    if quality:
        arr = _jpeg(arr, quality)
        steps.append(f"jpeg{quality}")
    image = Image.fromarray(arr.clip(0, 255).astype(np.uint8))
    note = f"{kind} {split} {card_type} {' '.join(steps)}"
    return CardSample(f"{split}-{kind}{index:02d}", image, person, note)


def hard_set(
    split: str, per_kind: int, kinds: tuple[str, ...] = KINDS, seed: int | None = None
) -> list[CardSample]:
    """``per_kind`` cards of every kind in ``split``, both card layouts alternating."""
    return [hard_sample(kind, split, i, seed) for kind in kinds for i in range(per_kind)]


def kind_of(sample: CardSample) -> str:
    return sample.note.split()[0]


def dim_burst(index: int, frames: int = 5, seed: int = 7, exposure: float = 0.05,
              noise: float = 7.0) -> tuple[CardSample, list[np.ndarray]]:
    """A card resting under a document camera in dim light: ``frames`` greyscale frames of the
    same capture, each with its own sensor noise, a sub-pixel tremor and JPEG, so that most
    frames alone lose the QR to noise while what they share (the modules) stays put."""
    import cv2

    rng = random.Random(f"{seed}-dim-burst-{index}")
    card_type = CARD_2021 if index % 2 == 0 else CARD_2024
    person = invent_person(rng, card_type)
    card = render_card(person, _u(rng, (2.4, 3.0)), rng)
    still = _mild_capture(np.asarray(card.convert("RGB")).astype(np.float32), rng)
    grey = cv2.cvtColor(still.clip(0, 255).astype(np.uint8), cv2.COLOR_RGB2GRAY).astype(np.float32)
    h, w = grey.shape
    noise_rng = np.random.default_rng(rng.randrange(2**32))
    out = []
    for _ in range(frames):
        shift = np.array([[1, 0, rng.uniform(-1.5, 1.5)], [0, 1, rng.uniform(-1.5, 1.5)]],
                         np.float32)  # fmt: skip
        moved = cv2.warpAffine(grey, shift, (w, h), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_REPLICATE)  # fmt: skip
        dim = moved * exposure + noise_rng.normal(0, noise, moved.shape)
        frame = (dim / exposure * 0.6).clip(0, 255).astype(np.uint8)
        out.append(_jpeg(np.dstack([frame] * 3), 80)[..., 0].copy())
    sample = CardSample(f"dim-burst{index:02d}", Image.fromarray(out[0]), person,
                        f"dim burst {card_type} exposure{exposure} noise{noise} x{frames}")
    return sample, out
