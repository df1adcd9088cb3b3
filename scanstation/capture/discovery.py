"""Every capture device the station can use, as ``scanstation devices`` lists them and the
window's device list shows them: SANE (system backends + the ``test`` scanner) and configured
eSCL network scanners (a backend that fails does not hide the others); and ``source_for``, the
source that drives a device string."""

from __future__ import annotations

from pathlib import Path

from ..errors import DeviceNotFoundError, ScanStationError
from .base import Device, Source


def discover(home: Path, *, test_only: bool = False
             ) -> tuple[list[Device], list[ScanStationError]]:
    """(devices, errors met on the way). A crashing or hanging system backend falls back to
    the test backend alone, which loads no system driver."""
    from .escl import EsclSource
    from .sane import SaneSource

    errors: list[ScanStationError] = []
    sane = SaneSource(home)
    try:
        devices = sane.list_devices(like="test:0" if test_only else None)
    except ScanStationError as error:
        errors.append(error)
        devices = [] if test_only else sane.list_devices(like="test:0")
    if not test_only:
        try:
            devices.extend(EsclSource(home).list_devices())
        except ScanStationError as error:
            errors.append(error)
    return devices, errors


def source_for(device: str, home: Path | None = None) -> Source:
    """The source that handles a device string: ``escl:http://…/eSCL``, ``camera:0`` or
    ``camera:/path/video.avi``, else a SANE name (``test:0``, ``pixma:…``, ``net:host:…``)."""
    if device.startswith(("escl:http://", "escl:https://")):
        from .escl import EsclSource

        return EsclSource(home)
    if device.startswith("camera:"):
        from .camera import CameraSource

        return CameraSource()
    if ":" not in device:
        raise DeviceNotFoundError(device=device or "?")
    from .sane import SaneSource

    return SaneSource(home=home)
