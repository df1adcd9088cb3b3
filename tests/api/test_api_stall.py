"""The station's window stays responsive while a web page uses it: with the window and the local
API in one process (as the app runs them), a page's scan runs over the API and, while it runs,
200 concurrent status requests arrive, each on its own connection; every one is answered 200,
and a 5 ms QTimer on the Qt thread never waits more than a second between ticks.

A functional bound, like tests/ui/test_ui_stall.py: the request threads and the scan share this
process's GIL with the Qt thread, so a server that did its work through the event loop (or held
the GIL across a request) would break it. The figures (p50/p99/longest gap, API use beside an
idle loop) come from ``benchmarks/ui_stall.py --api``."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ui"))

from ui_helpers import StallProbe

from scanstation.testing.api_load import ApiLoad, pair_approved

pytestmark = pytest.mark.qt

FUNCTIONAL_BOUND_MS = 1000.0
BURST = 200
ORIGIN = "https://dichvucong.example.gov.vn"


def test_window_ticks_while_200_status_requests_meet_a_scan(qtbot: Any, station: Any,
                                                            home: Path) -> None:
    _window, panel = station
    token = pair_approved(panel.server.url, ORIGIN, home)
    load = ApiLoad(panel.server.url, ORIGIN, token, pages=3, burst=BURST)
    probe = StallProbe()
    probe.start()
    threading.Thread(target=load.run, name="page-load", daemon=True).start()
    qtbot.waitUntil(load.done.is_set, timeout=180_000)
    probe.stop()

    result = load.result
    assert not result.error, result.error
    assert result.statuses == [200] * BURST
    assert result.busy > 0, "the burst did not meet the running scan"
    assert result.events[-1] == "done" and result.events.count("cleaned") == 3
    # the window showed a page was using it, from the server's threads through the event loop
    assert panel.indicator.isVisible() and ORIGIN in panel.indicator.text()
    assert len(probe.gaps) > 50  # the probe really ticked through the load
    assert probe.longest_raw_ms <= FUNCTIONAL_BOUND_MS, (
        f"the Qt thread was blocked {probe.longest_raw_ms:.0f} ms while the API was in use")
