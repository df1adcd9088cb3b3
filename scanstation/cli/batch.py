"""``scanstation batch …``: archive back-scanning jobs.

    scanstation batch run SRC... -o OUTDIR [--split patcht|barcode|blank|every:N]... [--job NAME]
        [--executor local|dask] [--scheduler ADDR | --dask-local N] [--jobs N] [--json]
        [--settings FILE] [--fonds-code C] [--fonds-name T] [--retention R] [--access-level A]
    scanstation batch resume JOB            scanstation batch status JOB [--json]
    scanstation batch review JOB [--accept N]... [--delete N]... [--rotate N:TURNS]...
        [--insert N:FILE]... [--done | --waive REASON]
    scanstation batch export JOB --to DIR... [archive settings as for run]
        [--pkcs12 FILE | --pkcs11-module LIB --token-label L] [--pin-env VAR] [--signer-name N]
    scanstation batch sheets -o SHEETS.pdf [--kind patcht|qr|code128|code39] [--value CODE]...
    scanstation batch report JOB -o report.html

Exit 0 when every page is accounted for. Heavy modules are imported inside the commands.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from . import signing
from ._common import emit_json, guarded

batch_app = typer.Typer(help="Quét lô lưu trữ / archive back-scanning batches.",
                        no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add this area's commands to ``app``."""
    app.add_typer(batch_app, name="batch")


def _progress(json_out: bool, total_hint: int = 0) -> tuple[Any, Any]:
    """A progress callback (JSON lines or a rich bar with ETA on stderr) and a closer."""
    if json_out:
        return emit_json, lambda: None
    if not sys.stderr.isatty():
        return None, lambda: None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    bar = Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                   TimeRemainingColumn(), console=Console(stderr=True), transient=True)
    task = bar.add_task("trang / pages", total=total_hint or None)
    bar.start()

    def update(event: dict[str, Any]) -> None:
        if event.get("event") == "page":
            bar.update(task, completed=event["pages_done"], total=event["pages_total"])

    return update, bar.stop


def _settings(file: Path | None, fonds_code: str, fonds_name: str, retention: str,
              access_level: str) -> dict[str, Any]:
    """The archive settings given on the command line (a job file, then options on top)."""
    from ..batch.metadata import check_settings, load_settings, merge_settings

    base = load_settings(file) if file is not None else {}
    given = {"fonds_code": fonds_code, "fonds_name": fonds_name, "retention": retention,
             "access_level": access_level}
    return merge_settings(base, check_settings({k: v for k, v in given.items() if v}))


SETTINGS_HELP = ("tệp JSON/TOML: fonds_code, fonds_name, retention, access_level, [files.CODE] "
                 "title/retention/access_level / archive settings file")


def _execute(store: Any, rules: Any, executor: str, scheduler: str | None, dask_local: int | None,
             jobs: int | None, json_out: bool) -> None:
    from ..batch.executors import make_executor
    from ..batch.runner import process

    update, stop = _progress(json_out)
    pool = make_executor(executor, jobs=jobs, scheduler=scheduler, dask_local=dask_local)
    try:
        summary = process(store, rules, pool, update)
    finally:
        stop()
        pool.close()
        store.close()
    if json_out:
        emit_json(summary.to_dict())
    else:
        typer.echo(f"{summary.pages_done}/{summary.pages_total} trang/pages → "
                   f"{summary.documents} văn bản/documents, {summary.flagged} cần kiểm tra/flagged"
                   f" → {summary.index}")


