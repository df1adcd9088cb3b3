"""Batch benchmark: pages/min and CPU s/page for the batch on the local pool and on Dask (1 and 2
workers), beside bare Tesseract, OCRmyPDF --jobs 2 and the plain ``scanstation ocr`` CLI per page,
over the same generated pages, in one run; and the runner's peak RSS at two job sizes.

    .venv/bin/python benchmarks/batch.py [--pages 500] [--dpi 300] [--kinds letter,form,...]
                                         [--jobs 2] [--skip dask,cli,ocrmypdf,rss]

Every figure is measured here, in this run, on this machine (CPU s = the processes' user+sys
time, children included). The table prints each row's pages/min as a ratio of bare Tesseract's.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "batch"))

from batch_helpers import make_box  # noqa: E402

PY = sys.executable
# The runner's peak RSS is VmHWM, the high-water mark of its own memory. ru_maxrss is not used:
# Linux carries it across fork and exec, so a child reports at least its parent's peak (this
# benchmark's process holds the generated pages and OCRmyPDF's input PDF, ~375 MB, which made
# a 109-page run look like 375 MB).
RSS_WRAPPER = (
    "import resource, runpy, sys\n"
    "sys.argv = ['scanstation', *sys.argv[1:]]\n"
    "try:\n    runpy.run_module('scanstation', run_name='__main__')\n"
    "finally:\n    u = resource.getrusage(resource.RUSAGE_SELF)\n"
    "    hwm = [ln.split()[1] for ln in open('/proc/self/status') if ln.startswith('VmHWM:')][0]\n"
    "    sys.stderr.write(f'MAXRSS_KB={hwm} CPU_S={u.ru_utime + u.ru_stime}\\n')\n"
)


def _env(home: Path) -> dict[str, str]:
    return {**os.environ, "SCANSTATION_HOME": str(home), "OMP_THREAD_LIMIT": "1"}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(label: str, pages: int, run) -> dict[str, float | str]:
    cpu0, t0 = _children_cpu(), time.perf_counter()
    extra = run() or {}
    wall, cpu = time.perf_counter() - t0, _children_cpu() - cpu0
    cpu = extra.pop("cpu_s", cpu)  # the batch counts its workers' CPU itself (see batch_run)
    row = {"label": label, "pages": pages, "wall_s": wall, "ppm": pages / wall * 60,
           "cpu_per_page": cpu / pages, **extra}
    # the coordinator's own share (job state, scheduler, document assembly): on 2 cores it is
    # taken from the workers, so it caps the Dask 2-worker/1-worker ratio
    own = f", coordinator {row['own_cpu_s'] / pages:.3f}" if "own_cpu_s" in row else ""
    print(f"  {label}: {row['ppm']:.1f} pages/min, {row['cpu_per_page']:.2f} CPU s/page{own}",
          flush=True)
    return row


def batch_run(box: Path, root: Path, args: list[str]) -> dict[str, float]:
    home, out = root / "home", root / f"out-{time.monotonic_ns()}"
    proc = subprocess.run([PY, "-c", RSS_WRAPPER, "batch", "run", str(box), "-o", str(out),
                           "--split", "patcht", "--split", "barcode", *args], env=_env(home),
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(proc.stderr)
    line = [ln for ln in proc.stderr.splitlines() if ln.startswith("MAXRSS_KB=")][-1]
    fields = dict(part.split("=") for part in line.split())
    # pool and Dask workers are not waited-for children of this process: their CPU comes from
    # the job state (each page and document task's process_time), plus the runner's own
    import sqlite3

    with sqlite3.connect(out / ".job" / "job.sqlite") as conn:
        workers_cpu = conn.execute("SELECT COALESCE(SUM(cpu), 0) FROM pages").fetchone()[0]
        workers_cpu += conn.execute("SELECT COALESCE(SUM(cpu), 0) FROM documents").fetchone()[0]
    own = float(fields["CPU_S"])
    return {"rss_mb": int(fields["MAXRSS_KB"]) / 1024, "cpu_s": own + workers_cpu, "own_cpu_s": own}


def bare_tesseract(files: list[Path], jobs: int) -> None:
    def one(path: Path) -> None:
        subprocess.run(["tesseract", str(path), "-", "-l", "vie"], capture_output=True, check=True,
                       env={**os.environ, "OMP_THREAD_LIMIT": "1"})

    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(one, files))


def plain_cli(files: list[Path], root: Path, jobs: int) -> None:
    home = root / "home-cli"

    def one(path: Path) -> None:
        subprocess.run([PY, "-m", "scanstation", "ocr", str(path), "-o",
                        str(root / "cli" / f"{path.stem}.pdf"), "--jobs", "1"], env=_env(home),
                       capture_output=True, check=True)

    (root / "cli").mkdir(exist_ok=True)
    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(one, files))


def ocrmypdf_run(files: list[Path], root: Path, jobs: int) -> None:
    import img2pdf

    pdf = root / "pages.pdf"
    pdf.write_bytes(img2pdf.convert([str(f) for f in files]))
    # the same work as the batch's: pages turned upright and deskewed, OCR, PDF/A
    subprocess.run([PY, "-m", "ocrmypdf", "--jobs", str(jobs), "-l", "vie", "--output-type", "pdfa",
                    "--rotate-pages", "--deskew", "--optimize", "0", str(pdf),
                    str(root / "ocrmypdf.pdf")],
                   capture_output=True, check=True, env={**os.environ, "OMP_THREAD_LIMIT": "1"})


def make_pages(folder: Path, count: int, dpi: int, kinds: tuple[str, ...]) -> list[Path]:
    import batch_helpers

    batch_helpers.DPI = dpi
    batch_helpers.KINDS = kinds
    plan: list[tuple[str, ...]] = []
    for i in range(count):
        if i and i % 10 == 0:
            plan.append(("sheet", "patcht") if i % 20 else ("sheet", "code128", f"HS-1975-{i:03d}"))
        plan.append(("page", i))
    box = make_box(folder, plan)
    return [folder / name for name in box.files if name not in box.sheets]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--dpi", type=int, default=300,
                        help="scan resolution; pages under 250 dpi are upscaled to 300 for "
                             "Tesseract (quality), which bare Tesseract does not do")
    parser.add_argument("--kinds", default="letter,form,table,sparse",
                        help="page kinds, in turn (an archive box: letters, forms, tables, a "
                             "few sparse pages; the tests' boxes are mostly sparse pages)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--skip", default="",
                        help="comma list: tesseract,local,dask,ocrmypdf,cli,rss")
    parser.add_argument("--dask-rounds", type=int, default=1,
                        help="Dask rows run 1,2,2,1… workers (ABBA) this many times, averaged")
    opts = parser.parse_args()
    skip = set(filter(None, opts.skip.split(",")))
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        root = Path(tmp)
        box = root / "box"
        files = make_pages(box, opts.pages, opts.dpi, tuple(opts.kinds.split(",")))
        total = len(list(box.iterdir()))
        print(f"{len(files)} content pages + {total - len(files)} separator sheets at {opts.dpi} dpi,"
              f" {opts.jobs} workers, {os.cpu_count()} CPUs", flush=True)
        rows = []
        if "tesseract" not in skip:
            rows.append(measure("bare tesseract (-l vie)", len(files),
                                lambda: bare_tesseract(files, opts.jobs)))
        if "local" not in skip:
            rows.append(measure("batch, local pool", total,
                                lambda: batch_run(box, root, ["--jobs", str(opts.jobs)])))
        if "dask" not in skip:
            # rounds > 1 run 1, 2, 2, 1 … workers (ABBA): a host that drifts in speed during
            # the run weighs on both rows alike, and each row is the mean of its runs
            order = [1, 2, 2, 1] * (opts.dask_rounds // 2) + [1, 2] * (opts.dask_rounds % 2)
            runs: dict[int, list[dict[str, Any]]] = {1: [], 2: []}
            for workers in order:
                runs[workers].append(measure(
                    f"batch, Dask {workers} worker(s)", total,
                    lambda w=workers: batch_run(box, root, ["--dask-local", str(w)])))
            for workers in (1, 2):
                done = runs[workers]
                rows.append({**done[0], "wall_s": sum(r["wall_s"] for r in done),
                             "ppm": total * len(done) / sum(r["wall_s"] for r in done) * 60,
                             "cpu_per_page": sum(r["cpu_per_page"] for r in done) / len(done),
                             "rss_mb": max(r["rss_mb"] for r in done)})
        if "cli" not in skip:
            rows.append(measure("scanstation ocr per page", len(files),
                                lambda: plain_cli(files, root, opts.jobs)))
        if "ocrmypdf" not in skip:
            rows.append(measure(f"ocrmypdf --jobs {opts.jobs} --rotate-pages --deskew", len(files),
                                lambda: ocrmypdf_run(files, root, opts.jobs)))
        ref = rows[0]["ppm"]  # bare Tesseract (the first row when it is skipped)
        print(f"\n{'run':32} {'pages':>6} {'pages/min':>10} {'× tess':>7} {'CPU s/page':>11} {'RSS MB':>7}")
        for row in rows:
            rss = f"{row['rss_mb']:.0f}" if "rss_mb" in row else "—"
            print(f"{row['label']:32} {row['pages']:>6} {row['ppm']:>10.1f} {row['ppm'] / ref:>7.2f}"
                  f" {row['cpu_per_page']:>11.2f} {rss:>7}")
        by = {r["label"]: r for r in rows}
        if "dask" not in skip:
            one, two = by["batch, Dask 1 worker(s)"], by["batch, Dask 2 worker(s)"]
            print(f"Dask 2 workers / 1 worker: {two['ppm'] / one['ppm']:.2f}×")
            # a host whose speed changes between rows shows in CPU s/page: the cores each row
            # kept busy say how much of the ratio is the cluster and how much the host
            busy = [r["ppm"] / 60 * r["cpu_per_page"] for r in (one, two)]
            print(f"  cores kept busy: 1 worker {busy[0]:.2f}, 2 workers {busy[1]:.2f} "
                  f"({busy[1] / busy[0]:.2f}×)")
        if "ocrmypdf" not in skip and "local" not in skip:
            print(f"batch local / ocrmypdf: {by['batch, local pool']['ppm'] / rows[-1]['ppm']:.2f}×")
        if "rss" not in skip and "local" not in skip:
            small = max(1, total // 5)
            sub = root / "small"
            sub.mkdir()
            for name in sorted(box.iterdir())[:small]:
                (sub / name.name).symlink_to(name)
            rss_small = batch_run(sub, root, ["--jobs", str(opts.jobs)])["rss_mb"]
            print(f"runner peak RSS: {rss_small:.0f} MB at {small} pages, "
                  f"{by['batch, local pool']['rss_mb']:.0f} MB at {total} pages")


if __name__ == "__main__":
    main()
