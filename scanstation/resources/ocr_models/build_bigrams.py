"""Build ``vie_bigrams.txt.gz``: the word pairs of Tesseract's legacy Vietnamese model.

    npm pack @tesseract.js-data/vie@1.0.0     # or tessdata's vie.traineddata from GitHub
    tar xzf tesseract.js-data-vie-1.0.0.tgz && gunzip package/4.0.0/vie.traineddata.gz
    python build_bigrams.py package/4.0.0/vie.traineddata

The model (tessdata 4.0.0, "best2int20180322", Apache-2.0) keeps, beside its word list, a
*bigram DAWG*: 263,665 pairs of words seen next to each other in its training text (web pages).
For Vietnamese a "word" is a syllable, so the pairs are phrases: "kể từ", "số tiền", "có tính",
"cấp tỉnh" are in it; "kết quá", "sứ dụng", "chú trì" are not. Kept: the pairs of two valid
syllables, lower case, NFC, once, sorted (166,084). Unpacked with Tesseract's own tools
(``combine_tessdata``, ``dawg2wordlist``, in Debian's tesseract-ocr).
"""

import gzip
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

HEADER = """# Vietnamese syllable pairs (lower case, NFC): the bigram DAWG of Tesseract's legacy
# Vietnamese model (tessdata 4.0.0 vie.traineddata, best2int20180322), pairs of two valid
# syllables only. https://github.com/tesseract-ocr/tessdata - Apache License 2.0,
# Copyright Google and the Tesseract OCR contributors. Built by build_bigrams.py.
"""


def main(traineddata: str) -> None:
    here = Path(__file__).parent
    valid = set(here.joinpath("vi_syllables.txt").read_text("utf-8").split())
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["combine_tessdata", "-u", traineddata, f"{tmp}/vie."], check=True,
                       capture_output=True)
        subprocess.run(["dawg2wordlist", f"{tmp}/vie.unicharset", f"{tmp}/vie.bigram-dawg",
                        f"{tmp}/bigrams.txt"], check=True, capture_output=True)
        raw = Path(tmp, "bigrams.txt").read_text("utf-8")
    pairs = set()
    for line in raw.splitlines():
        parts = unicodedata.normalize("NFC", line).lower().split()
        if len(parts) == 2 and all(p in valid for p in parts):
            pairs.add(" ".join(parts))
    out = here / "vie_bigrams.txt.gz"
    data = (HEADER + "\n".join(sorted(pairs)) + "\n").encode("utf-8")
    out.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    print(f"{len(raw.splitlines())} pairs, {len(pairs)} kept -> {out}")


if __name__ == "__main__":
    main(sys.argv[1])
