"""Build ``vi_words.txt`` from pyvi's dictionary (MIT, (c) 2016 Viet-Trung Tran).

    pip download pyvi==0.1.1 --no-deps -d /tmp/pyvi
    python build_words.py /tmp/pyvi/pyvi-0.1.1-py2.py3-none-any.whl

Every entry lower case and NFC, once, sorted; the licence notice is kept in the file's header.
"""

import sys
import unicodedata
import zipfile
from pathlib import Path

HEADER = """# Vietnamese words (lower case, NFC): the dictionary of pyvi 0.1.1, models/words.txt
# https://github.com/trungtv/pyvi - The MIT License (MIT), Copyright (c) 2016 Viet-Trung Tran.
# Permission is hereby granted, free of charge, to any person obtaining a copy of this software
# and associated documentation files (the "Software"), to deal in the Software without
# restriction, including without limitation the rights to use, copy, modify, merge, publish,
# distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the
# Software is furnished to do so, subject to the following conditions: The above copyright
# notice and this permission notice shall be included in all copies or substantial portions of
# the Software. THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND.
"""


def main(wheel: str) -> None:
    with zipfile.ZipFile(wheel) as archive:
        raw = archive.read("pyvi/models/words.txt").decode("utf-8")
    words = sorted({" ".join(unicodedata.normalize("NFC", line).lower().split())
                    for line in raw.splitlines() if line.strip()})
    out = Path(__file__).with_name("vi_words.txt")
    out.write_text(HEADER + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} words -> {out}")


if __name__ == "__main__":
    main(sys.argv[1])
