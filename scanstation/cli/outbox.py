"""``scanstation outbox …``: freeze dossiers into the outbox, send them, show their receipts.

Heavy modules (httpx, fpdf2, segno) are imported inside the commands: the CLI starts fast.
"""

from __future__ import annotations

from pathlib import Path

import typer

from ..textsafe import escape_controls
from ._common import emit_json, fail, guarded, report_error

outbox_app = typer.Typer(
    name="outbox",
    help="Hàng đợi gửi hồ sơ / the outbox: send dossiers to the portal exactly once.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Add ``scanstation outbox …`` to ``app``."""
    app.add_typer(outbox_app, name="outbox")


@outbox_app.command("add")
def add(
    paths: list[Path] = typer.Argument(..., help="Thư mục hồ sơ đã dựng hoặc tệp PDF / "
                                                 "built dossier folders or PDFs"),
    json_out: bool = typer.Option(False, "--json", help="JSON lines output"),
) -> None:
    """Đưa hồ sơ vào hàng đợi (mỗi đường dẫn một mục) / enqueue: prints one item id per path."""
    from ..errors import ScanStationError
    from ..outbox.queue import Outbox

    code = 0
    try:
        outbox = Outbox()
    except ScanStationError as error:
        fail(error)
        return
    with outbox:
        for path in paths:
            try:
                result = outbox.add_path(path)
            except ScanStationError as error:
                report_error(error, prefix=path.name)
                code = code or int(error.exit_code)
                if json_out:
                    emit_json({"path": str(path), "id": None, "error": error.to_dict()})
                continue
            if json_out:
                emit_json({"path": str(path), "id": result.item.id, "created": result.created,
                           "state": result.item.state,
                           "idempotency_key": result.item.idempotency_key})
            else:
                typer.echo(result.item.id)
            if not result.created:
                typer.echo(
                    f"{escape_controls(path.name)}: đã có trong hàng đợi ({result.item.state}) / already in the "
                    f"outbox ({result.item.state})",
                    err=True,
                )
    if code:
        raise typer.Exit(code)


@outbox_app.command("run")
def run(
    portal_url: str = typer.Option(None, "--portal-url", envvar="SCANSTATION_PORTAL_URL",
                                   help="https://…, file:///… hoặc/or paperless+https://…"),
    until_empty: bool = typer.Option(False, "--until-empty",
                                     help="Dừng khi không còn hồ sơ chờ / exit when nothing is "
                                          "queued or sending"),
    give_up_after: float = typer.Option(None, "--give-up-after", min=0.0,
                                        help="--until-empty: giây lỗi liên tục trước khi dừng "
                                             "/ seconds of failing without a usable portal "
                                             "answer before exiting (default 60)"),
    deadline: float = typer.Option(None, "--deadline", min=0.0,
                                   help="--until-empty: dừng hẳn sau số giây / hard stop after "
                                        "these seconds (default none)"),
    workers: int = typer.Option(2, "--workers", min=1, max=16,
                                envvar="SCANSTATION_OUTBOX_WORKERS",
                                help="Số luồng gửi song song / parallel senders"),
    json_out: bool = typer.Option(False, "--json", help="Summary as JSON"),
) -> None:
    """Gửi hồ sơ trong hàng đợi / send queued dossiers (until stopped, or --until-empty)."""
    import signal
    import threading

    from ..errors import ScanStationError
    from ..outbox.errors import OutboxIncompleteError
    from ..outbox.queue import Outbox
    from ..outbox.sender import SenderSettings, run_workers
    from ..outbox.transports import open_transport

    stop = threading.Event()

    def _stop(_signum: int, _frame: object) -> None:
        stop.set()  # finish the attempt in flight, record its outcome, then leave

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    try:
        open_transport(portal_url).close()  # a bad address fails here, once, clearly
        outbox = Outbox()
    except ScanStationError as error:
        fail(error)
        return
    settings = SenderSettings.from_env(give_up_after=give_up_after, deadline=deadline)
    try:
        stats = run_workers(outbox.home, lambda: open_transport(portal_url), settings,
                            workers=workers, until_empty=until_empty, stop=stop)
        counts = outbox.counts()
    except ScanStationError as error:
        fail(error)
        return
    finally:
        outbox.close()
    summary = {
        "sent": stats.sent, "reconciled": stats.reconciled, "retried": stats.retried,
        "failed": stats.failed, "held": stats.held, "attempts": stats.attempts,
        "breaker_trips": stats.breaker_trips, "stopped_by": stats.stopped_by,
        "outbox": {s: counts[s] for s in ("queued", "sending", "sent", "failed", "held")},
    }
    if json_out:
        emit_json(summary)
    else:
        typer.echo(
            f"Đã gửi / sent {stats.sent} (đối soát / reconciled {stats.reconciled}), "
            f"thử lại / retried {stats.retried}, bị từ chối / failed {stats.failed}, "
            f"giữ lại / held {stats.held} — dừng vì / stopped by: {stats.stopped_by}",
            err=True,
        )
    if until_empty and (counts.pending or counts["failed"] or counts["held"]):
        fail(OutboxIncompleteError(queued=counts.pending, held=counts["held"],
                                   failed=counts["failed"]))


@outbox_app.command("status")
@guarded
def status(
    ids: list[str] = typer.Argument(None, help="Mã mục (mặc định: tất cả) / item ids (all)"),
    json_out: bool = typer.Option(False, "--json", help="Một đối tượng JSON mỗi dòng / JSON lines"),
) -> None:
    """Trạng thái hàng đợi / the outbox: one line per item."""
    from ..errors import NotFoundError
    from ..outbox.queue import Outbox

    with Outbox() as outbox:
        if ids:
            items = []
            for item_id in ids:
                item = outbox.get(item_id)
                if item is None:
                    raise NotFoundError(what="outbox item", key=item_id)
                items.append(item)
        else:
            items = outbox.items()
        for item in items:
            if json_out:
                emit_json(item.to_json())
            else:
                from ..textsafe import bounded

                # everything after the state may come from outside (file names, the portal's
                # answer): escaped and cut, so it can neither drive the terminal nor add lines
                extra = bounded(item.receipt_id or item.reason or "", 300)
                typer.echo(f"{item.id}\t{item.state}\t{item.attempts}\t"
                           f"{bounded(item.source_name)}\t{extra}")


@outbox_app.command("retry")
@guarded
def retry(
    ids: list[str] = typer.Argument(None, help="Mã mục bị từ chối/giữ lại / failed or held items"),
    all_items: bool = typer.Option(False, "--all", help="Mọi mục bị từ chối/giữ lại / every "
                                                        "failed or held item"),
) -> None:
    """Đưa lại vào hàng đợi sau khi đã sửa / re-queue failed or held items after fixing them."""
    from ..errors import NotFoundError, ScanStationError
    from ..outbox.queue import Outbox

    with Outbox() as outbox:
        if all_items:
            ids = [i.id for i in outbox.items(("failed", "held"))]
        elif not ids:
            raise ScanStationError("outbox retry ID... | outbox retry --all")
        for item_id in ids:
            item = outbox.get(item_id)
            if item is None:
                raise NotFoundError(what="outbox item", key=item_id)
            if outbox.retry(item_id):
                typer.echo(item_id)
            else:
                typer.echo(f"{item_id}: {item.state} — không cần / nothing to retry", err=True)


@outbox_app.command("receipt")
@guarded
def receipt(
    item_id: str = typer.Argument(..., help="Mã mục / item id"),
    pdf: Path = typer.Option(None, "--pdf", help="Ghi giấy biên nhận PDF / write the printable "
                                                 "receipt PDF here"),
    agency: str = typer.Option("", "--agency", envvar="SCANSTATION_AGENCY_NAME",
                               help="Tên cơ quan in trên biên nhận / agency name to print"),
) -> None:
    """Biên nhận của hồ sơ đã gửi / the receipt of a sent dossier (JSON, optional PDF)."""
    from ..errors import NotFoundError
    from ..outbox.errors import OutboxInputError
    from ..outbox.queue import Outbox

    with Outbox() as outbox:
        item = outbox.get(item_id)
        if item is None:
            raise NotFoundError(what="outbox item", key=item_id)
        if item.state != "sent" or not item.receipt:
            raise OutboxInputError(name=item_id, reason=f"chưa gửi / not sent yet ({item.state})")
        emit_json({**item.to_json(), "receipt": item.receipt})
        if pdf is not None:
            from ..outbox.receipts import write_receipt_pdf

            write_receipt_pdf(item, pdf, agency=agency)
            typer.echo(str(pdf), err=True)


@outbox_app.command("purge")
@guarded
def purge(
    days: float = typer.Option(30.0, "--days", min=0.0, envvar="SCANSTATION_RETENTION_DAYS",
                               help="Giữ bản sao bao nhiêu ngày sau khi gửi / keep frozen copies "
                                    "this many days after sending"),
) -> None:
    """Xóa bản sao đã gửi quá hạn lưu giữ / delete frozen copies of dossiers sent long ago."""
    from ..outbox.queue import Outbox

    with Outbox() as outbox:
        items, blobs = outbox.purge_sent(days * 86400.0)
    emit_json({"purged_items": items, "deleted_files": blobs})


@outbox_app.command("log")
@guarded
def attempts_log(
    item_id: str = typer.Argument(..., help="Mã mục / item id"),
) -> None:
    """Nhật ký các lần gửi (JSON mỗi dòng) / the item's attempt log, one JSON object per line."""
    from ..errors import NotFoundError
    from ..outbox.queue import Outbox

    with Outbox() as outbox:
        if outbox.get(item_id) is None:
            raise NotFoundError(what="outbox item", key=item_id)
        for attempt in outbox.attempts(item_id):
            emit_json(attempt)
