"""No personal data from a card reaches the logs, even at DEBUG."""

from __future__ import annotations

import io
import logging

import numpy as np

from scanstation.idcard.reader import read_card
from scanstation.privacy import install_log_masking, mask_id
from scanstation.testing import cards as synthetic


def test_reading_cards_logs_no_personal_data() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    root = logging.getLogger("scanstation")
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    install_log_masking(root)
    try:
        samples = synthetic.card_set(99, 6)
        for sample in samples:
            read_card(np.asarray(sample.image.convert("L")))
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
    log = stream.getvalue()
    assert "citizen-ID QR read" in log  # something was logged, so the check below means something
    for sample in samples:
        person = sample.person
        assert person is not None
        for secret in (person.id_number, person.full_name, person.address, person.payload()):
            assert secret not in log
    # The masked form is what the officer's support staff see instead.
    assert any(mask_id(s.person.id_number) in log for s in samples if s.person)
