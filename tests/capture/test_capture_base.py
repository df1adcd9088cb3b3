"""The capture protocol's shared pieces: device routing, option-name mapping, profiles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanstation.capture.base import (
    ScanOptions,
    Source,
    map_mode_name,
    map_source_name,
)
from scanstation.capture.camera import CameraSource
from scanstation.capture.discovery import source_for
from scanstation.capture.escl import EsclSource
from scanstation.capture.profiles import ProfileStore
from scanstation.capture.sane import SaneSource, error_for_status
from scanstation.errors import (
    CoverOpenError,
    DeviceError,
    DeviceNotFoundError,
    FeederEmptyError,
    PaperJamError,
)


def test_source_for_routes_device_strings(home: Path) -> None:
    assert isinstance(source_for("escl:http://10.0.0.5:8080/eSCL", home), EsclSource)
    assert isinstance(source_for("camera:0"), CameraSource)
    assert isinstance(source_for("pixma:MX920_10.0.0.7", home), SaneSource)
    for source in (EsclSource(), CameraSource(), SaneSource(home)):
        assert isinstance(source, Source)
    with pytest.raises(DeviceNotFoundError):
        source_for("scanner-in-the-corner")


def test_driver_names_map_to_our_words() -> None:
    assert map_mode_name(["Lineart", "Gray", "Color"]) == {
        "lineart": "Lineart", "gray": "Gray", "color": "Color"}
    assert map_mode_name(["Black & White", "Grayscale", "24bit Color"]) == {
        "lineart": "Black & White", "gray": "Grayscale", "color": "24bit Color"}
    assert map_source_name(["Flatbed", "ADF Front", "ADF Duplex"]) == {
        "flatbed": "Flatbed", "adf": "ADF Front", "duplex": "ADF Duplex"}
    assert map_source_name(["Flatbed", "Automatic Document Feeder"]) == {
        "flatbed": "Flatbed", "adf": "Automatic Document Feeder"}


def test_wanted_pages() -> None:
    assert ScanOptions("d").wanted_pages() == 1
    assert ScanOptions("d", source="adf").wanted_pages() is None
    assert ScanOptions("d", source="duplex", pages=4).wanted_pages() == 4


def test_sane_status_mapping_is_typed_and_bilingual() -> None:
    assert isinstance(error_for_status("JAMMED", "d"), PaperJamError)
    assert isinstance(error_for_status("NO_DOCS", "d"), FeederEmptyError)
    assert isinstance(error_for_status("COVER_OPEN", "d"), CoverOpenError)
    assert isinstance(error_for_status("NOT_FOUND", "pixma:1"), DeviceNotFoundError)
    other = error_for_status("IO_ERROR", "d")
    assert type(other) is DeviceError and "IO_ERROR" in other.message_en


def test_profiles_are_atomic_json_and_move_with_the_device(home: Path) -> None:
    store = ProfileStore(home)
    assert store.get("pixma:libusb:001:007") is None
    store.save("pixma:libusb:001:007", vendor="Canon", model="MX920",
               options={"source": "adf", "resolution": 200, "mode": "color", "junk": 1})
    data = json.loads(store.path.read_text())
    entry = data["devices"]["pixma:libusb:001:007"]
    assert entry["options"] == {"source": "adf", "resolution": 200, "mode": "color"}
    store.save("pixma:libusb:001:009", moved_from="pixma:libusb:001:007",
               options={"resolution": 300})
    assert store.get("pixma:libusb:001:007") is None
    moved = store.get("pixma:libusb:001:009")
    assert moved is not None and moved["model"] == "MX920"
    assert moved["options"] == {"source": "adf", "resolution": 300, "mode": "color"}
    assert not list(store.path.parent.glob(".tmp*"))
    store.path.write_text("{broken")  # a damaged file is not fatal: start afresh
    assert ProfileStore(home).all() == {}
