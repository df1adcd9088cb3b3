"""``scanstation serve``: the local API for the provincial web system, without the window.

    scanstation serve [--port N] [--json]     one stdout line {"url": "http://127.0.0.1:N"}
    scanstation serve approve ORIGIN          let that page pair (a running server sees it)
    scanstation serve refuse ORIGIN           refuse its pending pairing request
    scanstation serve revoke ORIGIN           take it off the allow-list; its tokens stop
    scanstation serve pending [--json]        pairing requests waiting (origin and code)
    scanstation serve log [--json]            which origin did what (no personal data)
"""

from __future__ import annotations

import typer

from ._common import emit_json, guarded


def register(app: typer.Typer) -> None:
    serve_app = typer.Typer(help="API cục bộ cho hệ thống một cửa / local API for the web system",
                            invoke_without_command=True, no_args_is_help=False)
    app.add_typer(serve_app, name="serve")

    @serve_app.callback(invoke_without_command=True)
    def serve(
        ctx: typer.Context,
        port: int = typer.Option(47613, "--port", min=0, max=65535,
                                 help="Cổng / port (0: any free port)"),
        host: str = typer.Option("127.0.0.1", "--host",
                                 help="127.0.0.1 hoặc ::1 — chỉ loopback / loopback only"),
        as_json: bool = typer.Option(False, "--json", help="JSON output"),
    ) -> None:
        """Chạy API cục bộ / run the local API (Ctrl-C to stop)."""
        if ctx.invoked_subcommand is not None:
            return
        _run(port, host, as_json)

    @serve_app.command("approve")
    @guarded
    def approve(origin: str = typer.Argument(..., help="https://dichvucong.example.gov.vn"),
                as_json: bool = typer.Option(False, "--json", help="JSON output")) -> None:
        """Duyệt trang web / approve a page's origin (its pending pairing gets a token)."""
        from ..api.origins import normalise_origin
        from ..api.pairing import PairingStore
        from ..paths import workspace_home

        with PairingStore(workspace_home()) as store:
            pending = store.approve(origin, via="cli")
            normal = normalise_origin(origin)
        if as_json:
            emit_json({"origin": normal, "approved": True, "pending_approved": pending})
        else:
            typer.echo(f"Đã duyệt / approved: {normal} ({pending} yêu cầu / pending request(s))")

    def _simple(name: str, doc: str, method: str) -> None:
        @serve_app.command(name, help=doc)
        @guarded
        def command(origin: str = typer.Argument(...),
                    as_json: bool = typer.Option(False, "--json", help="JSON output")) -> None:
            from ..api.origins import normalise_origin
            from ..api.pairing import PairingStore
            from ..paths import workspace_home

            with PairingStore(workspace_home()) as store:
                count = getattr(store, method)(origin, via="cli")
            if as_json:
                emit_json({"origin": normalise_origin(origin), name: int(count)})
            else:
                typer.echo(f"{name}: {normalise_origin(origin)} ({int(count)})")

    _simple("refuse", "Từ chối ghép nối / refuse a pending pairing request", "refuse")
    _simple("revoke", "Thu hồi quyền của trang / revoke an origin and its tokens", "revoke")

    @serve_app.command("pending")
    def pending(as_json: bool = typer.Option(False, "--json", help="JSON lines")) -> None:
        """Yêu cầu ghép nối đang chờ / pairing requests waiting for the officer."""
        from ..api.pairing import PairingStore
        from ..paths import workspace_home

        with PairingStore(workspace_home()) as store:
            for item in store.pending():
                if as_json:
                    emit_json({"origin": item.origin, "code": item.code})
                else:
                    typer.echo(f"{item.origin}  mã / code {item.code}")

    @serve_app.command("log")
    def action_log(as_json: bool = typer.Option(False, "--json", help="JSON lines")) -> None:
        """Nhật ký: trang nào đã làm gì / which origin did what (no personal data)."""
        from ..api.pairing import PairingStore
        from ..paths import workspace_home

        with PairingStore(workspace_home()) as store:
            for item in store.actions():
                if as_json:
                    emit_json(item)
                else:
                    typer.echo(f"{item['ts']:.0f} {item['origin']} {item['action']} "
                               f"{item['status']}")


@guarded
def _run(port: int, host: str, as_json: bool) -> None:
    import signal
    import sys
    import threading

    from ..api.server import ApiServer
    from ..paths import workspace_home

    server = ApiServer(workspace_home(), host=host, port=port)  # non-loopback refused here
    try:
        server.start()
    except OSError as error:
        from ..errors import ScanStationError

        raise ScanStationError(detail=f"port {port}: {error.strerror}") from None
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    emit_json({"url": server.url})
    if not as_json:
        sys.stderr.write("API cục bộ đang chạy; Ctrl-C để dừng. / Local API running; "
                         "Ctrl-C to stop.\n")
    try:
        stop.wait()
    finally:
        server.stop()
