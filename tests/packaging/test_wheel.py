"""The wheel works installed: built like ``make wheel``, installed into a fresh venv, and run from a
folder outside the checkout — the CLI (``ocr``, ``idcard``, ``dossier``) and the station window
offscreen. Everything it needs (procedures, schemas, translations, the address index, the OCR
word models, the samples) must come from the installed package data.

One venv for the whole run (building it is most of the time): see ``packaging_kit.py``."""

from __future__ import annotations

import json
import random
import textwrap
from pathlib import Path

from packaging_kit import Installed, installed_fixture, wheel_fixture  # noqa: F401 (fixtures)
from rapidfuzz.distance import Levenshtein

from scanstation.testing import cards
from scanstation.testing.pages import render_page

ROOT = Path(__file__).resolve().parents[2]
PROCEDURES = sorted((ROOT / "scanstation" / "resources" / "procedures").glob("[0-9]*.json"))


def test_package_and_resources_come_from_the_venv(installed: Installed, tmp_path: Path) -> None:
    probe = textwrap.dedent("""
        import importlib.util, json, scanstation
        from scanstation.paths import resource
        names = ["procedures/1.001193.json", "procedures/procedure.schema.json",
                 "schemas/manifest.schema.json", "i18n/scanstation_vi.qm",
                 "address/address_index.json", "ocr_models/vi_syllables.txt",
                 "textlayer/glyphless.ttf", "samples"]
        print(json.dumps({"package": scanstation.__file__,
                          "testing": importlib.util.find_spec("scanstation.testing") is not None,
                          "resources": {n: str(resource(*n.split("/"))) for n in names},
                          "exist": [resource(*n.split("/")).exists() for n in names],
                          "samples": sorted(p.name for p in resource("samples").iterdir())}))
    """)
    proc = installed.run([installed.bin("python"), "-c", probe], tmp_path)
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout)
    site = installed.venv.resolve()
    assert Path(found["package"]).resolve().is_relative_to(site)
    assert found["testing"] is False, "the test kit must not ship in the wheel"
    assert all(found["exist"]), found["resources"]
    assert all(Path(p).resolve().is_relative_to(site) for p in found["resources"].values())
    # the sample pages `scanstation-app --headless` runs through (no display: `make run`)
    assert found["samples"] == ["01-to-khai-xoay-nghieng.jpg", "02-cong-van-vien-den.jpg",
                                "03-bang-chup-dien-thoai.jpg", "04-mat-sau-trang.jpg"]
    assert (installed.venv / "bin" / "scanstation-app").exists()


def test_ocr_from_the_installed_command(installed: Installed, tmp_path: Path) -> None:
    page = render_page("form", seed=11, dpi=200)
    image = tmp_path / "trang.png"
    page.image.save(image, dpi=(page.dpi, page.dpi))
    out, sidecar = tmp_path / "out.pdf", tmp_path / "out.txt"
    proc = installed.run(["scanstation", "ocr", str(image), "-o", str(out), "--sidecar",
                          str(sidecar), "--json"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    assert summary["pages"] == 1 and summary["pdfa_ok"] is True
    assert out.read_bytes().startswith(b"%PDF")
    truth = "\n".join(page.lines)
    text = sidecar.read_text(encoding="utf-8")
    # the generated page's own text, read back with its diacritics
    assert Levenshtein.normalized_similarity(truth, text) > 0.85, text


def test_idcard_from_the_installed_command(installed: Installed, tmp_path: Path) -> None:
    rng = random.Random(2026)
    person = cards.invent_person(rng, cards.CARD_2024)
    image = tmp_path / "the.png"
    cards.render_card(person, 3.0, rng).save(image)
    proc = installed.run(["scanstation", "idcard", str(image), "--json"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    record = json.loads(proc.stdout)
    applicant = record["applicant"]
    assert {k: applicant[k] for k in person.expected()} == person.expected()
    # the address index is package data: the conversion to the 2025 ward ran
    assert applicant["address_new"]["status"] in ("matched", "ambiguous", "unchanged", "no_match")


def test_dossier_from_the_installed_command(installed: Installed, tmp_path: Path) -> None:
    home = tmp_path / "home"
    agency = {"SCANSTATION_AGENCY_CODE": "000.00.53.H48"}
    listed = installed.run(["scanstation", "dossier", "procedures", "--json"], home, **agency)
    assert listed.returncode == 0, listed.stderr
    codes = [json.loads(line)["code"] for line in listed.stdout.splitlines()]
    assert sorted(codes) == sorted(p.stem for p in PROCEDURES)

    new = installed.run(["scanstation", "dossier", "new", "-p", "1.001193", "--json"], home,
                        **agency)
    assert new.returncode == 0, new.stderr
    dossier_id = json.loads(new.stdout)["dossier_id"]
    page = render_page("form", seed=12, dpi=150)
    image = tmp_path / "to-khai.png"
    page.image.save(image, dpi=(page.dpi, page.dpi))
    add = installed.run(["scanstation", "dossier", "add", dossier_id, "-d", "to-khai", "--json",
                         str(image)], home, **agency)
    assert add.returncode == 0, add.stderr
    assert json.loads(add.stdout)["pages"] == 1
    out = tmp_path / "built"
    build = installed.run(["scanstation", "dossier", "build", dossier_id, "-o", str(out),
                           "--allow-incomplete", "--reason", "giấy chứng sinh nộp sau",
                           "--json"], home, **agency)
    assert build.returncode == 0, build.stderr
    assert json.loads(build.stdout)["files"] == ["01-to-khai-dang-ky-khai-sinh.pdf"]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["dossier_id"] == dossier_id and len(manifest["documents"]) == 1
    check = installed.run(["scanstation", "dossier", "check", str(out)], home, **agency)
    assert check.returncode == 0, check.stdout + check.stderr


WINDOW = textwrap.dedent("""
    import sys
    from pathlib import Path
    from PySide6.QtCore import QThreadPool
    from scanstation.ui.app import make_application
    from scanstation.ui.i18n import install_translator
    from scanstation.ui.settings import StationSettings
    from scanstation.ui.station_window import StationWindow
    from scanstation.workspace import Workspace

    app = make_application()
    assert install_translator(app, "vi"), "the Vietnamese .qm is not in the package"
    workspace = Workspace(Path(sys.argv[1]))
    window = StationWindow(workspace, settings=StationSettings(workspace.home), start_sender=False)
    window.show()
    app.processEvents()
    print(window.windowTitle())
    window.close()
    QThreadPool.globalInstance().waitForDone(60_000)
    app.processEvents()
    workspace.close()
""")


def test_station_window_offscreen(installed: Installed, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    proc = installed.run([installed.bin("python"), "-c", WINDOW, str(home)], home,
                         QT_QPA_PLATFORM="offscreen", SCANSTATION_LANG="vi")
    assert proc.returncode == 0, proc.stderr
    assert "trạm số hóa" in proc.stdout  # the title, translated from the shipped .qm
    assert "Traceback" not in proc.stderr