@batch_app.command("run")
@guarded
def run_command(
    sources: list[str] = typer.Argument(..., help="thư mục hoặc tệp / folders or files, in order"),
    outdir: Path = typer.Option(..., "-o", "--output", help="staging output folder"),
    split: list[str] = typer.Option([], "--split", help="patcht | barcode | blank | every:N"),
    job: str | None = typer.Option(None, "--job", help="job name (default: OUTDIR's name)"),
    executor: str = typer.Option("local", "--executor", help="local | dask"),
    scheduler: str | None = typer.Option(None, "--scheduler", help="Dask tcp://HOST:8786"),
    dask_local: int | None = typer.Option(None, "--dask-local", min=1,
                                          help="start a Dask LocalCluster of N workers"),
    jobs: int | None = typer.Option(None, "--jobs", "-j", min=1, help="local workers"),
    keep_separators: bool = typer.Option(False, "--keep-separators",
                                         help="keep separator sheets as the first page"),
    json_out: bool = typer.Option(False, "--json", help="JSON lines"),
    settings_file: Path | None = typer.Option(None, "--settings", help=SETTINGS_HELP),
    fonds_code: str = typer.Option("", "--fonds-code", help="mã phông / fonds code"),
    fonds_name: str = typer.Option("", "--fonds-name", help="tên phông / fonds name"),
    retention: str = typer.Option("", "--retention", help="thời hạn bảo quản / retention"),
    access_level: str = typer.Option("", "--access-level", help="chế độ sử dụng / access level"),
) -> None:
    """Chạy lô quét / run a batch job."""
    from ..batch.metadata import merge_settings
    from ..batch.runner import create_job
    from ..batch.splitting import SplitRules

    _check_executor(executor, scheduler, dask_local)
    rules = SplitRules.parse(split, keep_separators)
    settings = _settings(settings_file, fonds_code, fonds_name, retention, access_level)
    store = create_job(outdir, sources, rules, job)
    if settings.get("files") or len(settings) > 1:
        store.set(archive=merge_settings(store.get("archive", {}) or {}, settings))
    _execute(store, rules, executor, scheduler, dask_local, jobs, json_out)


def _check_executor(executor: str, scheduler: str | None, dask_local: int | None) -> None:
    from ..batch.errors import JobError

    if executor not in ("local", "dask"):
        raise JobError(job="-", reason=f"--executor {executor}: local | dask")
    if scheduler and dask_local:
        raise JobError(job="-", reason="--scheduler / --dask-local: chỉ một / only one")


@batch_app.command("resume")
@guarded
def resume_command(
    job: str = typer.Argument(..., help="job name or OUTDIR"),
    executor: str = typer.Option("local", "--executor", help="local | dask"),
    scheduler: str | None = typer.Option(None, "--scheduler"),
    dask_local: int | None = typer.Option(None, "--dask-local", min=1),
    jobs: int | None = typer.Option(None, "--jobs", "-j", min=1),
    json_out: bool = typer.Option(False, "--json"),
) -> None:
    """Chạy tiếp lô quét đã dừng / resume a stopped job where it stopped."""
    from ..batch.runner import open_job
    from ..batch.state import resolve_job

    _check_executor(executor, scheduler, dask_local)
    store, rules = open_job(resolve_job(job))
    _execute(store, rules, executor, scheduler, dask_local, jobs, json_out)


@batch_app.command("status")
@guarded
def status_command(job: str = typer.Argument(...), json_out: bool = typer.Option(False, "--json")
                   ) -> None:
    """Tình trạng lô quét / job status."""
    from ..batch.report import job_status
    from ..batch.state import JobStore, resolve_job

    store = JobStore(resolve_job(job))
    status = job_status(store)
    if json_out:
        emit_json(status)
    else:
        typer.echo(f"{status['job']}: {status['state']} — {status['pages_done']}/"
                   f"{status['pages_total']} trang/pages, {status['documents']} văn bản/documents,"
                   f" {status['flagged']} cần kiểm tra/flagged")


