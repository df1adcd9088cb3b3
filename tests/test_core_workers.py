"""The app's worker processes start with ``spawn`` as well as ``forkserver`` (Windows and macOS
have no fork): a child Python with SCANSTATION_START_METHOD=spawn imports and cleans a page in
a helper and reads it in the OCR pool, through the same calls the window makes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from scanstation.testing import pages as synthetic

CHILD = textwrap.dedent("""
    import json, multiprocessing, sys
    from pathlib import Path
    from scanstation import workers
    from scanstation.dossier.session import DossierSession

    session = DossierSession(Path(sys.argv[1]))
    session.new("2.000815")
    ids = session.add_files("ban-chinh", [Path(sys.argv[2])])
    texts = session.ocr_pages(ids)
    print(json.dumps({"method": workers.process_context().get_start_method(),
                      "pages": len(ids), "text": texts[ids[0]].text}))
""")


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_pools_work_with_each_start_method(tmp_path: Path, method: str) -> None:
    page = synthetic.render_page("letter", seed=3, dpi=150)
    path = tmp_path / "trang.png"
    page.image.save(path, dpi=(150, 150))
    home = tmp_path / "home"
    env = {**os.environ, "SCANSTATION_HOME": str(home), "SCANSTATION_START_METHOD": method}
    done = subprocess.run([sys.executable, "-c", CHILD, str(home), str(path)], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["method"] == method and result["pages"] == 1
    assert "ỦY BAN NHÂN DÂN" in result["text"] or "CỘNG HÒA" in result["text"]
