"""The CLI's command tree: a call imports only the area of the command it names (start-up time
counts: checks call the CLI once per input), and that shortcut never hides a command."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import typer
from typer.main import get_command

from scanstation import cli


def _top_level(app: typer.Typer) -> set[str]:
    return set(get_command(app).commands)  # type: ignore[attr-defined]


def test_every_area_registers_exactly_the_words_mapped_to_it() -> None:
    for area in cli.AREAS:
        app = typer.Typer()
        app.callback()(lambda: None)
        importlib.import_module(f"scanstation.cli.{area}").register(app)
        mapped = {word for word, owner in cli.COMMAND_AREAS.items() if owner == area}
        assert _top_level(app) == mapped, area


def test_the_whole_tree_for_help_and_unknown_words() -> None:
    assert _top_level(cli.build_app([])) == set(cli.COMMAND_AREAS)
    assert _top_level(cli.build_app(["khong-co-lenh"])) == set(cli.COMMAND_AREAS)
    assert _top_level(cli.build_app(["ocr", "a.png", "-o", "b.pdf"])) == {"ocr", "check-pdfa"}
    assert _top_level(cli.build_app(["--help"])) == set(cli.COMMAND_AREAS)


def test_an_ocr_call_does_not_import_the_other_areas() -> None:
    code = ("import sys; sys.argv = ['scanstation', 'ocr', '--help']\n"
            "from scanstation import cli\n"
            "cli.QUICK_EXIT = frozenset()  # return here, to look at what was imported\n"
            "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith('scanstation.cli.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = out.stdout.strip().splitlines()[-1]
    assert "scanstation.cli.ocr" in loaded
    for other in ("batch", "capture", "dossier", "serve", "outbox"):
        assert f"scanstation.cli.{other}'" not in loaded, loaded


def test_a_call_that_is_done_leaves_quickly_with_its_code_and_all_its_output(
        tmp_path: Path) -> None:
    """A per-input command leaves without the interpreter's teardown (``QUICK_EXIT``): its exit
    code, its stdout and its bilingual error on stderr must all still arrive."""
    run = [sys.executable, "-m", "scanstation"]
    missing = subprocess.run([*run, "ocr", str(tmp_path / "khong-co.png"), "-o",
                              str(tmp_path / "out.pdf")], capture_output=True, text=True)
    assert missing.returncode == 3
    assert "Không tìm thấy tệp khong-co.png" in missing.stderr and "not found" in missing.stderr
    assert "Traceback" not in missing.stderr
    version = subprocess.run([*run, "version"], capture_output=True, text=True)
    assert version.returncode == 0 and version.stdout.strip()
    assert "version" in cli.QUICK_EXIT and "serve" not in cli.QUICK_EXIT
    assert "batch" not in cli.QUICK_EXIT  # a Dask cluster closes in an exit handler


def test_help_lists_every_command_and_unknown_is_refused() -> None:
    run = [sys.executable, "-m", "scanstation"]
    shown = subprocess.run([*run, "--help"], capture_output=True, text=True)
    assert shown.returncode == 0
    for word in ("ocr", "batch", "dossier", "serve", "idcard", "check-pdfa"):
        assert word in shown.stdout
    unknown = subprocess.run([*run, "khong-co-lenh"], capture_output=True, text=True)
    assert unknown.returncode == 2 and "Traceback" not in unknown.stderr


_THREADS_AFTER_NUMPY = (
    "import os, sys\n"
    "{before}\n"
    "import numpy, cv2\n"
    "print(os.environ.get('OPENBLAS_NUM_THREADS'), len(os.listdir('/proc/self/task')))"
)
_RUN_MAIN = ("sys.argv = ['scanstation', '--help']\n"
             "from scanstation.cli import main\n"
             "try:\n    main()\nexcept SystemExit:\n    pass")


def _threads(before: str, **env: str) -> tuple[str, int]:
    import os

    # every variable OpenBLAS reads (another test in this worker may have set one: the batch
    # executors set OMP_NUM_THREADS for their workers)
    chosen = {"OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS"}
    out = subprocess.run([sys.executable, "-c", _THREADS_AFTER_NUMPY.format(before=before)],
                         capture_output=True, text=True, check=True,
                         env={k: v for k, v in os.environ.items() if k not in chosen}
                         | env).stdout.split()
    return out[-2], int(out[-1])


def test_the_cli_keeps_openblas_to_one_thread_unless_the_user_chose() -> None:
    """NumPy's and OpenCV's OpenBLAS start a spinning thread per core at import: 0.1 CPU s a call
    that one-call-per-page scripts pay for nothing (issue 14)."""
    import os

    setting, with_main = _threads(_RUN_MAIN)
    assert setting == "1"
    if len(os.sched_getaffinity(0)) > 1:  # one core: OpenBLAS starts no extra thread anyway
        _unset, without = _threads("")
        assert with_main < without
    assert _threads(_RUN_MAIN, OPENBLAS_NUM_THREADS="2")[0] == "2"


_FREE_BIG_BLOCK = """
import sys
from scanstation.startup import keep_freed_memory
kept = keep_freed_memory() if sys.argv[1] == 'set' else None

