"""Job status and the HTML dashboard (``batch report``): pages per minute over time, queue depth,
the OCR confidence histogram, the skew distribution, flagged pages and documents — plain HTML
with inline SVG, no script, readable offline."""

from __future__ import annotations

import contextlib
import html
import itertools
import os
from collections import Counter
from pathlib import Path
from typing import Any

from .. import fsio
from ..platform import lock_exclusive_nowait
from .state import JobStore


def lease_held(store: JobStore) -> bool:
    path = store.dir / "lease"
    if not path.exists():
        return False
    fd = os.open(path, os.O_RDONLY)
    try:
        lock_exclusive_nowait(fd)  # a probe: released when the descriptor closes
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # also drops our probe lock
    return False


def job_status(store: JobStore) -> dict[str, Any]:
    counts = store.counts()
    rows = store.pages()
    flagged = sum(1 for r in rows if r.flags and not r.decision)
    state = store.get("state", "new")
    if lease_held(store):
        state = "running"
    elif state == "running":
        state = "interrupted"  # no runner holds the lease: resume it
    review = store.get("review", {}) or {}
    return {"job": store.name, **counts, "flagged": flagged, "state": state,
            "review": review.get("state", "open")}


# The rate an ETA is based on: the pages done over the last two minutes of the runner's
# progress log (it writes a point every 2 s), so a slow first page or a pause long ago does not
# weigh on the estimate.
RATE_WINDOW_SECONDS = 120.0


def live_progress(store: JobStore) -> dict[str, Any]:
    """A job's progress for a live bar, cheap enough to ask every second or two while it runs:
    counts without reading the page rows, the state, the recent rate and the time left at it
    (``rate_ppm`` and ``eta_s`` are None until the runner has logged two points)."""
    counts = store.counts()
    running = lease_held(store)
    rate: float | None = None
    if running:
        points = store.db.connection().execute(
            "SELECT t, pages_done FROM progress WHERE t >= "
            "(SELECT MAX(t) FROM progress) - ? ORDER BY t", (RATE_WINDOW_SECONDS,)).fetchall()
        if len(points) >= 2 and points[-1]["t"] > points[0]["t"]:
            done = points[-1]["pages_done"] - points[0]["pages_done"]
            if done >= 0:
                rate = done / (points[-1]["t"] - points[0]["t"]) * 60
    left = counts["pages_total"] - counts["pages_done"]
    eta = None if not rate else left / rate * 60
    state = "running" if running else job_status(store)["state"]
    return {**counts, "state": state, "rate_ppm": rate, "eta_s": eta}


def _svg_bars(values: list[float], labels: list[str], width: int = 520, height: int = 140) -> str:
    if not values:
        return "<p>—</p>"
    top = max(values) or 1
    bar = width / len(values)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 16}" '
             f'viewBox="0 0 {width} {height + 16}" role="img">']
    for i, value in enumerate(values):
        h = value / top * height
        parts.append(f'<rect x="{i * bar:.1f}" y="{height - h:.1f}" width="{max(bar - 1, 1):.1f}" '
                     f'height="{h:.1f}" fill="#2a6f97"><title>{html.escape(labels[i])}: '
                     f'{value:g}</title></rect>')
    parts.append(f'<text x="0" y="{height + 14}" font-size="11">{html.escape(labels[0])}</text>')
    parts.append(f'<text x="{width}" y="{height + 14}" font-size="11" text-anchor="end">'
                 f'{html.escape(labels[-1])}</text></svg>')
    return "".join(parts)


def _rate_series(store: JobStore) -> tuple[list[float], list[float], list[str]]:
    points = store.db.connection().execute(
        "SELECT t, pages_done, in_flight FROM progress ORDER BY t").fetchall()
    rates, depth, labels = [], [], []
    for prev, cur in itertools.pairwise(points):
        span = cur["t"] - prev["t"]
        if span <= 0 or cur["pages_done"] < prev["pages_done"]:
            continue
        rates.append(round((cur["pages_done"] - prev["pages_done"]) / span * 60, 1))
        depth.append(cur["in_flight"])
        labels.append(f"{cur['t'] - points[0]['t']:.0f}s")
    return rates, depth, labels


def dashboard_plots(store: JobStore) -> list[tuple[str, str]]:
    """The dashboard's plots as (title, SVG): pages per minute and queue depth over time, the
    OCR confidence histogram and the skew distribution (the report and the window show them)."""
    content = [r for r in store.pages() if r.ocred and not r.sep_kind and not r.blank]
    conf_bins = Counter(min(int(r.confidence // 10), 9) for r in content)
    skew_bins = Counter(max(-10, min(10, round(r.skew * 2))) for r in content)
    rates, depth, labels = _rate_series(store)
    return [
        ("Trang/phút / pages per minute", _svg_bars(rates, labels or ["—"])),
        ("Hàng đợi / queue depth", _svg_bars([float(d) for d in depth], labels or ["—"])),
        ("Độ tin cậy OCR / OCR confidence",
         _svg_bars([float(conf_bins.get(i, 0)) for i in range(10)],
                   [f"{i * 10}–{i * 10 + 9}" for i in range(10)])),
        ("Độ nghiêng / skew (°)",
         _svg_bars([float(skew_bins.get(i, 0)) for i in range(-10, 11)],
                   [f"{i / 2:+.1f}" for i in range(-10, 11)])),
    ]


def write_report(store: JobStore, out: Path) -> Path:
    status = job_status(store)
    rows = store.pages()
    flagged = [r for r in rows if r.flags]
    docs = store.documents()
    esc = html.escape
    body = [
        f"<h1>Lô quét / Batch {esc(status['job'])}</h1>",
        f"<p>{status['state']} — {status['pages_done']}/{status['pages_total']} trang/pages, "
        f"{status['documents']} văn bản/documents, {status['flagged']} cần kiểm tra/flagged, "
        f"review: {esc(status['review'])}</p>",
        *(f"<h2>{esc(title)}</h2>{svg}" for title, svg in dashboard_plots(store)),
        "<h2>Trang cần kiểm tra / flagged pages</h2><table><tr><th>#</th><th>source</th>"
        "<th>page</th><th>flags</th><th>decision</th></tr>",
        *(f"<tr><td>{r.seq}</td><td>{esc(r.source)}</td><td>{r.page}</td>"
          f"<td>{esc(' '.join(r.flags))}</td><td>{esc(r.decision)}</td></tr>" for r in flagged),
        "</table><h2>Văn bản / documents</h2><table><tr><th>file</th><th>pages</th>"
        "<th>sha256</th><th>flags</th></tr>",
        *(f"<tr><td>{esc(d['file'])}</td><td>{len(d['pages'])}</td><td><code>"
          f"{esc(d['sha256'][:16])}</code></td><td>{esc(' '.join(d['flags']))}</td></tr>"
          for d in docs),
        "</table>",
    ]
    page = ("<!doctype html><html lang='vi'><meta charset='utf-8'><title>ScanStation batch</title>"
            "<style>body{font-family:sans-serif;margin:2em}td,th{padding:2px 8px;text-align:left}"
            "</style><body>" + "\n".join(body) + "</body></html>\n")
    fsio.atomic_write_text(out, page)
    with contextlib.suppress(OSError):
        out.chmod(0o600)
    return out
