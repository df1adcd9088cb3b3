"""``dossier build`` names missing documents in plain Vietnamese before any work, and builds an
incomplete dossier only with ``--allow-incomplete --reason``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PLAIN = "Giấy chứng sinh hoặc Văn bản của người làm chứng xác nhận về việc sinh"


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scanstation", *args], capture_output=True,
                          text=True, env=env, timeout=300, stdin=subprocess.DEVNULL)


def test_incomplete_build_needs_reason_and_keeps_it(home: Path, page_images, tmp_path) -> None:
    env = dict(os.environ, SCANSTATION_HOME=str(home), SCANSTATION_AGENCY_CODE="000.00.53.H48",
               SCANSTATION_STATION_NUMBER="2")
    dossier_id = run(["dossier", "new", "-p", "1.001193"], env).stdout.strip()
    assert dossier_id.endswith("-2001")  # this counter's own block of the day
    add = run(["dossier", "add", dossier_id, "-d", "to-khai", "--no-clean",
               str(page_images[0][0])], env)
    assert add.returncode == 0, add.stderr

    status = run(["dossier", "status", dossier_id], env)
    assert f"Còn thiếu: {PLAIN}" in status.stdout
    assert json.loads(run(["dossier", "status", dossier_id, "--json"], env).stdout)[
        "missing_names"] == [PLAIN]

    out = tmp_path / "out"
    # refused before any PIN is asked for: the PIN variable is not even set
    refused = run(["dossier", "build", dossier_id, "-o", str(out), "--pkcs12",
                   str(tmp_path / "none.p12"), "--pin-env", "NO_SUCH_PIN_VAR"], env)
    assert refused.returncode == 2
    assert PLAIN in refused.stderr and "Birth certificate from the hospital" in refused.stderr
    assert "giay-chung-sinh" not in refused.stderr and "NO_SUCH_PIN_VAR" not in refused.stderr
    assert "Traceback" not in refused.stderr

    no_reason = run(["dossier", "build", dossier_id, "-o", str(out), "--allow-incomplete"], env)
    assert no_reason.returncode == 2
    assert "--reason" in no_reason.stderr and "Traceback" not in no_reason.stderr
    assert not out.exists()

    built = run(["dossier", "build", dossier_id, "-o", str(out), "--allow-incomplete",
                 "--reason", "Công dân nộp bổ sung sau", "--json"], env)
    assert built.returncode == 0, built.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["checklist"]["incomplete_reason"] == "Công dân nộp bổ sung sau"
    assert manifest["checklist"]["missing_names"] == [PLAIN]
    station_id = json.loads((home / "station.json").read_text(encoding="utf-8"))["station_id"]
    assert manifest["station"] == {"number": 2, "id": station_id}
    assert run(["dossier", "check", str(out)], env).returncode == 0
