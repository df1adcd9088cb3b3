"""Hostile and damaged input files, generated (no file is checked in): the seed corpus of the
input-guard tests and of ``benchmarks/fuzz.py``."""

from __future__ import annotations

import io
import random
import struct
import zlib

from PIL import Image


def looping_pdf() -> bytes:
    """A PDF whose page tree loops (a Pages node is its own grandchild): PDFium fails on it."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
    ]
    return _pdf(objects)


def many_pages_pdf(pages: int) -> bytes:
    """A valid PDF of ``pages`` empty A4 pages (small: one shared page object per leaf)."""
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * pages
    return _pdf(objects)


def _pdf(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def page_image(width: int = 320, height: int = 240, seed: int = 0) -> Image.Image:
    """A small greyscale page with some structure (so truncation hits real image data)."""
    rng = random.Random(seed)
    img = Image.new("L", (width, height), 255)
    pixels = img.load()
    assert pixels is not None  # an image made in memory always loads
    for _ in range(width * height // 6):
        pixels[rng.randrange(width), rng.randrange(height)] = rng.randrange(256)
    return img


def encode(img: Image.Image, fmt: str, **params: object) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format=fmt, **params)
    return buf.getvalue()


def seed_corpus() -> dict[str, bytes]:
    """Valid files of every supported kind (the mutation fuzzer's seeds)."""
    img = page_image()
    pages = [page_image(200, 150, seed=i) for i in range(3)]
    tiff = io.BytesIO()
    pages[0].save(tiff, format="TIFF", save_all=True, append_images=pages[1:])
    pdf = io.BytesIO()
    img.convert("RGB").save(pdf, format="PDF", resolution=100.0)
    return {
        "page.png": encode(img, "PNG"),
        "page.jpg": encode(img, "JPEG", quality=80),
        "pages.tif": tiff.getvalue(),
        "page.pdf": pdf.getvalue(),
    }


def truncated(data: bytes, keep: float = 0.5) -> bytes:
    return data[: max(1, int(len(data) * keep))]


def tiff_with_pages(count: int, size: int = 4) -> bytes:
    """A multi-page TIFF of ``count`` tiny white frames sharing one strip, written by hand (the
    2,000-page TIFF of issue 17 in milliseconds; Pillow takes seconds to write it)."""
    strip = b"\xff" * (size * size)
    header = struct.pack("<2sHI", b"II", 42, 8 + len(strip))
    out = bytearray(header[:4] + struct.pack("<I", 8) + strip)
    strip_offset = 8
    # 8-bit greyscale, uncompressed: width, length, bits, compression, photometric, strip
    # offsets, rows per strip, strip byte counts
    tags = [(256, 3, size), (257, 3, size), (258, 3, 8), (259, 3, 1), (262, 3, 1),
            (273, 4, strip_offset), (278, 3, size), (279, 4, len(strip))]
    ifd_size = 2 + 12 * len(tags) + 4
    first = len(out)
    out[4:8] = struct.pack("<I", first)
    for index in range(count):
        here = first + index * ifd_size
        following = here + ifd_size if index + 1 < count else 0
        out += struct.pack("<H", len(tags))
        for tag, kind, value in tags:
            out += struct.pack("<HHII", tag, kind, 1, value) if kind == 4 else \
                struct.pack("<HHIHH", tag, kind, 1, value, 0)
        out += struct.pack("<I", following)
    return bytes(out)


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header announces ``width × height`` with (almost) no pixel data: a bomb."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One random mutation: flip bytes, cut, duplicate or splice a run (a dumb fuzzer's moves)."""
    buf = bytearray(data)
    move = rng.randrange(5)
    if move == 0 and buf:
        for _ in range(rng.randint(1, 8)):
            buf[rng.randrange(len(buf))] = rng.randrange(256)
    elif move == 1 and buf:
        del buf[rng.randrange(len(buf)):]
    elif move == 2 and buf:
        start = rng.randrange(len(buf))
        buf[start:start] = buf[start:start + rng.randint(1, 256)]
    elif move == 3 and buf:
        start = rng.randrange(len(buf))
        del buf[start:start + rng.randint(1, 64)]
    else:
        interesting = [b"\xff\xff\xff\xff", b"\x00\x00\x00\x00", b"\x7f\xff\xff\xff", b"-1",
                       b"999999999", b"R", b"obj", b"/Count 99999"]
        at = rng.randrange(len(buf) + 1)
        token = rng.choice(interesting)
        buf[at:at + len(token)] = token
    return bytes(buf)
