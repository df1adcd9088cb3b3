"""Errors of the outbox. Each says, in Vietnamese and English, what happens next.

Two families matter to the sender: a *transient* failure (the portal is down, slow, overloaded, or
the answer was lost) keeps the item queued and retries it later; a *permanent* one (the portal
refused this dossier for a reason a retry cannot fix) moves it to ``failed`` with the reason, for
the officer to fix and retry. Messages carry no personal data: only codes, statuses and counts.
"""

from __future__ import annotations

from ..errors import DossierError, ExitCode, PortalError, PortalRejectedError, StorageError


class OutboxInputError(DossierError):
    """``outbox add`` was given something that is not a built dossier folder or a PDF."""

    exit_code = ExitCode.INPUT_FILE
    vi = "Không thêm được {name} vào hàng đợi gửi: {reason}."
    en = "Cannot add {name} to the outbox: {reason}."


class OutboxStoreError(StorageError):
    """A frozen file in the outbox store is missing or no longer matches its sha256."""

    vi = (
        "Tệp đã đóng băng của hồ sơ {item} bị thiếu hoặc bị thay đổi ({name}). "
        "Hồ sơ được giữ lại; hãy thêm lại hồ sơ vào hàng đợi."
    )
    en = (
        "A frozen file of outbox item {item} is missing or changed ({name}). "
        "The item is held; add the dossier to the outbox again."
    )


class TransientPortalError(PortalError):
    """A failure a later retry may cure; ``ambiguous`` if the portal may have stored the dossier."""

    def __init__(
        self,
        reason: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
        ambiguous: bool = True,
        portal_wide: bool = True,
    ) -> None:
        super().__init__(reason=reason)
        self.reason = reason
        self.status = status
        self.retry_after = retry_after
        # Whether the request may have reached the portal: then the next attempt first asks the
        # portal by idempotency key before sending again.
        self.ambiguous = ambiguous
        # Whether it says something about the portal as a whole (feeds the circuit breaker).
        self.portal_wide = portal_wide


class PermanentPortalError(PortalRejectedError):
    """The portal refused this dossier; retrying the same bytes cannot help."""

    def __init__(self, reason: str, *, status: int | None = None) -> None:
        super().__init__(reason=reason)
        self.reason = reason
        self.status = status


class PortalNotConfiguredError(PortalError):
    exit_code = ExitCode.USAGE
    vi = (
        "Chưa cấu hình địa chỉ cổng tiếp nhận. Hãy dùng --portal-url hoặc biến môi trường "
        "SCANSTATION_PORTAL_URL ({reason})."
    )
    en = (
        "No portal address is configured. Use --portal-url or the SCANSTATION_PORTAL_URL "
        "environment variable ({reason})."
    )


class OutboxIncompleteError(PortalError):
    """``outbox run --until-empty`` ended with items that are not sent."""

    vi = (
        "Chưa gửi xong: {queued} hồ sơ còn chờ, {held} hồ sơ cần cán bộ xử lý, {failed} hồ sơ bị "
        "từ chối. Hồ sơ chưa gửi vẫn nằm an toàn trong hàng đợi."
    )
    en = (
        "Not everything was sent: {queued} waiting, {held} held for the officer, {failed} "
        "rejected. Unsent dossiers stay safely in the outbox."
    )


class PortalAnswerInvalidError(PortalError):
    """The portal answered "stored" with a receipt we cannot accept (a 5 MB id, markup, control
    characters): the dossier may be at the portal, so it is held for a person, and any later
    attempt asks the portal first."""

    vi = (
        "Cổng trả lời một biên nhận không hợp lệ ({reason}). Hồ sơ được giữ lại: hãy hỏi bộ phận "
        "quản trị cổng xem hồ sơ đã được nhận chưa trước khi gửi lại."
    )
    en = (
        "The portal answered with an invalid receipt ({reason}). The dossier is held: ask the "
        "portal's administrators whether it arrived before sending it again."
    )

    def __init__(self, reason: str, *, status: int | None = None) -> None:
        super().__init__(reason=reason)
        self.reason = reason
        self.status = status