@batch_app.command("review")
@guarded
def review_command(
    job: str = typer.Argument(...),
    accept: list[int] = typer.Option([], "--accept", help="page N (job order) is fine as is"),
    delete: list[int] = typer.Option([], "--delete", help="drop page N from the output"),
    separator: list[int] = typer.Option([], "--separator", help="page N is a separator"),
    page: list[int] = typer.Option([], "--page", help="page N is a page, not a separator"),
    replace: list[str] = typer.Option([], "--replace", help="N:FILE — a rescan takes page N's place"),
    rotate: list[str] = typer.Option([], "--rotate",
                                     help="N:DEG — turn page N 90/180/270 (-90) clockwise"),
    insert: list[str] = typer.Option([], "--insert", help="N:FILE — a page put in before page N"),
    accept_all: bool = typer.Option(False, "--accept-all", help="accept every flagged page"),
    done: bool = typer.Option(False, "--done", help="review finished"),
    waive: str | None = typer.Option(None, "--waive", help="skip review, with a reason"),
    json_out: bool = typer.Option(False, "--json"),
) -> None:
    """Kiểm tra trang bị đánh dấu / review flagged pages (list, decide, finish or waive)."""
    from ..batch import review
    from ..batch.runner import finalize, open_job
    from ..batch.state import resolve_job

    store, rules = open_job(resolve_job(job))
    try:
        decisions = {n: "accepted" for n in accept} | {n: "deleted" for n in delete}
        decisions |= {n: "separator" for n in separator} | {n: "page" for n in page}
        if accept_all:
            decisions |= {r.seq: "accepted" for r in review.pending(store.pages())}
        review.apply(store, decisions)
        for item in replace:
            number, _, file = item.partition(":")
            if not number.strip().isdigit() or not file:
                raise review.ReviewActionError(reason=f"--replace {item}: N:FILE")
            review.replace_page(store, int(number), Path(file), rules)
        for item in rotate:
            number, _, turn = item.partition(":")
            if not number.strip().isdigit():
                raise review.ReviewActionError(reason=f"--rotate {item}: N:DEG")
            review.rotate_page(store, int(number), review.parse_turn(turn), rules)
        for item in insert:
            number, _, file = item.partition(":")
            if not number.strip().isdigit() or not file:
                raise review.ReviewActionError(reason=f"--insert {item}: N:FILE")
            review.insert_page(store, int(number), Path(file), rules)
        if decisions or replace or rotate or insert:
            finalize(store, rules)
        _review_finish(store, done, waive)
        rows = store.pages()
        for row in (r for r in rows if r.flags):
            flagged = {"page_no": row.seq, "source": row.source, "page": row.page,
                       "flags": list(row.flags), "decision": row.decision}
            if json_out:
                emit_json({"event": "flagged", **flagged})
            else:
                typer.echo(f"{row.seq:>6}  {row.source}#{row.page}  {' '.join(row.flags)}"
                           f"  {row.decision or '—'}")
        left = len(review.pending(rows))
        state = review.review_state(store)
        if json_out:
            emit_json({"event": "review", "pending": left, **state})
        else:
            typer.echo(f"Còn {left} trang cần kiểm tra / {left} pages left to review"
                       f" — {state.get('state', 'open')}")
    finally:
        store.close()


def _review_finish(store: Any, done: bool, waive: str | None) -> None:
    import time

    from ..batch import review
    from ..batch.errors import ReviewPendingError

    if waive is not None:
        if not waive.strip():
            raise review.ReviewActionError(reason="--waive cần lý do / needs a reason")
        store.set(review={"state": "waived", "reason": waive.strip(), "at": time.time()})
    elif done:
        left = len(review.pending(store.pages()))
        if left:
            raise ReviewPendingError(job=store.name, pending=left)
        store.set(review={"state": "done", "at": time.time()})


