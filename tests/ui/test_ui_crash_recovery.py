"""Crash recovery: a real process builds a dossier through ``DossierSession`` (the same calls the
counter makes), commits pages, and is killed with SIGKILL while it is adding more. The next
station window on the same SCANSTATION_HOME offers the unfinished dossier with every committed
page, and the counter resumes it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from scanstation.testing import pages as synthetic
from scanstation.ui.settings import StationSettings
from scanstation.ui.station_window import StationWindow
from scanstation.workspace import Workspace

CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from scanstation.dossier.session import DossierSession

    home, first, second = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    session = DossierSession(home)
    dossier = session.new("2.000815")
    print("dossier", dossier.id, flush=True)
    ids = session.add_files("ban-chinh", [first], clean=False)
    print("committed", *ids, flush=True)
    while True:  # keep working until killed: more pages, again and again
        added = session.add_files("ban-sao", [second], clean=True)
        print("added", *added, flush=True)
""")


def _descendants(pid: int) -> set[int]:
    """Every live process below ``pid`` (helpers, their forkserver, OCR workers), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_killed_session_is_offered_back_with_all_its_pages(qtbot, tmp_path: Path, home: Path,
                                                           monkeypatch: pytest.MonkeyPatch):
    from PySide6.QtWidgets import QMessageBox

    first, second = tmp_path / "a.png", tmp_path / "b.png"
    for seed, path in ((1, first), (2, second)):
        synthetic.render_page("sparse", seed=seed, dpi=100).image.save(path, dpi=(100, 100))
    env = {**os.environ, "SCANSTATION_HOME": str(home)}
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(home), str(first), str(second)],
                            stdout=subprocess.PIPE, text=True, env=env)
    try:
        dossier_id = proc.stdout.readline().split()[1]  # type: ignore[union-attr]
        committed = proc.stdout.readline().split()[1:]  # type: ignore[union-attr]
        assert committed
        for _ in range(2):  # let it get well into the next imports: two more pages land
            assert proc.stdout.readline().startswith("added")  # type: ignore[union-attr]
        assert proc.poll() is None, "the child must still be working when it is killed"
        helpers = _descendants(proc.pid)
        assert helpers, "the session works through helper processes"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(30)
    assert proc.returncode == -signal.SIGKILL

    from scanstation.dossier.store import DossierStore

    def pages_on_disk() -> list[str]:
        """Every page captured into the dossier's batch, assigned to a component or not yet
        (a kill between an import's commit and the dossier's save leaves one unassigned)."""
        with Workspace(home) as ws:
            return [p.id for p in ws.pages(dossier_id)]

    # the app's helper processes die with it (lifeline), so nothing is written after the kill
    deadline = time.monotonic() + 30  # a hang guard, not a latency figure
    while any(_alive(pid) for pid in helpers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in helpers), "helpers outlived the killed station"
    pages_before = pages_on_disk()
    assert set(committed) <= set(pages_before)

    asked: list[str] = []

    def answer_yes(parent, title, text, *args):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer_yes)
    workspace = Workspace(home)
    window = StationWindow(workspace, settings=StationSettings(home), start_sender=False)
    qtbot.addWidget(window)
    window.show()
    assert window.offer_recovery() == dossier_id
    assert len(asked) == 1 and dossier_id in asked[0]
    assert f"({len(pages_before)} " in asked[0]  # the offer counts every page

    counter = window.counter
    assert window.session.dossier is not None and window.session.dossier.id == dossier_id
    assert counter.pages.rowCount() == len(pages_before)
    shown = {counter.pages.page(r).id for r in range(counter.pages.rowCount())}
    assert shown == set(pages_before)
    for page_id in pages_before:  # every page renders from its original: nothing half-written
        assert workspace.render_path(workspace.page(page_id)).stat().st_size > 0
    assert counter.build_action.isEnabled()  # the counter carries on with the resumed dossier
    assert window.session.checklist().total_pages == len(pages_before)
    with DossierStore(home) as store:  # cut-off pages now belong to a component
        resumed = store.get(dossier_id)
    assert sorted(p for d in resumed.documents.values() for p in d.page_ids) == sorted(pages_before)
    window.close()
    workspace.close()
