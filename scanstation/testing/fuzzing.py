"""Fuzzing kit: mutations of citizen-ID payloads and input files, and an independent oracle of
what a valid card payload is, so a run can count *silent accepts* (the parser answered "ok, no
warning" for a payload the specification calls invalid) as well as crashes.

Used by the fast Hypothesis tests (``tests/hostile``) and the long run (``benchmarks/fuzz.py``).
The oracle is written from ``shared/cccd_qr.md`` §2 and §5, not from ``payload.py``.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from scanstation.idcard import idnumber
from scanstation.idcard.payload import parse_payload
from scanstation.testing import cards, hostile

TODAY = dt.date(2026, 12, 3)
CAN_CUOC_START = dt.date(2024, 7, 1)

# What hostile inputs are made of (issue 17's list, and then some).
NASTY = [
    "０", "１", "٣", "۴", "७", "๕", "\x00", "\t", "\n", "\r", "\x1b]0;pwned\x07", "\x1b[2J", "\x85",
    "\x9b", "\u202e", "\u200b", "\u2066", "\ufeff", "\u0378", "\U000e0001", "\ue000", "\u00a0",
    "<script>alert(1)</script>", "&amp;", "'; DROP TABLE x;--", "|", "||", "%s", "{0}", "\\",
    "Ω", "ß", "ﬁ", "e\u0301", "А", "中", "🙂", "\u2028", "A" * 5000,
]
INTERESTING_TEXT = ["Nam", "Nữ", "nam", "", " ", "00000000", "31022001", "29022000",
                    "999999999999", "000000000000", "12345678", "01012099"]


def _date(text: str) -> dt.date | None:
    if len(text) != 8 or not all("0" <= c <= "9" for c in text):
        return None
    try:
        return dt.date(int(text[4:]), int(text[2:4]), int(text[:2]))
    except ValueError:
        return None


def _latin_word_chars(text: str, extra: str) -> bool:
    for ch in text:
        if ch in extra:
            continue
        if not ch.isalpha() or not unicodedata.name(ch, "").startswith("LATIN"):
            return False
    return True


def valid_card_payload(text: str, today: dt.date = TODAY) -> bool:
    """The specification: would a genuine, undamaged card produce this QR text?"""
    body = text.rstrip("\r\n\x00")
    if not body.isprintable() or not unicodedata.is_normalized("NFC", body):
        return False
    fields = body.split("|")
    if len(fields) not in (7, 11):
        return False
    id_number, old_id, name, dob_raw, sex, address, issue_raw = (f.strip() for f in fields[:7])
    if len(id_number) != 12 or not all("0" <= c <= "9" for c in id_number):
        return False
    if old_id and (len(old_id) not in (9, 12) or not all("0" <= c <= "9" for c in old_id)):
        return False
    if not name or len(name) > 100 or not _latin_word_chars(name, " -.'"):
        return False
    if sex not in ("Nam", "Nữ"):
        return False
    if not address or len(address) > 300 or any(
        not (c in " ,./-()'&#:;" or "0" <= c <= "9") and not _latin_word_chars(c, "")
        for c in address
    ):
        return False
    dob, issue = _date(dob_raw), _date(issue_raw)
    if dob is None or issue is None or dob > today or issue > today or issue < dob:
        return False
    if (len(fields) == 11) != (issue >= CAN_CUOC_START):
        return False
    if id_number[:3] not in idnumber.PROVINCE_CODES:
        return False
    century = int(id_number[3])
    if 1900 + 100 * (century // 2) + int(id_number[4:6]) != dob.year:
        return False
    if ("Nữ" if century % 2 else "Nam") != sex:
        return False
    return all(not f.strip() or (len(f) <= 100 and _latin_word_chars(f.strip(), " -.'"))
               for f in fields[7:])


def mutate_payload(payload: str, rng: random.Random) -> str:
    """One to three random edits: a nasty string spliced in, a character dropped or replaced,
    fields swapped, added or removed, a digit changed."""
    text = payload
    for _ in range(rng.randint(1, 3)):
        move = rng.randrange(7)
        at = rng.randrange(len(text) + 1)
        if move == 0:
            text = text[:at] + rng.choice(NASTY) + text[at:]
        elif move == 1 and text:
            text = text[:at] + text[at + 1:]
        elif move == 2 and text:
            text = text[:at] + chr(rng.choice([rng.randrange(32, 127), rng.randrange(0x80, 0x3000),
                                               rng.randrange(0xE000, 0x10FFFF)])) + text[at + 1:]
        elif move == 3:
            fields = text.split("|")
            i, j = rng.randrange(len(fields)), rng.randrange(len(fields))
            fields[i], fields[j] = fields[j], fields[i]
            text = "|".join(fields)
        elif move == 4:
            fields = text.split("|")
            fields[rng.randrange(len(fields))] = rng.choice(INTERESTING_TEXT + NASTY)
            text = "|".join(fields)
        elif move == 5:
            digits = [i for i, c in enumerate(text) if c.isdigit()]
            if digits:
                i = rng.choice(digits)
                text = text[:i] + str(rng.randrange(10)) + text[i + 1:]
        else:
            text = text + "|" * rng.randint(1, 4) if rng.random() < 0.5 else text.rsplit("|", 1)[0]
    if rng.random() < 0.05:
        text = unicodedata.normalize("NFD", text)
    return text


@dataclass
class FuzzStats:
    inputs: int = 0
    crashes: int = 0
    silent_accepts: int = 0
    accepted: int = 0
    warned: int = 0
    refused: int = 0
    examples: list[str] = field(default_factory=list)

    def note(self, example: str) -> None:
        if len(self.examples) < 5:
            self.examples.append(example[:200])


def fuzz_parser(count: int, seed: int = 0) -> FuzzStats:
    """``count`` mutated payloads through ``parse_payload``."""
    rng = random.Random(seed)
    seeds = [cards.invent_person(rng).payload() for _ in range(200)]
    stats = FuzzStats()
    for index in range(count):
        text = mutate_payload(seeds[index % len(seeds)], rng) if index % 10 else seeds[
            index % len(seeds)]
        stats.inputs += 1
        try:
            result = parse_payload(text, today=TODAY)
        except Exception as exc:  # counted, not raised: the run goes on
            stats.crashes += 1
            stats.note(f"{type(exc).__name__}: {text!r}")
            continue
        if result.applicant is None:
            stats.refused += 1
        elif result.warnings:
            stats.warned += 1
        else:
            stats.accepted += 1
            if not valid_card_payload(text):
                stats.silent_accepts += 1
                stats.note(repr(text))
    return stats


def fuzz_files(count: int, seed: int = 0,
               check: Callable[[bytes, str], None] | None = None) -> FuzzStats:
    """``count`` mutations of the seed corpus through the input guard (probe + decode every
    frame). A crash is any exception that is not one of ScanStation's bilingual errors."""
    from scanstation import imaging
    from scanstation.errors import ScanStationError

    def default_check(data: bytes, name: str) -> None:
        media_type, frames = imaging.probe(data, name)
        for index, frame in enumerate(frames[:4]):
            imaging.decode_frame(data, media_type, index, frame.dpi, name)

    run = check or default_check
    rng = random.Random(seed)
    corpus = list(hostile.seed_corpus().items())
    stats = FuzzStats()
    for index in range(count):
        name, data = corpus[index % len(corpus)]
        mutated = hostile.mutate(data, rng)
        stats.inputs += 1
        try:
            run(mutated, name)
        except ScanStationError:
            stats.refused += 1
        except Exception as exc:
            stats.crashes += 1
            stats.note(f"{name}: {type(exc).__name__}: {exc}")
        else:
            stats.accepted += 1
    return stats
