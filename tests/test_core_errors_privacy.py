from __future__ import annotations

import logging

from scanstation import errors, privacy


def _all_error_classes():
    seen, todo = [], [errors.ScanStationError]
    while todo:
        cls = todo.pop()
        seen.append(cls)
        todo.extend(cls.__subclasses__())
    return seen


def test_every_error_has_distinct_vietnamese_and_english_text():
    for cls in _all_error_classes():
        assert cls.vi and cls.en, cls
        assert cls.vi != cls.en, cls
        # Vietnamese text carries Vietnamese letters
        assert any(ch in cls.vi for ch in "ăâđêôơưạảãàáậẩẫầấắằẳẵặẹẻẽèéệểễềếịỉĩìíọỏõòóộổỗồốớờởỡợụủũùúựửữừứỵỷỹỳý"), cls


def test_error_message_fills_parameters_in_both_languages():
    err = errors.ImageTooLargeError(name="scan.tif", megapixels=400.0, limit=150.0)
    assert "scan.tif" in err.message_vi and "scan.tif" in err.message_en
    assert "300 dpi" in err.message_vi
    assert err.exit_code == errors.ExitCode.INPUT_FILE
    assert err.to_dict()["message_en"].startswith("Image scan.tif is too large")


def test_masks():
    assert privacy.mask_id("001089012345") == "001*******45"
    assert privacy.mask_id("012345678") == "01*****78"
    assert privacy.mask_name("Nguyễn Thị Hồng") == "N… T… H…"
    assert "Hà Nội" in privacy.mask_address("Số 12, Ngõ 45, Ô Chợ Dừa, Đống Đa, Hà Nội")
    assert "Số 12" not in privacy.mask_address("Số 12, Ngõ 45, Ô Chợ Dừa, Đống Đa, Hà Nội")


def test_log_filter_masks_ids_payloads_and_registered_names(caplog):
    logger = logging.getLogger("scanstation.test.privacy")
    handler = logging.Handler()
    records: list[str] = []
    handler.emit = lambda record: records.append(record.getMessage())  # type: ignore[method-assign]
    handler.addFilter(privacy.PiiFilter())
    logger.addHandler(handler)
    try:
        privacy.register_personal_data("Trần Văn Bình")
        payload = "036203012334||Lê Minh Phước|24092003|Nam|Tổ 3, Hoàng Liệt, Hà Nội|12112024||||"
        logger.warning("read %s for %s id %s", payload, "Trần Văn Bình", "001089012345")
    finally:
        logger.removeHandler(handler)
    text = records[0]
    assert "001089012345" not in text and "001*******45" in text
    assert "Lê Minh Phước" not in text and "24092003" not in text
    assert "Trần Văn Bình" not in text


def test_an_error_raised_in_a_worker_process_keeps_both_languages():
    """Batch tasks run in pool or Dask workers; what they raise is pickled back to the runner.
    Rebuilt from its English text alone, it had lost its parameters and its Vietnamese."""
    import pickle

    from scanstation.errors import PdfInvalidError
    from scanstation.outbox.errors import TransientPortalError

    error = PdfInvalidError(name="HS-1975-012.001.pdf", clause="6.2.11 glyph widths")
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is PdfInvalidError and back.params == error.params
    assert back.message_vi == error.message_vi and "HS-1975-012.001.pdf" in back.message_vi
    assert back.exit_code == error.exit_code
    transient = pickle.loads(pickle.dumps(TransientPortalError("timeout", status=503)))
    assert (transient.reason, transient.status) == ("timeout", 503)  # its own signature
