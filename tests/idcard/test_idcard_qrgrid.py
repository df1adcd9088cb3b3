"""Module-by-module QR reading with glare as erasures (``scanstation/idcard/_qrgrid.py``).

Symbols are the cards' real layouts (``scanstation/testing/cards.py``: 2021 = ECC M, 2024 = ECC L)
drawn with known corners; glare is a saturated disc brighter than the card's light modules.
"""

from __future__ import annotations

import random

import cv2
import numpy as np
import pytest
import zxingcpp

from scanstation.idcard._qrgrid import decode_grid
from scanstation.idcard.qr import decode_content
from scanstation.testing.cards import invent_person, make_symbol, symbol_image

MODULE = 4
QUIET = 4


def _symbol(seed: int, card_type: str) -> tuple[np.ndarray, tuple[tuple[float, float], ...], str, int]:
    """(grey image with light modules at ~210, corners TL TR BR BL, payload, modules per side)."""
    person = invent_person(random.Random(seed), card_type)
    symbol = make_symbol(person.payload(), card_type)
    image = np.asarray(symbol_image(symbol, MODULE, quiet=QUIET).convert("L")).astype(np.float32)
    gray = (image * 0.75 + 20).astype(np.uint8)  # printed card: light modules are not white
    n = symbol.symbol_size(border=0)[0]
    q, side = QUIET * MODULE, n * MODULE
    corners = ((q, q), (q + side, q), (q + side, q + side), (q, q + side))
    return gray, tuple((float(x), float(y)) for x, y in corners), person.payload(), n


def _text(hex_eci: str | None) -> str | None:
    return None if hex_eci is None else decode_content(hex_eci)[0]


@pytest.mark.parametrize("card_type", ["cccd_2021", "can_cuoc_2024"])
def test_a_clean_symbol_reads_exactly(card_type: str) -> None:
    gray, corners, payload, _ = _symbol(1, card_type)
    assert _text(decode_grid(gray, corners)) == payload


def test_glare_over_an_ecc_l_symbol_is_read_as_erasures() -> None:
    """The 2024 card's ECC L cannot correct a glare disc as errors (zxing-cpp fails); as
    erasures it can."""
    gray, corners, payload, n = _symbol(2, "can_cuoc_2024")
    centre = round(corners[0][0] + n * MODULE / 2)
    cv2.circle(gray, (centre, centre), n * MODULE // 6, 255, -1)
    assert zxingcpp.read_barcodes(gray, formats=zxingcpp.BarcodeFormat.QRCode) == []
    assert _text(decode_grid(gray, corners)) == payload


def test_glare_and_defocus_together_are_read_from_a_deconvolved_view() -> None:
    """A phone photo of a card under a lamp, out of focus: the glare disc is wiped and every
    module is spread over its neighbours. zxing-cpp reads none of six such symbols, even
    deconvolved it would count the wiped modules as errors; the module reader deconvolves the
    view and erases the disc with the halo blur spread around it. Every answer is the payload
    or nothing."""
    from scanstation.idcard._qrclean import _disk_psf

    answers = []
    for seed in range(2, 8):
        gray, corners, payload, n = _symbol(seed, "can_cuoc_2024")
        centre = round(corners[0][0] + n * MODULE / 2)
        cv2.circle(gray, (centre, centre), n * MODULE // 6, 255, -1)
        blurred = cv2.filter2D(gray.astype(np.float32), -1, _disk_psf(0.8 * MODULE))
        noise = np.random.default_rng(seed).normal(0, 2, blurred.shape)
        photo = np.clip(blurred + noise, 0, 255).astype(np.uint8)
        assert zxingcpp.read_barcodes(photo, formats=zxingcpp.BarcodeFormat.QRCode) == []
        answers.append((_text(decode_grid(photo, corners)), payload))
    assert all(text in (None, payload) for text, payload in answers)
    assert sum(text == payload for text, payload in answers) >= 4  # 5 of 6 here; none before


def test_glare_beyond_the_erasure_capacity_is_refused() -> None:
    gray, corners, _, n = _symbol(3, "can_cuoc_2024")
    centre = round(corners[0][0] + n * MODULE / 2)
    cv2.circle(gray, (centre, centre), n * MODULE // 3, 255, -1)
    assert decode_grid(gray, corners) is None


def test_corners_off_by_modules_are_refused() -> None:
    gray, corners, _, _ = _symbol(4, "cccd_2021")
    shifted = tuple((x + 3 * MODULE, y + 2 * MODULE) for x, y in corners)
    assert decode_grid(gray, shifted) is None


@pytest.mark.parametrize("card_type", ["cccd_2021", "can_cuoc_2024"])
def test_random_module_damage_gives_the_payload_or_nothing(card_type: str) -> None:
    """Flipped modules (not erasures) at rates around and beyond RS capacity: every answer is the
    exact payload or None — never another text."""
    rng = np.random.default_rng(5)
    answers = []
    for rate in (0.005, 0.03, 0.06, 0.1, 0.2):
        gray, corners, payload, n = _symbol(6, card_type)
        q = QUIET * MODULE
        flips = rng.random((n, n)) < rate
        flips[:9, :9] = flips[:9, -8:] = flips[-8:, :9] = False  # keep the finders (localisation)
        for i, j in zip(*np.nonzero(flips), strict=True):
            cell = gray[q + i * MODULE : q + (i + 1) * MODULE, q + j * MODULE : q + (j + 1) * MODULE]
            cell[:] = 230 - cell  # dark ↔ light
        answers.append(_text(decode_grid(gray, corners)))
    assert {answer for answer in answers if answer is not None} <= {payload}
    assert answers[0] == payload  # 0.5 % of modules (~4 % of codewords): within capacity
    assert answers[-1] is None  # 20 %: far beyond



def test_corners_fitted_to_the_function_patterns_read_the_symbol() -> None:
    """From a rough box (corners a module off, skewed, as a texture box sits), the fit to the
    function patterns finds corners exact enough for the module-by-module read, and no fit
    reads anything else."""
    from scanstation.idcard._qrfit import fit_symbol
    from scanstation.idcard._qrhard import _warp_mapped

    gray, corners, payload, _ = _symbol(7, "cccd_2021")
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = corners
    off = MODULE
    rough = np.array([(x0 - off, y0 + off), (x1 + off, y1 - off), (x2 - off, y2 + off), (x3 + off, y3)],
                     dtype=np.float32)  # fmt: skip
    view, back = _warp_mapped(gray, rough, 0.06)
    texts = set()
    for _, fitted in fit_symbol(view, 0.06):
        mapped = cv2.perspectiveTransform(fitted[None].astype(np.float64), back)[0]
        texts.add(_text(decode_grid(gray, tuple((float(x), float(y)) for x, y in mapped))))
    assert payload in texts
    assert texts <= {payload, None}
