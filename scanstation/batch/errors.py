"""The batch's own errors (bilingual, with the CLI's exit codes)."""

from __future__ import annotations

from ..errors import ExitCode, ScanStationError, StorageError


class JobError(ScanStationError):
    exit_code = ExitCode.USAGE
    vi = "Lô quét '{job}' không hợp lệ: {reason}."
    en = "Batch job '{job}' is not valid: {reason}."


class JobNotFoundError(JobError):
    vi = "Không tìm thấy lô quét '{job}'. Hãy kiểm tra tên lô hoặc thư mục đầu ra."
    en = "Batch job '{job}' not found. Check the job name or its output folder."


class JobBusyError(JobError):
    exit_code = ExitCode.FAILED
    vi = "Lô quét '{job}' đang được một tiến trình khác chạy (pid {pid}). Hãy chờ tiến trình đó kết thúc."
    en = "Batch job '{job}' is being run by another process (pid {pid}). Wait for it to finish."


class JobIncompleteError(JobError):
    exit_code = ExitCode.FAILED
    vi = "Lô quét '{job}' còn {missing} trang chưa xử lý. Hãy chạy 'scanstation batch resume {job}'."
    en = "Batch job '{job}' has {missing} pages not processed yet. Run 'scanstation batch resume {job}'."


class ReviewPendingError(JobError):
    vi = ("Lô quét '{job}' còn {pending} trang cần kiểm tra. Hãy chạy 'scanstation batch review {job}' "
          "hoặc bỏ qua kiểm tra kèm lý do (--waive).")
    en = ("Batch job '{job}' still has {pending} pages to review. Run 'scanstation batch review {job}' "
          "or waive the review with a reason (--waive).")


class ExportTargetError(StorageError):
    vi = ("Không ghi được bản lưu vào {path}: {reason}. Lô quét tạm dừng, không mất dữ liệu; "
          "hãy kiểm tra ổ đích rồi chạy lại 'batch export'.")
    en = ("Cannot write the archive copy to {path}: {reason}. The job is paused and nothing is lost; "
          "check the target, then run 'batch export' again.")


class ExportVerifyError(StorageError):
    vi = "Bản lưu {path} không khớp mã băm sha256 sau khi ghi. Hãy kiểm tra ổ đích rồi xuất lại."
    en = "The archive copy {path} does not match its sha256 after writing. Check the target and export again."


class ArchiveSettingsError(JobError):
    vi = "Tệp thông tin lưu trữ {path} không hợp lệ: {reason}."
    en = "The archive settings file {path} is not valid: {reason}."