@batch_app.command("export")
@guarded
def export_command(
    job: str = typer.Argument(...),
    to: list[Path] = typer.Option(..., "--to", help="archive target folder (give two or more)"),
    settings_file: Path | None = typer.Option(None, "--settings", help=SETTINGS_HELP),
    fonds_code: str = typer.Option("", "--fonds-code", help="mã phông / fonds code"),
    fonds_name: str = typer.Option("", "--fonds-name", help="tên phông / fonds name"),
    retention: str = typer.Option("", "--retention", help="thời hạn bảo quản / retention"),
    access_level: str = typer.Option("", "--access-level", help="chế độ sử dụng / access level"),
    pkcs12: Path | None = signing.PKCS12,
    pkcs11_module: Path | None = signing.PKCS11_MODULE,
    token_label: str | None = signing.TOKEN_LABEL,
    key_label: str | None = signing.KEY_LABEL,
    pin_env: str | None = signing.PIN_ENV,
    signer_name: str = typer.Option("", "--signer-name",
                                    help="tên cơ quan lưu trữ hiển thị / displayed archive name"),
    tsa_url: str | None = signing.TSA_URL,
    to_outbox: bool = typer.Option(False, "--outbox",
                                   help="đưa từng hồ sơ vào hàng đợi gửi / queue each file "
                                        "(hồ sơ) to the outbox"),
    json_out: bool = typer.Option(False, "--json"),
) -> None:
    """Xuất lô đã kiểm tra ra kho lưu trữ (ký số nếu chọn) / export a reviewed job to the archive
    targets, optionally signed by the archive's certificate (top right of page 1) and queued to
    the outbox."""
    from ..batch.export import export
    from ..batch.runner import open_job
    from ..batch.state import resolve_job

    settings = _settings(settings_file, fonds_code, fonds_name, retention, access_level)
    signer = None
    if pkcs12 is not None or pkcs11_module is not None:
        import os

        from ..batch.signing import ArchiveSigner
        from ..pdf.sign import SessionPin
        from .signing import TSA_ENV, credential_from_options, read_pin, token_gate

        credential = credential_from_options(pkcs12, pkcs11_module, token_label, key_label)
        final_try_ok = token_gate(credential)
        signer = ArchiveSigner(credential, SessionPin(read_pin(pin_env, credential.describe())),
                               signer_name, tsa_url or os.environ.get(TSA_ENV) or None,
                               final_try_ok)
    store, _ = open_job(resolve_job(job))
    try:
        if len(to) < 2:
            sys.stderr.write("Lưu ý: quy định yêu cầu ít nhất 2 bản sao trên thiết bị độc lập.\n"
                             "Note: the archive rules ask for at least 2 copies on independent media.\n")
        handoff = None
        if to_outbox:
            from ..dossier import station
            from ..paths import workspace_home

            home = workspace_home()
            handoff = {"home": home, "station": {"number": station.station_number(home),
                                                 "id": station.station_id(home)}}
        result = export(store, to, settings=settings, sign=signer,
                        progress=emit_json if json_out else None, outbox=handoff)
    finally:
        store.close()
        if signer is not None:
            signer.pin.forget()
    if json_out:
        emit_json(result)
    else:
        for target in result["targets"]:
            typer.echo(f"{target['target']}: {target['verified']} tệp/files OK (sha256)")
        for queued in result.get("outbox", []):
            typer.echo(f"{queued['file_code']} → {queued['item']} "
                       + ("đã vào hàng đợi / queued" if queued["created"]
                          else "đã có trong hàng đợi / already queued"))


@batch_app.command("sheets")
@guarded
def sheets_command(
    output: Path = typer.Option(..., "-o", "--output", help="PDF of separator sheets to print"),
    kind: str = typer.Option("patcht", "--kind", help="patcht | qr | code128 | code39"),
    value: list[str] = typer.Option([], "--value", help="file code per sheet (HS-1975-012)"),
    count: int = typer.Option(1, "--count", min=1, max=1000, help="sheets when no --value"),
    dpi: int = typer.Option(200, "--dpi", min=100, max=600),
) -> None:
    """In tờ tách hồ sơ / print separator sheets."""
    from ..batch.errors import JobError
    from ..batch.separators import is_separator_value, write_sheets

    if kind not in ("patcht", "qr", "code128", "code39"):
        raise JobError(job="-", reason=f"--kind {kind}: patcht | qr | code128 | code39")
    values = [v.strip().upper() for v in value]
    bad = [v for v in values if not is_separator_value(v)]
    if bad or (kind == "patcht" and values):
        raise JobError(job="-", reason=f"--value {(bad or values)[0]}: mã hồ sơ / file code "
                       "like HS-1975-012 (not with patcht)")
    specs = [(kind, v) for v in values] or [(kind, "")] * count
    write_sheets(specs, output, dpi)
    typer.echo(f"{len(specs)} tờ/sheets → {output}")


@batch_app.command("report")
@guarded
def report_command(job: str = typer.Argument(...),
                   output: Path = typer.Option(..., "-o", "--output", help="report.html")) -> None:
    """Báo cáo lô quét (HTML) / job dashboard as HTML."""
    from ..batch.report import write_report
    from ..batch.state import JobStore, resolve_job

    store = JobStore(resolve_job(job))
    write_report(store, output)
    typer.echo(str(output))
