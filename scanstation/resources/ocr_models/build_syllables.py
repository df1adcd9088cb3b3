"""Generate ``vi_syllables.txt``: every orthographically valid Vietnamese syllable.

Onsets × rhymes × tones, with the spelling and tone rules of Vietnamese orthography:
- c/k/q, g/gh, ng/ngh: ``k``, ``gh``, ``ngh`` before e, ê, i (y); ``c``, ``g``, ``ng`` elsewhere;
  ``qu`` only before a glide-less rhyme (qua, quân, quê, quy, quốc …);
- ``gi`` + a rhyme starting with i drops that i (gì, gìn, giếng);
- rhymes closed by p, t, c, ch take only the sắc and nặng tones;
- the tone mark sits on the vowel that carries a quality mark (ă â ê ô ơ ư; the second in iê/uô/ươ),
  else on the last vowel of a closed rhyme, else on the first of two / the middle of three vowels;
  oa, oe, uy in open syllables are written both ways (hòa/hoà, khỏe/khoẻ, thủy/thuỷ).

Run: ``python scanstation/resources/ocr_models/build_syllables.py`` (rewrites ``ocr_models/vi_syllables.txt``).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

ONSETS = ["", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
          "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x"]
RHYMES = [
    "a", "ac", "ach", "ai", "am", "an", "ang", "anh", "ao", "ap", "at", "au", "ay", "ăc", "ăm",
    "ăn", "ăng", "ăp", "ăt", "âc", "âm", "ân", "âng", "âp", "ât", "âu", "ây", "e", "ec", "em",
    "en", "eng", "eo", "ep", "et", "ê", "êch", "êm", "ên", "ênh", "êp", "êt", "êu", "i", "ia",
    "ich", "im", "in", "inh", "ip", "it", "iu", "iêc", "iêm", "iên", "iêng", "iêp", "iêt", "iêu",
    "o", "oa", "oac", "oach", "oai", "oam", "oan", "oang", "oanh", "oao", "oap", "oat", "oay",
    "oăc", "oăm", "oăn", "oăng", "oăt", "oc", "oe", "oen", "oeo", "oet", "oi", "om", "on", "ong",
    "ooc", "oong", "op", "ot", "ô", "ôc", "ôi", "ôm", "ôn", "ông", "ôp", "ôt", "ơ", "ơi", "ơm",
    "ơn", "ơp", "ơt", "u", "ua", "uân", "uâng", "uât", "uây", "uc", "uê", "uêch", "uênh", "ui",
    "um", "un", "ung", "uơ", "uôc", "uôi", "uôm", "uôn", "uông", "uôt", "up", "ut", "uy", "uya",
    "uych", "uyên", "uyêt", "uynh", "uyt", "uyu", "uyn", "ư", "ưa", "ưc", "ưi", "ưm", "ưn", "ưng",
    "ưt", "ưu", "ươc", "ươi", "ươm", "ươn", "ương", "ươp", "ươt", "ươu", "y", "yêm", "yên",
    "yêng", "yêt", "yêu",
]
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]  # ngang huyền sắc hỏi ngã nặng
VOWELS = set("aăâeêioôơuưy")
MARKED = set("ăâêôơư")
STOPS = ("p", "t", "c", "ch")
FRONT = ("e", "ê", "i", "y")


def tone_positions(rhyme: str) -> list[int]:
    vowels = []
    for index, ch in enumerate(rhyme):
        if ch in VOWELS:
            vowels.append(index)
        else:
            break
    if not vowels:
        return []
    closed = len(vowels) < len(rhyme)
    marked = [i for i in vowels if rhyme[i] in MARKED]
    if marked:
        return [marked[-1]]
    if closed or len(vowels) == 1:
        return [vowels[-1]]
    if len(vowels) == 2:
        if rhyme[:2] in ("oa", "oe", "uy"):
            return [vowels[1], vowels[0]]  # new style, old style
        return [vowels[0]]
    return [vowels[1]]


def onset_allowed(onset: str, rhyme: str) -> bool:
    first = rhyme[0]
    if onset in ("c", "g", "ng") and first in FRONT:
        return False
    if onset in ("k", "gh", "ngh") and first not in FRONT:
        return False
    if onset == "qu":
        glide_less = first in "aăâeêiyơô" and not rhyme.startswith(("ia", "iê"))
        return glide_less or rhyme.startswith("uy")
    return True


def spell(onset: str, rhyme: str) -> str:
    if onset == "qu" and rhyme.startswith("u"):
        return "q" + rhyme  # qu + uynh is written quynh
    if onset == "gi" and rhyme.startswith("i"):
        return "g" + rhyme
    if onset == "" and rhyme.startswith("y") is False and rhyme.startswith("iê"):
        return "y" + rhyme[1:]  # yên, yêu: a bare iê- rhyme is written yê-
    return onset + rhyme


def syllables() -> set[str]:
    out: set[str] = set()
    for rhyme in RHYMES:
        stop = rhyme.endswith(STOPS)
        for onset in ONSETS:
            if not onset_allowed(onset, rhyme):
                continue
            if rhyme.startswith("y") and rhyme != "y" and onset not in ("", "qu"):
                # y-initial rhymes (yêu, yên) stand alone; after a consonant the glide is i/uy
                continue
            base = spell(onset, rhyme)
            offset = len(base) - len(rhyme)
            for tone in TONES:
                if stop and tone not in ("\u0301", "\u0323"):
                    continue
                positions = tone_positions(rhyme) if tone else [None]
                for pos in positions:
                    if pos is None:
                        word = base
                    else:
                        i = pos + offset
                        if i < offset:
                            continue
                        word = base[: i + 1] + tone + base[i + 1:]
                    out.add(unicodedata.normalize("NFC", word))
    return out


def main() -> None:
    words = sorted(syllables())
    target = Path(__file__).with_name("vi_syllables.txt")
    header = ("# Vietnamese syllables (lower case, NFC), generated by "
              "scanstation/resources/ocr_models/build_syllables.py "
              "from onsets x rhymes x tones with orthographic rules\n")
    target.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} syllables -> {target}")


if __name__ == "__main__":
    main()
