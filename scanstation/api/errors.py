"""API errors: an HTTP status, a stable machine code and the bilingual message of the error tree.

Core errors (``ScanStationError``) met inside an endpoint map to a status through their class
(``http_status``); the JSON body always has ``code``, ``message_vi`` and ``message_en``.
"""

from __future__ import annotations

from typing import Any

from ..errors import (
    Cancelled,
    DeviceBusyError,
    DeviceError,
    DeviceNotFoundError,
    DossierError,
    ExitCode,
    InputFileError,
    NotFoundError,
    ScanStationError,
)


class ApiError(ScanStationError):
    """An error answered to the web page. ``status`` is the HTTP status, ``code`` stable."""

    exit_code = ExitCode.USAGE
    status = 400
    code = "bad_request"
    vi = "Yêu cầu không hợp lệ: {reason}."
    en = "Bad request: {reason}."

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "message_vi": self.message_vi, "message_en": self.message_en}


class NonLoopbackBindError(ApiError):
    code = "non_loopback_bind"
    vi = ("Chỉ được mở cổng API trên 127.0.0.1 hoặc ::1, không phải '{host}': "
          "trang web ở máy khác không được điều khiển trạm.")
    en = ("The API may listen on 127.0.0.1 or ::1 only, not '{host}': "
          "pages on other machines must not drive the station.")


class HostNotAllowedError(ApiError):
    status = 403
    code = "host_not_allowed"
    vi = "Tên máy '{host}' không phải địa chỉ của trạm (chặn tấn công DNS rebinding)."
    en = "Host '{host}' is not the station's address (DNS rebinding refused)."


class OriginRequiredError(ApiError):
    status = 403
    code = "origin_required"
    vi = "Thiếu tiêu đề Origin: chỉ trang web đã được cán bộ duyệt mới dùng được trạm."
    en = "The Origin header is missing: only web pages the officer approved may use the station."


class OriginNotAllowedError(ApiError):
    status = 403
    code = "origin_not_allowed"
    vi = "Trang {origin} chưa được cán bộ duyệt trên trạm. Hãy ghép nối (POST /v1/pair) trước."
    en = "The page {origin} has not been approved at the station. Pair first (POST /v1/pair)."


class TokenMissingError(ApiError):
    status = 401
    code = "token_missing"
    vi = "Thiếu mã truy cập: gửi 'Authorization: Bearer …' trong tiêu đề."
    en = "No access token: send 'Authorization: Bearer …' in the header."


class TokenInvalidError(ApiError):
    status = 401
    code = "token_invalid"
    vi = "Mã truy cập không hợp lệ hoặc đã bị thu hồi. Hãy ghép nối lại."
    en = "The access token is not valid or was revoked. Pair again."


class TokenInUrlError(ApiError):
    status = 401
    code = "token_in_url"
    vi = ("Mã truy cập không được đặt trong địa chỉ (URL) hay cookie; mã này đã bị thu hồi. "
          "Hãy ghép nối lại và gửi mã trong tiêu đề Authorization.")
    en = ("The access token must not travel in the URL or a cookie; this token is now revoked. "
          "Pair again and send it in the Authorization header.")


class TokenOtherOriginError(ApiError):
    status = 403
    code = "token_other_origin"
    vi = "Mã truy cập này được cấp cho trang khác, không phải {origin}."
    en = "This access token was issued to another page, not {origin}."


class UnsupportedMediaError(ApiError):
    status = 415
    code = "unsupported_media_type"
    vi = "Chỉ nhận nội dung {accepted} (không nhận biểu mẫu HTML); đã nhận '{got}'."
    en = "Only {accepted} bodies are accepted (no HTML form posts); got '{got}'."


class BodyTooLargeError(ApiError):
    status = 413
    code = "body_too_large"
    vi = "Nội dung gửi lên quá lớn ({size} byte, tối đa {limit})."
    en = "The request body is too large ({size} bytes, limit {limit})."


class LengthRequiredError(ApiError):
    status = 411
    code = "length_required"
    vi = "Thiếu Content-Length cho nội dung gửi lên."
    en = "Content-Length is required for a request body."


class BodyTimeoutError(ApiError):
    status = 408
    code = "body_timeout"
    vi = "Nội dung gửi lên không đến đủ trong {seconds} giây."
    en = "The request body did not arrive within {seconds} seconds."


class BadJsonError(ApiError):
    code = "bad_json"
    vi = "Nội dung JSON không hợp lệ: {reason}."
    en = "The JSON body is not valid: {reason}."


class RouteNotFoundError(ApiError):
    status = 404
    code = "not_found"
    vi = "Không có địa chỉ {path} trong API."
    en = "There is no {path} in the API."


class MethodNotAllowedError(ApiError):
    status = 405
    code = "method_not_allowed"
    vi = "Không dùng được {method} cho {path}."
    en = "{method} is not allowed on {path}."


class PairingNotFoundError(ApiError):
    status = 404
    code = "pairing_not_found"
    vi = "Không tìm thấy yêu cầu ghép nối (đã hết hạn hoặc đã nhận mã)."
    en = "Pairing request not found (expired, or its token was already collected)."


class TooManyPairingsError(ApiError):
    status = 429
    code = "too_many_pairing_requests"
    vi = "Trang {origin} đã có yêu cầu ghép nối đang chờ cán bộ. Hãy chờ cán bộ trả lời."
    en = "The page {origin} already has pairing requests waiting for the officer. Wait for an answer."


class PairingRefusedError(ApiError):
    status = 403
    code = "pairing_refused"
    vi = "Cán bộ đã từ chối ghép nối trang {origin}."
    en = "The officer refused to pair {origin}."


class PinOnlyAtStationError(ApiError):
    status = 409
    code = "pin_at_station_only"
    vi = ("Ký số cần mã PIN nhập trực tiếp trên cửa sổ trạm; trạm đang chạy không có cửa sổ. "
          "Hãy mở ứng dụng ScanStation, hoặc yêu cầu đóng gói không ký (\"sign\": false).")
    en = ("Signing needs the PIN typed in the station window, and this station runs without one. "
          "Start the ScanStation app, or ask for an unsigned build (\"sign\": false).")


class PinNotGivenError(ApiError):
    status = 409
    code = "pin_not_given"
    vi = "Cán bộ chưa nhập mã PIN ký số trên trạm (đã hủy hoặc hết thời gian chờ)."
    en = "The officer did not type the signing PIN at the station (cancelled or timed out)."


class JobNotFinishedError(ApiError):
    status = 409
    code = "job_not_finished"
    vi = "Công việc {job} chưa xong ({state})."
    en = "Job {job} has not finished ({state})."


def http_status(error: ScanStationError) -> int:
    """The HTTP status a core error is answered with."""
    if isinstance(error, ApiError):
        return error.status
    if isinstance(error, NotFoundError):
        return 404
    if isinstance(error, Cancelled):
        return 409
    if isinstance(error, DeviceBusyError):
        return 409
    if isinstance(error, DeviceNotFoundError):
        return 404
    if isinstance(error, DeviceError):
        return 502
    if isinstance(error, (InputFileError, DossierError)):
        return 422
    return 500


def error_json(error: ScanStationError) -> dict[str, Any]:
    """``{"code", "message_vi", "message_en"}``: the code is stable (snake case of the class)."""
    if isinstance(error, ApiError):
        return error.to_json()
    import re

    name = type(error).__name__.removesuffix("Error") or "Error"
    code = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
    return {"code": code, "message_vi": error.message_vi, "message_en": error.message_en}
