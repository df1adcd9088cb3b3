"""``scanstation idcard`` (read the citizen-ID QR) and ``scanstation address`` (old → new ward).

Both print one JSON object per input with ``--json`` (UTF-8, not ASCII-escaped). Heavy modules
(numpy, OpenCV, zxing-cpp) are imported inside the commands: checks start one process per input.
"""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    """Add this area's commands to ``app``."""

    @app.command("idcard")
    def idcard(
        images: list[Path] = typer.Argument(..., help="Ảnh/PDF mặt có mã QR / card images"),
        as_json: bool = typer.Option(False, "--json", help="JSON lines output"),
        no_address: bool = typer.Option(
            False, "--no-address", help="Không chuyển địa chỉ / skip address conversion"
        ),
        mrz: bool = typer.Option(
            False, "--mrz", help="Đọc và đối chiếu vùng MRZ trong cùng ảnh / cross-check the MRZ"
        ),
        burst: bool = typer.Option(
            False, "--burst",
            help="Các ảnh là nhiều khung hình của cùng một thẻ: đọc chung, một kết quả / "
                 "the images are frames of one card: read together, one result",
        ),
    ) -> None:
        """Đọc mã QR căn cước thành thông tin người nộp / read the citizen-ID QR."""
        from ..idcard.burst import burst_record
        from ..idcard.payload import reason_message, warning_messages
        from ..idcard.reader import card_record
        from ..textsafe import escape_controls as safe
        from ._common import emit_json

        failed = False
        options = {"convert_address": not no_address, "with_mrz": mrz}
        records = ([burst_record(images, **options)] if burst
                   else (card_record(path, **options) for path in images))
        for path, record in zip(images, records, strict=False):
            failed = failed or record.get("reason") == "unreadable_image"
            if as_json:
                emit_json(record)
                continue
            applicant = record["applicant"]
            if applicant is None:
                typer.echo(f"{safe(path)}: {reason_message(record['reason'])} / "
                           f"{reason_message(record['reason'], 'en')}")  # fmt: skip
                continue
            typer.echo(f"{safe(path)}: {applicant['card_type']}")
            for key in ("id_number", "old_id_number", "full_name", "date_of_birth", "sex",
                        "address", "issue_date"):  # fmt: skip
                typer.echo(f"  {key}: {safe(applicant[key])}")
            new = applicant.get("address_new") or {}
            if new:
                shown = new.get("ward") or ", ".join(new.get("candidates", []))
                typer.echo(f"  address_new: {new.get('status')} {safe(shown)}")
            for message in warning_messages(record["warnings"]):
                typer.echo(f"  ! {message}")
        if failed:
            raise typer.Exit(3)

    @app.command("address")
    def address(
        addresses: list[str] = typer.Argument(..., help="Địa chỉ cũ / old-structure addresses"),
        as_json: bool = typer.Option(False, "--json", help="JSON lines output"),
    ) -> None:
        """Chuyển địa chỉ cũ sang phường/xã từ 1/7/2025 / convert to the post-July-2025 ward."""
        from ..idcard.address import timed_convert
        from ._common import emit_json, guarded

        @guarded
        def run() -> None:
            for text in addresses:
                result, elapsed = timed_convert(text)
                if as_json:
                    emit_json(result.to_json(elapsed))
                elif result.ward:
                    typer.echo(f"{text}\n  → {result.ward}, {result.province}")
                else:
                    typer.echo(f"{text}\n  → {result.status}: {', '.join(result.candidates)}")

        run()