def resident_kb():
    with open('/proc/self/status') as status:
        return next(int(line.split()[1]) for line in status if line.startswith('VmRSS:'))

before = resident_kb()
block = bytearray(64 << 20)  # zero-filled: every page touched
del block
print(kept, resident_kb() - before)
"""


def _freed_then_resident_kb(mode: str, **env: str) -> tuple[str, int]:
    import os

    chosen = ("MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_", "GLIBC_TUNABLES")
    out = subprocess.run([sys.executable, "-c", _FREE_BIG_BLOCK, mode], check=True,
                         capture_output=True, text=True,
                         env={k: v for k, v in os.environ.items() if k not in chosen}
                         | env).stdout.split()
    return out[-2], int(out[-1])


def test_a_one_shot_call_keeps_freed_memory_for_its_next_array() -> None:
    """Each page-sized array used to be mapped fresh and handed back when freed, so the next
    one faulted in and zeroed its pages again: 0.23 s of kernel time in a one-page OCR call
    (issue 14). A one-shot command keeps it; a long-lived process and a user's own malloc
    settings are left alone."""
    if not sys.platform.startswith("linux"):
        return
    kept, resident = _freed_then_resident_kb("set")
    assert kept == "True" and resident > 60_000  # the freed 64 MB is still there to reuse
    kept, resident = _freed_then_resident_kb("none")
    assert kept == "None" and resident < 8_000  # glibc's default: handed back at once
    assert _freed_then_resident_kb("set", GLIBC_TUNABLES="glibc.malloc.check=0")[0] == "False"


def test_only_the_one_shot_commands_keep_freed_memory(monkeypatch) -> None:
    """``main`` makes the setting before a one-shot command runs, and only then. The commands
    themselves are not run here: in-process they would leave a log handler on a captured
    stream and the umask behind for the rest of the session."""
    import pytest

    from scanstation import startup

    calls: list[str] = []
    monkeypatch.setattr(startup, "keep_freed_memory", lambda: calls.append("kept") or True)
    monkeypatch.setattr(cli, "_run", lambda argv: calls.append(" ".join(argv)))

    def leave(code: object) -> None:
        raise SystemExit(code)

    monkeypatch.setattr(cli, "_quick_exit", leave)
    monkeypatch.setattr(sys, "argv", ["scanstation", "version"])
    with pytest.raises(SystemExit):
        cli.main()
    assert calls == ["kept", "version"]
    calls.clear()
    monkeypatch.setattr(sys, "argv", ["scanstation", "batch", "--help"])
    cli.main()
    assert calls == ["batch --help"]
