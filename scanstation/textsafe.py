"""Text from outside (QR payloads, file names, portal answers) made safe to print.

A terminal obeys escape sequences: ``ESC ] 0;title BEL`` renames the window, ``ESC [ 2 J`` clears
it, U+202E turns the rest of a line around, a newline in a file name forges an extra output line.
Plain-text output therefore shows every non-printable character as a visible escape
(``\\x1b``, ``\\u202e``, ``\\n``); Vietnamese letters and ordinary punctuation pass untouched.
"""

from __future__ import annotations

import unicodedata


def escape_controls(text: object) -> str:
    """``text`` with every non-printable code point replaced by its Python-style escape."""
    value = unicodedata.normalize("NFC", str(text))
    if value.isprintable():
        return value
    out: list[str] = []
    for ch in value:
        if ch.isprintable():
            out.append(ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x100:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) < 0x10000:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    return "".join(out)


def bounded(text: object, limit: int = 200) -> str:
    """``escape_controls`` cut to ``limit`` characters (with an ellipsis): for one output line."""
    value = escape_controls(text)
    return value if len(value) <= limit else value[: limit - 1] + "…"
