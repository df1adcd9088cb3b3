"""A burst of frames of one resting card (a document camera's): frames that each lose the QR to
sensor noise are read together, and a burst that shows two different cards is refused."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PIL import Image

from scanstation.idcard.burst import read_burst
from scanstation.idcard.reader import read_card
from scanstation.testing import card_hard
from scanstation.testing.cards import invent_person, render_card


def test_noisy_frames_lost_alone_are_read_together() -> None:
    """Dim light (σ ≈ 54 grey levels of noise per frame): no single frame is read through the
    whole cascade, the median of five aligned frames is, and never as another person."""
    singles = bursts = 0
    for index in range(4):
        sample, frames = card_hard.dim_burst(index, 5, exposure=0.05, noise=4.5)
        for frame in frames[:2]:
            single = read_card(frame).result.applicant
            assert single is None or single.id_number == sample.person.id_number
            singles += single is not None
        card = read_burst(frames)
        applicant = card.result.applicant
        assert applicant is None or applicant.id_number == sample.person.id_number  # no silent
        if applicant is not None:
            bursts += 1
            assert card.stage is not None and card.stage.startswith("burst-")
    assert singles <= 2, singles  # of 8 frames: noise this strong defeats a frame alone
    assert bursts >= 3, bursts


def test_a_burst_showing_two_cards_is_refused() -> None:
    import random

    import numpy as np

    frames = []
    for seed in (3, 4):
        person = invent_person(random.Random(seed))
        card = np.asarray(render_card(person, 3.0, random.Random(seed)).convert("L"))
        frames += [card, card]
    result = read_burst(frames).result
    assert result.applicant is None and result.reason == "several_citizen_qr"


def test_the_cli_reads_a_burst_as_one_card(tmp_path: Path) -> None:
    sample, frames = card_hard.dim_burst(1, 5, exposure=0.05, noise=4.5)
    paths = []
    for number, frame in enumerate(frames):
        path = tmp_path / f"frame-{number}.jpg"
        Image.fromarray(frame).save(path, quality=95)
        paths.append(str(path))
    exe = str(Path(sys.executable).with_name("scanstation"))
    env = dict(os.environ, SCANSTATION_HOME=str(tmp_path / "home"))
    run = subprocess.run([exe, "idcard", *paths, "--burst", "--json", "--no-address"],
                         capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    (record,) = [json.loads(line) for line in run.stdout.splitlines()]
    assert record["frames"] == 5 and record["frames_read"] == 5
    assert record["applicant"]["id_number"] == sample.person.id_number
    assert "Traceback" not in run.stderr
    gone = subprocess.run([exe, "idcard", str(tmp_path / "none.jpg"), "--burst"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert gone.returncode == 3 and "Traceback" not in gone.stderr + gone.stdout
