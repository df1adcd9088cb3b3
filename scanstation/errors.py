"""One exception tree for ScanStation.

Every error a user can meet carries a message in Vietnamese and in English that says what to do
next, and an exit code shared with the CLI. Messages never carry personal data: callers pass only
file names, sizes, counts and codes as parameters (see ``privacy.py`` for masking).
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any


class ExitCode(IntEnum):
    """Process exit codes used by the CLI (stable: scripts depend on them)."""

    OK = 0
    FAILED = 1
    USAGE = 2
    INPUT_FILE = 3
    MISSING_TOOL = 4
    DEVICE = 5
    PDF_INVALID = 6
    SIGNING = 7
    PORTAL = 8
    STORAGE = 9
    PDF_FLAGGED = 10  # the output was written, but a self-check clause failed: see the warning
    CANCELLED = 130


class ScanStationError(Exception):
    """Base of every error ScanStation raises on purpose.

    Subclasses set ``vi`` and ``en`` templates (``str.format`` fields filled from ``params``) and an
    ``exit_code``. ``str(error)`` gives "vi — en" so logs and the CLI show both languages.
    """

    exit_code: ExitCode = ExitCode.FAILED
    vi: str = "Đã xảy ra lỗi không mong muốn. Hãy thử lại; nếu lỗi lặp lại, báo cho quản trị viên."
    en: str = "Something unexpected went wrong. Try again; if it happens again, tell the administrator."

    def __init__(self, detail: str | None = None, **params: Any) -> None:
        self.params = params
        self.detail = detail
        super().__init__(self.message_en)

    def __reduce__(self) -> str | tuple[Any, ...]:
        # rebuilt from its detail and params, not from its English text: an error raised in a
        # worker process (a pool or Dask task) reaches the user with both languages intact
        if type(self).__init__ is not ScanStationError.__init__:  # its own signature: its args
            return super().__reduce__()
        return (_rebuild, (type(self), self.detail, self.params), self.__dict__)

    def _fill(self, template: str) -> str:
        try:
            text = template.format(**self.params)
        except (KeyError, IndexError, ValueError):
            text = template
        if self.detail:
            text = f"{text} ({self.detail})"
        return text

    @property
    def message_vi(self) -> str:
        return self._fill(self.vi)

    @property
    def message_en(self) -> str:
        return self._fill(self.en)

    def message(self, lang: str = "vi") -> str:
        return self.message_vi if lang.startswith("vi") else self.message_en

    def __str__(self) -> str:
        return f"{self.message_vi} — {self.message_en}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "error": type(self).__name__,
            "exit_code": int(self.exit_code),
            "message_vi": self.message_vi,
            "message_en": self.message_en,
        }


def _rebuild(cls: type[ScanStationError], detail: str | None,
             params: dict[str, Any]) -> ScanStationError:
    return cls(detail, **params)


class Cancelled(ScanStationError):
    """The user (or a caller) cancelled the job; the UI ignores it silently."""

    exit_code = ExitCode.CANCELLED
    vi = "Đã hủy theo yêu cầu."
    en = "Cancelled on request."


# --- input files -----------------------------------------------------------------------------


class InputFileError(ScanStationError):
    exit_code = ExitCode.INPUT_FILE
    vi = "Không đọc được tệp {name}. Hãy kiểm tra tệp hoặc quét lại."
    en = "Cannot read the file {name}. Check the file or scan it again."


class FileNotFoundInputError(InputFileError):
    vi = "Không tìm thấy tệp {name}. Hãy kiểm tra lại đường dẫn."
    en = "File {name} not found. Check the path."


class UnsupportedFileTypeError(InputFileError):
    vi = (
        "Tệp {name} có định dạng không hỗ trợ ({kind}). Hãy dùng ảnh PNG, JPEG, TIFF hoặc tệp PDF."
    )
    en = "File {name} has an unsupported type ({kind}). Use PNG, JPEG or TIFF images, or a PDF."


class CorruptFileError(InputFileError):
    vi = "Tệp {name} bị hỏng hoặc không đầy đủ. Hãy sao chép lại tệp hoặc quét lại trang."
    en = "File {name} is damaged or incomplete. Copy the file again or rescan the page."


class ImageTooLargeError(InputFileError):
    vi = (
        "Ảnh {name} quá lớn ({megapixels:.0f} megapixel, tối đa {limit:.0f}). "
        "Hãy quét lại ở 300 dpi."
    )
    en = (
        "Image {name} is too large ({megapixels:.0f} megapixels, limit {limit:.0f}). "
        "Rescan it at 300 dpi."
    )


class TooManyPagesError(InputFileError):
    vi = "Tệp {name} có {pages} trang, quá giới hạn {limit} trang mỗi tệp. Hãy tách tệp thành nhiều phần."
    en = "File {name} has {pages} pages, over the limit of {limit} pages per file. Split it into parts."


class FileTooManyPixelsError(InputFileError):
    vi = (
        "Tệp {name} có tổng cộng {megapixels:.0f} megapixel, quá giới hạn {limit:.0f} mỗi tệp. "
        "Hãy tách tệp hoặc quét lại ở 300 dpi."
    )
    en = (
        "File {name} holds {megapixels:.0f} megapixels in all, over the limit of {limit:.0f} per "
        "file. Split it or rescan at 300 dpi."
    )


class FileTooLargeError(InputFileError):
    vi = "Tệp {name} quá lớn ({megabytes:.0f} MB, tối đa {limit:.0f} MB)."
    en = "File {name} is too large ({megabytes:.0f} MB, limit {limit:.0f} MB)."


class EncryptedPdfError(InputFileError):
    vi = "Tệp PDF {name} được bảo vệ bằng mật khẩu. Hãy gỡ mật khẩu rồi nhập lại."
    en = "The PDF {name} is password-protected. Remove the password, then import it again."


class EmptyDocumentError(InputFileError):
    vi = "Tệp {name} không có trang nào."
    en = "File {name} has no pages."


# --- tools and environment -------------------------------------------------------------------


class MissingToolError(ScanStationError):
    exit_code = ExitCode.MISSING_TOOL
    vi = "Thiếu chương trình {tool}. Hãy chạy 'make run' hoặc cài gói {package}."
    en = "The program {tool} is missing. Run 'make run' or install the package {package}."


class ToolFailedError(ScanStationError):
    vi = "Chương trình {tool} gặp lỗi (mã {code}). Hãy thử lại; nếu lặp lại, báo quản trị viên."
    en = "The program {tool} failed (code {code}). Try again; if it repeats, tell the administrator."


class ToolTimeoutError(ToolFailedError):
    vi = "Chương trình {tool} không phản hồi sau {seconds:.0f} giây và đã bị dừng. Hãy thử lại."
    en = "The program {tool} did not answer within {seconds:.0f} s and was stopped. Try again."


# --- storage -----------------------------------------------------------------------------------


class StorageError(ScanStationError):
    exit_code = ExitCode.STORAGE
    vi = "Không ghi được dữ liệu vào {path}. Hãy kiểm tra dung lượng đĩa và quyền ghi."
    en = "Cannot write data to {path}. Check free disk space and write permission."


class DiskFullError(StorageError):
    vi = "Ổ đĩa đã đầy khi ghi {path}. Hãy giải phóng dung lượng rồi thử lại; không có dữ liệu nào bị mất."
    en = "The disk is full while writing {path}. Free some space and try again; nothing was lost."


class WorkspaceError(StorageError):
    vi = "Không mở được kho dữ liệu {path}. Hãy kiểm tra thư mục SCANSTATION_HOME."
    en = "Cannot open the workspace {path}. Check the SCANSTATION_HOME folder."


class VaultError(StorageError):
    """Encryption at rest (``vault.py``): the key cannot be found or does not open the data."""

    vi = "Không mở được dữ liệu đã mã hóa của kho {path}. Hãy kiểm tra khóa mã hóa."
    en = "Cannot open the encrypted data of workspace {path}. Check the encryption key."


class VaultKeyMissingError(VaultError):
    vi = ("Kho {path} được mã hóa nhưng không tìm thấy khóa ({where}). Hãy cắm/khôi phục tệp "
          "khóa hoặc đặt SCANSTATION_KEY_FILE / SCANSTATION_PASSPHRASE đúng.")
    en = ("Workspace {path} is encrypted but its key was not found ({where}). Restore the key "
          "file, or set SCANSTATION_KEY_FILE / SCANSTATION_PASSPHRASE correctly.")


class VaultWrongKeyError(VaultError):
    vi = ("Khóa ({where}) không phải khóa của kho {path}: dữ liệu không mở được. Hãy dùng đúng "
          "tệp khóa hoặc mật khẩu đã đặt khi bật mã hóa.")
    en = ("The key ({where}) is not the key of workspace {path}: its data cannot be opened. Use "
          "the key file or passphrase set when encryption was turned on.")


class VaultDataError(VaultError):
    vi = "Tệp {path} đã mã hóa bị hỏng hoặc bị sửa (không qua được kiểm tra AES-GCM)."
    en = "Encrypted file {path} is damaged or was altered (it fails the AES-GCM check)."


class VaultConfigError(VaultError):
    vi = "Cấu hình mã hóa không dùng được: {reason_vi}."
    en = "The encryption setting cannot be used: {reason_en}."


class NotFoundError(ScanStationError):
    exit_code = ExitCode.USAGE
    vi = "Không tìm thấy {what} '{key}'."
    en = "{what} '{key}' not found."


# --- devices -----------------------------------------------------------------------------------


class DeviceError(ScanStationError):
    exit_code = ExitCode.DEVICE
    vi = "Máy quét gặp lỗi: {reason}. Hãy kiểm tra máy quét rồi thử lại."
    en = "The scanner reported an error: {reason}. Check the scanner and try again."


class DeviceNotFoundError(DeviceError):
    vi = "Không tìm thấy máy quét {device}. Hãy kiểm tra cáp/mạng rồi bấm 'Tìm thiết bị'."
    en = "Scanner {device} not found. Check the cable or network, then search for devices again."


class DeviceBusyError(DeviceError):
    vi = "Máy quét đang bận. Hãy chờ một lát rồi thử lại."
    en = "The scanner is busy. Wait a moment and try again."


class PaperJamError(DeviceError):
    vi = "Kẹt giấy trong máy quét. Hãy gỡ giấy kẹt rồi quét tiếp."
    en = "Paper jam in the scanner. Clear the jam, then continue scanning."


class FeederEmptyError(DeviceError):
    vi = "Khay nạp giấy trống. Hãy đặt giấy vào khay rồi quét."
    en = "The document feeder is empty. Load the pages, then scan."


class CoverOpenError(DeviceError):
    vi = "Nắp máy quét đang mở. Hãy đóng nắp rồi thử lại."
    en = "The scanner cover is open. Close it and try again."


class DriverCrashedError(DeviceError):
    vi = "Trình điều khiển máy quét bị dừng đột ngột. Ứng dụng vẫn chạy; hãy tắt/bật máy quét rồi thử lại."
    en = "The scanner driver stopped unexpectedly. The app is still running; power-cycle the scanner and try again."


class DeviceTimeoutError(DeviceError):
    vi = "Máy quét không phản hồi sau {seconds:.0f} giây. Hãy kiểm tra máy quét rồi thử lại."
    en = "The scanner did not answer within {seconds:.0f} s. Check the scanner and try again."


# --- OCR, PDF, signing -------------------------------------------------------------------------


class OcrError(ScanStationError):
    vi = "Không nhận dạng được chữ trên trang {page}. Hãy quét lại trang rõ hơn."
    en = "Could not recognise text on page {page}. Rescan the page more clearly."


class PdfInvalidError(ScanStationError):
    exit_code = ExitCode.PDF_INVALID
    vi = "Tệp PDF {name} không đạt chuẩn PDF/A-2b: {clause}. Hãy tạo lại tệp."
    en = "The PDF {name} is not valid PDF/A-2b: {clause}. Build the file again."


class PdfCheckFlagged(ScanStationError):
    """Not raised: the warning (and exit code) for a document that was written and kept although
    a self-check clause failed — a user never loses the document over a verification."""

    exit_code = ExitCode.PDF_FLAGGED
    vi = ("Đã ghi tệp {name}, nhưng bước tự kiểm tra chưa đạt: {clause}. Tệp vẫn được giữ; "
          "hãy mở tệp kiểm tra lớp chữ trước khi nộp.")
    en = ("Wrote {name}, but a self-check failed: {clause}. The file is kept; open it and check "
          "its text layer before you submit it.")


class SigningError(ScanStationError):
    exit_code = ExitCode.SIGNING
    vi = "Không ký số được: {reason}. Hãy kiểm tra thiết bị ký (USB token) hoặc tệp chứng thư."
    en = "Signing failed: {reason}. Check the signing token or certificate file."


class WrongPinError(SigningError):
    vi = "Mã PIN không đúng. Hãy nhập lại cẩn thận — nhập sai nhiều lần sẽ khóa thiết bị ký."
    en = "Wrong PIN. Enter it again carefully — repeated wrong PINs lock the token."


class TokenNotFoundError(SigningError):
    vi = "Không tìm thấy thiết bị ký '{label}'. Hãy cắm USB token rồi thử lại."
    en = "Signing token '{label}' not found. Plug in the USB token and try again."


# --- ID card -----------------------------------------------------------------------------------


class IdCardError(ScanStationError):
    vi = "Không đọc được mã QR trên căn cước: {reason}. Hãy quét lại mặt có mã QR ở 300 dpi."
    en = "Cannot read the ID card QR: {reason}. Rescan the side with the QR at 300 dpi."


# --- dossiers and portal -----------------------------------------------------------------------


class DossierError(ScanStationError):
    exit_code = ExitCode.USAGE
    vi = "Hồ sơ chưa hợp lệ: {reason}."
    en = "The dossier is not valid: {reason}."


class PortalError(ScanStationError):
    exit_code = ExitCode.PORTAL
    vi = "Cổng dịch vụ công không nhận hồ sơ: {reason}. Hồ sơ vẫn nằm trong hàng đợi và sẽ được gửi lại."
    en = "The portal did not accept the dossier: {reason}. It stays in the outbox and will be sent again."


class PortalRejectedError(PortalError):
    vi = "Cổng dịch vụ công từ chối hồ sơ: {reason}. Hãy kiểm tra và sửa hồ sơ rồi gửi lại."
    en = "The portal rejected the dossier: {reason}. Check and fix the dossier, then send it again."
