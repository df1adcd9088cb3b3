"""Several processes opening one brand-new database at the same moment (the app and its helper
processes on a fresh workspace) all get in: none sees "database is locked"."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from scanstation.database import Database


def _open_and_write(path: str, barrier, errors) -> None:
    barrier.wait()
    try:
        db = Database(Path(path))
        db.executescript("CREATE TABLE IF NOT EXISTS t (pid INTEGER)")
        with db.transaction() as conn:
            conn.execute("INSERT INTO t VALUES (?)", (multiprocessing.current_process().pid,))
        db.close()
    except Exception as exc:
        errors.put(f"{type(exc).__name__}: {exc}")


def test_processes_opening_a_new_database_together_all_get_in(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("fork")
    processes_per_round, rounds = 6, 8
    for round_ in range(rounds):
        path = tmp_path / f"r{round_}.sqlite"
        barrier, errors = ctx.Barrier(processes_per_round), ctx.Queue()
        procs = [ctx.Process(target=_open_and_write, args=(str(path), barrier, errors))
                 for _ in range(processes_per_round)]
        for proc in procs:
            proc.start()
        for proc in procs:
            proc.join(60)
        failures = []
        while not errors.empty():
            failures.append(errors.get())
        assert not failures, failures
        db = Database(path)
        assert db.connection().execute("SELECT count(*) FROM t").fetchone()[0] == processes_per_round
        assert db.connection().execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        db.close()
