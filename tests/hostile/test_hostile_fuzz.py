"""Fuzzing in the repo (fast): the payload parser, the address matcher, the file importers, the
outbox manifest and the portal's answers, each fed mutated or arbitrary input. The long run is
``benchmarks/fuzz.py``."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scanstation.errors import ScanStationError
from scanstation.idcard.address import AMBIGUOUS, MATCHED, UNKNOWN, convert_address
from scanstation.idcard.payload import parse_payload
from scanstation.outbox.errors import OutboxInputError
from scanstation.outbox.freezing import describe_manifest
from scanstation.outbox.queue import Outbox
from scanstation.outbox.transports import receipt_id_problem
from scanstation.outbox.transports.http import _receipt_id
from scanstation.testing import cards, hostile
from scanstation.testing.fuzzing import (
    NASTY,
    TODAY,
    fuzz_files,
    fuzz_parser,
    mutate_payload,
    valid_card_payload,
)


def test_oracle_accepts_real_cards_and_refuses_known_bad_ones() -> None:
    rng = random.Random(3)
    people = [cards.invent_person(rng) for _ in range(300)]
    for person in people:
        assert valid_card_payload(person.payload()), person.payload()
        assert parse_payload(person.payload(), today=TODAY).ok
    good = people[0].payload()
    fields = good.split("|")
    for index, bad in [(0, "０" * 12), (2, "A\u202eB"), (5, "<b>x</b>"), (4, "nam"),
                       (3, "31022001"), (0, "999" + fields[0][3:])]:
        mutated = list(fields)
        mutated[index] = bad
        assert not valid_card_payload("|".join(mutated)), (index, bad)


def test_parser_mutations_no_crash_no_silent_accept() -> None:
    stats = fuzz_parser(4000, seed=11)
    assert stats.inputs == 4000
    assert stats.crashes == 0, stats.examples
    assert stats.silent_accepts == 0, stats.examples
    assert stats.refused > 1000 and stats.accepted > 300  # the mutations reach both sides


@settings(max_examples=200, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), index=st.integers(0, 99))
def test_parser_property_accept_implies_valid(seed: int, index: int) -> None:
    rng = random.Random(seed)
    text = mutate_payload(cards.invent_person(random.Random(index)).payload(), rng)
    result = parse_payload(text, today=TODAY)
    if result.ok:
        assert valid_card_payload(text), text


ADDRESS_PARTS = [*NASTY, ", ", "Hà Nội", "Phường 12"]


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=300),
                 st.lists(st.sampled_from(ADDRESS_PARTS), max_size=8).map("".join)))
def test_address_matcher_never_raises(text: str) -> None:
    result = convert_address(text)
    assert result.status in (MATCHED, AMBIGUOUS, UNKNOWN)
    json.dumps(result.to_json(0.0), ensure_ascii=False)


def test_file_mutations_never_crash() -> None:
    stats = fuzz_files(160, seed=5)
    assert stats.crashes == 0, stats.examples
    assert stats.refused > 20 and stats.accepted > 20


@pytest.fixture(scope="module")
def corpus() -> dict[str, bytes]:
    return hostile.seed_corpus()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), which=st.integers(0, 3))
def test_file_mutation_property(corpus: dict[str, bytes], seed: int, which: int) -> None:
    from scanstation import imaging

    name, data = sorted(corpus.items())[which]
    mutated = hostile.mutate(hostile.mutate(data, random.Random(seed)), random.Random(seed + 1))
    try:
        media_type, frames = imaging.probe(mutated, name)
        for index, frame in enumerate(frames[:3]):
            imaging.decode_frame(mutated, media_type, index, frame.dpi, name)
    except ScanStationError as error:
        assert error.message_vi and error.message_en


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=200).map(str.encode))
def test_manifest_description_never_raises(raw: bytes) -> None:
    described = describe_manifest(raw)
    assert set(described) == {"dossier_code", "procedure_code", "procedure_name"}


def test_a_mutated_manifest_is_refused_or_frozen(tmp_path: Path) -> None:
    rng = random.Random(9)
    manifest = json.dumps({"dossier_code": "000.00.53.H48-261123-0001",
                           "procedure": {"code": "2.000815", "name": "Cấp bản sao"}},
                          ensure_ascii=False).encode()
    with Outbox(tmp_path / "home") as outbox:
        for index in range(40):
            folder = tmp_path / f"hs{index}"
            folder.mkdir()
            (folder / "a.pdf").write_bytes(b"%PDF-1.7\n" + bytes([index]) + b"\n%%EOF\n")
            (folder / "manifest.json").write_bytes(hostile.mutate(manifest, rng))
            try:
                item = outbox.add_path(folder).item
            except OutboxInputError as error:
                assert "manifest.json" in error.message_en
            else:
                assert item.state == "queued"


@settings(max_examples=300, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
                    | st.text(max_size=300),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.sampled_from(["receipt_id", "x"]), inner, max_size=2),
                    max_leaves=6))
def test_portal_answers_are_typed(answer: object) -> None:
    body = json.dumps({"receipt_id": answer}).encode()
    value = _receipt_id(body)
    if value is not None and receipt_id_problem(value) is None:
        text = str(value)
        assert text.isascii() and text.isprintable() and " " not in text and len(text) <= 128
