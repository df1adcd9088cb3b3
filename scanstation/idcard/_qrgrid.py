"""Read a QR symbol module by module from its exact corners, with glare-wiped modules as erasures.

zxing-cpp decodes what it binarises and treats every wrong module as an *error*: Reed–Solomon
corrects ⌊nsym/2⌋ wrong codewords per block. A specular glare patch on a card's laminate wipes a
whole region to white — the reader can *see* where that is (saturated, no contrast), and a
codeword known to be unreliable is an *erasure*, of which RS corrects nsym: twice as many. The
2024 card's QR is ECC L (7 % of codewords per block to spare as errors), so one glare blob
over the symbol defeats zxing-cpp while the erasure decode still has room.

Glare and blur together: when no version reads, the version whose patterns match best is read
again from deconvolved views (``_qrclean.deblurred``), with the glare patch and the halo blur
spread around it erased.

Only used where the symbol's corners are known exactly (zxing-cpp located it but could not
decode it, on the image or in a cleaned view). The layout of a version (function patterns,
codeword placement, format and version information) is taken from ``segno``'s encoder, so the
reading is the exact inverse of a known-good writer; RS decoding is ``reedsolo``'s.

Never a wrong payload: the format information must be within BCH distance, the function
patterns must match, each block's corrections must stay ``_MARGIN`` codewords inside RS capacity,
the bit stream must end with the standard terminator and pad codewords, and the text still goes
through the payload checks like any other read.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

VERSIONS = range(5, 11)  # cards carry versions 6–8; one on either side costs little
_PX = 8  # pixels per module in the sampled view (the scale ``_qrclean`` filters assume)
_MIN_PATTERN_MATCH = 0.8  # fraction of function-pattern modules read right, else not this layout
_MAX_FORMAT_DISTANCE = 5  # of 30 format modules (two copies; BCH distance between formats ≥ 7)
_MARGIN = 2  # 2·errors + erasures ≤ nsym − _MARGIN in every block
_PAD = (0xEC, 0x11)


@lru_cache(maxsize=8)
def _layout(version: int) -> tuple[Any, Any, Any, Any, Any]:
    """(known function modules mask, their values, data positions in placement order,
    information-module mask, 32 information templates keyed by (error, mask)) of one version."""
    import numpy as np
    from segno import consts, encoder

    n = encoder.calc_matrix_size(version)
    bare = encoder.make_matrix(n, n, reserve_regions=False)
    reserved = encoder.make_matrix(n, n)
    for matrix in (bare, reserved):
        encoder.add_finder_patterns(matrix, n, n)
        encoder.add_alignment_patterns(matrix, n, n)
    bare_a = np.array([list(row) for row in bare], dtype=np.int16)
    reserved_a = np.array([list(row) for row in reserved], dtype=np.int16)
    known = bare_a != 2
    info = (reserved_a != 2) & (bare_a == 2)
    # Codeword placement: segno's add_codewords walk (ISO/IEC 18004 7.7.3), recording positions.
    order: list[tuple[int, int]] = []
    for right in range(n - 1, 0, -2):
        if right <= 6:
            right -= 1
        for vertical in range(n):
            for z in range(2):
                j = right - z
                upwards = ((right & 2) == 0) ^ (j < 6)
                i = (n - 1 - vertical) if upwards else vertical
                if reserved_a[i, j] == 2:
                    order.append((i, j))
    templates = {}
    for error in (consts.ERROR_LEVEL_L, consts.ERROR_LEVEL_M, consts.ERROR_LEVEL_Q, consts.ERROR_LEVEL_H):
        for mask in range(8):
            matrix = tuple(bytearray(row) for row in reserved)
            encoder.add_format_info(matrix, version, error, mask)
            encoder.add_version_info(matrix, version)
            values = np.array([list(row) for row in matrix], dtype=np.int16)
            templates[(error, mask)] = values[info]
    rows, cols = np.array(order).T
    return known, bare_a[known], (rows, cols), info, templates


def _warp_grid(gray: np.ndarray, quad: np.ndarray, n: int) -> np.ndarray:
    """The symbol at ``quad`` (TL, TR, BR, BL as zxing-cpp reports them: the symbol's own
    orientation) warped to n×n modules of ``_PX`` pixels."""
    import cv2
    import numpy as np

    side = n * _PX
    dst = np.array([[0, 0], [side, 0], [side, side], [0, side]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(quad.astype(np.float32), dst)
    return cv2.warpPerspective(gray, matrix, (side, side), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_REPLICATE)  # fmt: skip


def _modules(image: np.ndarray, n: int) -> np.ndarray:
    """Mean of each module's centre (blur mixes a module's edges with its neighbours)."""
    import numpy as np

    core = slice(2, _PX - 2)
    cells = image.reshape(n, _PX, n, _PX)[:, core, :, core].astype(np.float32)
    return np.asarray(cells.mean(axis=(1, 3)))


def _glare(raw: np.ndarray, dark: np.ndarray) -> np.ndarray:
    """Modules under a saturated glare patch: far brighter than the symbol's light modules and
    with no contrast around them (3×3 modules)."""
    import cv2
    import numpy as np

    light = raw[~dark]
    if light.size == 0:
        return np.zeros_like(dark)
    level = float(np.median(light))
    bright = raw > max(level + 0.5 * (255.0 - level), 235.0)
    kernel = np.ones((3, 3), np.uint8)
    contrast = cv2.dilate(raw, kernel) - cv2.erode(raw, kernel)
    return np.asarray(bright & (contrast < 40.0))


def decode_grid(gray: np.ndarray, corners: tuple[tuple[float, float], ...]) -> str | None:
    """zxing-cpp ``HexECI``-style text (``]Q1``/``]Q2`` + hex) of the symbol at ``corners``, or
    None when no version/orientation reads with every check passing.

    The version and orientation are those whose function patterns the local-contrast view
    matches; modules are read from that view. Glare and blur together (a phone photo of a card
    under a lamp, shaken): when no version reads, the version whose patterns the view matches
    best is read again from deconvolved views (``_qrclean.deblurred``), its glare still taken
    from the view as captured — deconvolution is what zxing-cpp gets too, but only this reader
    counts the wiped modules as erasures."""
    import numpy as np

    from ._qrclean import deblurred

    quad = np.array(corners, dtype=np.float32).reshape(4, 2)
    scored: list[tuple[float, int, np.ndarray]] = []
    for version in VERSIONS:
        view = _warp_grid(gray, quad, 17 + 4 * version)
        text, match = _read_view(version, view, view)
        if text is not None:
            return text
        scored.append((match, version, view))
    match, version, view = max(scored, key=lambda item: item[0])
    if match < _MIN_PATTERN_MATCH:
        # not a symbol's outline: the outlines of a lone finder pattern or of a text block match
        # at 0.5–0.75, a real symbol's under blur and glare at 0.84–0.94 (phone photos of cards)
        return None
    for _, sharp in deblurred(view, wide=True):
        text, _ = _read_view(version, sharp, view, halo=True)
        if text is not None:
            return text
    return None


def _read_view(version: int, source: np.ndarray, captured: np.ndarray,
               halo: bool = False) -> tuple[str | None, float]:
    """The text of ``version`` read from ``source`` (modules dark under 128 once normalised),
    glare from ``captured``; and how well the best orientation's function patterns match.

    ``halo``: ``source`` is deconvolved, so the modules around a glare patch are erased too —
    blur spread the patch's clipped light over them, and no deconvolution gives back what
    clipping took."""
    import cv2
    import numpy as np

    from ._qrclean import local_normalise

    n = 17 + 4 * version
    known, expected, _, _, _ = _layout(version)
    normal = _modules(local_normalise(source, 2.5), n)
    raw_all = _modules(captured, n)
    best = 0.0
    for turn in range(4):
        dark = np.rot90(normal, turn) < 128
        erased = _glare(np.rot90(raw_all, turn), dark)
        if halo and erased.any():
            erased = cv2.dilate(erased.view(np.uint8), np.ones((3, 3), np.uint8)).view(bool)
        seen = ~erased[known]  # a finder under glare is no evidence against this layout
        if seen.sum() < 0.5 * seen.size:
            continue
        match = float(np.mean((dark[known] == (expected == 1))[seen]))
        best = max(best, match)
        if match < _MIN_PATTERN_MATCH:
            continue
        text = _decode_modules(version, dark, erased)
        if text is not None:
            return text, match
    return None, best


def _decode_modules(version: int, dark: np.ndarray, erased: np.ndarray) -> str | None:
    import numpy as np
    from segno import consts, encoder

    _, _, (rows, cols), info, templates = _layout(version)
    seen = dark[info].astype(np.int16)
    # Glare over one copy of the format information leaves the other: compare what is visible.
    visible = ~erased[info]
    if visible.sum() < 15:
        return None
    (error, mask), distance = min(
        ((key, int(np.sum((template != seen) & visible))) for key, template in templates.items()),
        key=lambda item: item[1],
    )
    if distance > _MAX_FORMAT_DISTANCE:
        return None
    mask_fn = encoder.get_data_mask_functions(False)[mask]
    flip = np.array([bool(mask_fn(int(i), int(j))) for i, j in zip(rows, cols, strict=True)])
    bits = dark[rows, cols] ^ flip
    gone = erased[rows, cols]
    table: Any = consts.ECC  # segno types the table loosely
    blocks = table[version][error]
    total = sum(block.num_blocks * block.num_total for block in blocks)
    codewords = np.packbits(bits[: total * 8]).tolist()
    wiped = gone[: total * 8].reshape(total, 8).any(axis=1).tolist()
    data = _correct(blocks, codewords, wiped)
    if data is None:
        return None
    return _segments(data, version)


def _correct(blocks: Any, codewords: list[int], wiped: list[bool]) -> bytes | None:
    """De-interleave (ISO/IEC 18004 7.6) and RS-decode each block with its erasures."""
    from reedsolo import ReedSolomonError, RSCodec

    shapes = [(b.num_total - b.num_data, b.num_data) for b in blocks for _ in range(b.num_blocks)]
    data_parts: list[list[int]] = [[] for _ in shapes]
    data_gone: list[list[bool]] = [[] for _ in shapes]
    index = 0
    for k in range(max(d for _, d in shapes)):
        for b, (_, d) in enumerate(shapes):
            if k < d:
                data_parts[b].append(codewords[index])
                data_gone[b].append(wiped[index])
                index += 1
    nsym = shapes[0][0]
    ec_parts: list[list[int]] = [[] for _ in shapes]
    ec_gone: list[list[bool]] = [[] for _ in shapes]
    for _ in range(nsym):
        for b in range(len(shapes)):
            ec_parts[b].append(codewords[index])
            ec_gone[b].append(wiped[index])
            index += 1
    out = bytearray()
    codec = RSCodec(nsym, nsize=255, fcr=0, prim=0x11D, generator=2, c_exp=8)
    for b in range(len(shapes)):
        block = bytes(data_parts[b] + ec_parts[b])
        erasures = [i for i, gone in enumerate(data_gone[b] + ec_gone[b]) if gone]
        if len(erasures) > nsym - _MARGIN:
            return None
        try:
            message, _, errata = codec.decode(block, erase_pos=erasures or None)
        except ReedSolomonError:
            return None
        errors = len(set(errata) - set(erasures))
        if 2 * errors + len(erasures) > nsym - _MARGIN:
            return None
        out += bytes(message)
    return bytes(out)


def _segments(data: bytes, version: int) -> str | None:
    """The bit stream → ``]Q1``/``]Q2`` + hex of the content (ECI marked as zxing-cpp does), or
    None for anything but numeric/alphanumeric/byte/ECI segments ending in standard padding."""
    bits = "".join(f"{byte:08b}" for byte in data)
    pos = 0

    def take(count: int) -> int:
        nonlocal pos
        if pos + count > len(bits):
            raise ValueError("truncated")
        value = int(bits[pos : pos + count], 2)
        pos += count
        return value

    small = version <= 9
    out = bytearray()
    eci = False
    alnum = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
    try:
        while len(bits) - pos >= 4:
            mode = take(4)
            if mode == 0:
                break
            if mode == 1:  # numeric
                count = take(10 if small else 12)
                while count >= 3:
                    value = take(10)
                    if value > 999:
                        return None
                    out += f"{value:03d}".encode()
                    count -= 3
                if count:
                    value = take(7 if count == 2 else 4)
                    if value >= 10**count:
                        return None
                    out += f"{value:0{count}d}".encode()
            elif mode == 2:  # alphanumeric
                count = take(9 if small else 11)
                while count >= 2:
                    value = take(11)
                    if value >= 45 * 45:
                        return None
                    out += bytes((alnum[value // 45], alnum[value % 45]))
                    count -= 2
                if count:
                    value = take(6)
                    if value >= 45:
                        return None
                    out.append(alnum[value])
            elif mode == 4:  # byte
                count = take(8 if small else 16)
                for _ in range(count):
                    byte = take(8)
                    out += b"\\\\" if byte == 0x5C else bytes((byte,))
            elif mode == 7:  # ECI designator
                first = take(8)
                if first & 0x80 == 0:
                    number = first
                elif first & 0xC0 == 0x80:
                    number = ((first & 0x3F) << 8) | take(8)
                else:
                    return None
                eci = True
                out += f"\\{number:06d}".encode()
            else:
                return None
    except ValueError:
        return None
    # Terminator and padding (ISO/IEC 18004 7.4.9–7.4.10): zero bits to the byte, then EC 11 ….
    rest = bits[pos:]
    cut = (-pos) % 8
    if set(rest[:cut]) - {"0"}:
        return None
    tail = bytes(int(rest[k : k + 8], 2) for k in range(cut, len(rest) - 7, 8))
    if any(byte != _PAD[k % 2] for k, byte in enumerate(tail)):
        return None
    if not eci:
        out = out.replace(b"\\\\", b"\\")
    return ((b"]Q2" if eci else b"]Q1") + bytes(out)).hex()
