"""eSCL / AirScan network scanners through a small direct client (httpx).

The protocol is four HTTP calls on the scanner's base URL (``http://host:port/eSCL``):
``GET ScannerCapabilities`` (XML), ``POST ScanJobs`` with ``ScanSettings`` (201 + ``Location``),
``GET <job>/NextDocument`` until 404 (one page per call), ``DELETE <job>`` to cancel.
``GET ScannerStatus`` tells why a job stopped (ADF jam, feeder empty, cover open).

mDNS discovery is not possible offline, so devices are given as ``escl:http://host:port/eSCL``
strings, and the configured ones are listed from ``SCANSTATION_ESCL`` (comma separated) and
``<workspace>/capture/escl.json`` (``{"devices": ["escl:http://…/eSCL"]}``).

A blocking ``NextDocument`` (the scanner answers when the page is scanned) runs in a helper
thread so that cancel is honoured within a second: the job is DELETEd and the client closed.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import json
import logging
import os
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import imaging
from ..errors import (
    Cancelled,
    CoverOpenError,
    DeviceBusyError,
    DeviceError,
    DeviceNotFoundError,
    DeviceTimeoutError,
    FeederEmptyError,
    PaperJamError,
)
from .base import (
    CancelToken,
    Capabilities,
    CapturedPage,
    ColorMode,
    Device,
    NullEvents,
    ScanEvents,
    ScanOptions,
    SourceKind,
    unsupported,
)

if TYPE_CHECKING:
    import httpx

log = logging.getLogger("scanstation.capture.escl")

NS_SCAN = "http://schemas.hp.com/imaging/escl/2011/05/03"
NS_PWG = "http://www.pwg.org/schemas/2010/12/sm"
MODE_TO_ESCL: dict[ColorMode, str] = {"gray": "Grayscale8", "color": "RGB24",
                                      "lineart": "BlackAndWhite1"}
ESCL_TO_MODE = {v: k for k, v in MODE_TO_ESCL.items()}
FORMAT_PREFERENCE = ("image/png", "image/jpeg", "image/tiff", "application/pdf")
MM_PER_300TH = 25.4 / 300.0


def base_url(device: str) -> str:
    if not device.startswith("escl:"):
        raise DeviceNotFoundError(device=device)
    return device[len("escl:"):].rstrip("/")


def configured_devices(home: Path | None = None) -> list[str]:
    """eSCL device strings from ``SCANSTATION_ESCL`` and ``<home>/capture/escl.json``."""
    found: list[str] = []
    for item in os.environ.get("SCANSTATION_ESCL", "").split(","):
        item = item.strip()
        if item:
            found.append(item if item.startswith("escl:") else f"escl:{item}")
    if home is not None:
        try:
            data = json.loads((Path(home) / "capture" / "escl.json").read_text(encoding="utf-8"))
            for item in data.get("devices", []):
                item = str(item)
                found.append(item if item.startswith("escl:") else f"escl:{item}")
        except (OSError, ValueError, AttributeError):
            pass
    return list(dict.fromkeys(found))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _find_all(root: ET.Element, name: str) -> list[ET.Element]:
    return [el for el in root.iter() if _local(el.tag) == name]


def _text(root: ET.Element, name: str, default: str = "") -> str:
    for el in root.iter():
        if _local(el.tag) == name and el.text:
            return el.text.strip()
    return default


def parse_capabilities(device: str, xml_bytes: bytes) -> tuple[Capabilities, dict[str, Any]]:
    """``ScannerCapabilities`` XML → our Capabilities + raw facts (make/model, formats)."""
    try:
        root = ET.fromstring(xml_bytes)
    except ET.ParseError as exc:
        raise DeviceError(reason="eSCL capabilities unreadable") from exc
    sources: list[SourceKind] = []
    modes: set[ColorMode] = set()
    resolutions: set[int] = set()
    formats: list[str] = []
    max_w = max_h = 0.0
    for section, kind in (("Platen", "flatbed"), ("Adf", "adf")):
        for sect in _find_all(root, section):
            sources.append(kind)  # type: ignore[arg-type]
            if kind == "adf" and _find_all(sect, "AdfDuplexInputCaps"):
                sources.append("duplex")
            for mode in _find_all(sect, "ColorMode"):
                if mode.text and mode.text.strip() in ESCL_TO_MODE:
                    modes.add(ESCL_TO_MODE[mode.text.strip()])
            for res in _find_all(sect, "XResolution"):
                if res.text and res.text.strip().isdigit():
                    resolutions.add(int(res.text.strip()))
            for fmt in _find_all(sect, "DocumentFormatExt") + _find_all(sect, "DocumentFormat"):
                if fmt.text and fmt.text.strip() not in formats:
                    formats.append(fmt.text.strip())
            w = _text(sect, "MaxWidth", "0")
            h = _text(sect, "MaxHeight", "0")
            max_w = max(max_w, float(w) * MM_PER_300TH if w.isdigit() else 0.0)
            max_h = max(max_h, float(h) * MM_PER_300TH if h.isdigit() else 0.0)
    caps = Capabilities(
        device=device,
        resolutions=tuple(sorted(resolutions)),
        modes=tuple(m for m in ("gray", "color", "lineart") if m in modes),
        sources=tuple(dict.fromkeys(sources)),
        max_width_mm=max_w,
        max_height_mm=max_h,
    )
    facts = {"make_and_model": _text(root, "MakeAndModel"), "formats": formats,
             "serial": _text(root, "SerialNumber")}
    return caps, facts


def scan_settings_xml(options: ScanOptions, caps: Capabilities, document_format: str) -> bytes:
    """The ``ScanSettings`` document for ``POST ScanJobs``."""
    ET.register_namespace("scan", NS_SCAN)
    ET.register_namespace("pwg", NS_PWG)
    s = f"{{{NS_SCAN}}}"
    p = f"{{{NS_PWG}}}"
    root = ET.Element(f"{s}ScanSettings")
    ET.SubElement(root, f"{p}Version").text = "2.0"
    regions = ET.SubElement(root, f"{p}ScanRegions")
    region = ET.SubElement(regions, f"{p}ScanRegion")
    width_mm = options.width_mm or caps.max_width_mm or 210.0
    height_mm = options.height_mm or caps.max_height_mm or 297.0
    ET.SubElement(region, f"{p}ContentRegionUnits").text = "escl:ThreeHundredthsOfInches"
    ET.SubElement(region, f"{p}XOffset").text = "0"
    ET.SubElement(region, f"{p}YOffset").text = "0"
    ET.SubElement(region, f"{p}Width").text = str(round(width_mm / MM_PER_300TH))
    ET.SubElement(region, f"{p}Height").text = str(round(height_mm / MM_PER_300TH))
    ET.SubElement(root, f"{p}InputSource").text = "Platen" if options.source == "flatbed" \
        else "Feeder"
    if options.source != "flatbed":
        ET.SubElement(root, f"{s}Duplex").text = "true" if options.source == "duplex" else "false"
    ET.SubElement(root, f"{s}ColorMode").text = MODE_TO_ESCL[options.mode]
    ET.SubElement(root, f"{s}XResolution").text = str(options.resolution)
    ET.SubElement(root, f"{s}YResolution").text = str(options.resolution)
    ET.SubElement(root, f"{p}DocumentFormat").text = document_format
    ET.SubElement(root, f"{s}DocumentFormatExt").text = document_format
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


class EsclSource:
    """The ``Source`` for eSCL devices."""

    backend = "escl"

    def __init__(self, home: Path | None = None, *, timeout: float = 60.0,
                 connect_timeout: float = 5.0, busy_retry: float = 0.3) -> None:
        self.home = home
        self.timeout = timeout
        self.connect_timeout = connect_timeout
        self.busy_retry = busy_retry

    def _client(self) -> httpx.Client:
        import httpx

        # Many AirScan devices serve https with a self-signed certificate; checking it stays the
        # default, and SCANSTATION_ESCL_INSECURE=1 accepts such a scanner on a trusted LAN.
        verify = os.environ.get("SCANSTATION_ESCL_INSECURE", "") not in ("1", "yes", "true")
        return httpx.Client(timeout=httpx.Timeout(self.timeout, connect=self.connect_timeout),
                            follow_redirects=False, verify=verify)

    def _get_caps(self, client: httpx.Client, device: str) -> tuple[Capabilities, dict[str, Any]]:
        import httpx

        try:
            response = client.get(f"{base_url(device)}/ScannerCapabilities")
        except httpx.TimeoutException as exc:
            raise DeviceTimeoutError(seconds=self.connect_timeout) from exc
        except httpx.HTTPError as exc:
            raise DeviceNotFoundError(device=device) from exc
        if response.status_code != 200:
            raise DeviceNotFoundError(device=device, detail=f"HTTP {response.status_code}")
        return parse_capabilities(device, response.content)

    def list_devices(self, cancel: CancelToken | None = None) -> list[Device]:
        devices = []
        for name in configured_devices(self.home):
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            model = ""
            try:
                with self._client() as client:
                    client.timeout = self.connect_timeout
                    _caps, facts = self._get_caps(client, name)
                    model = facts["make_and_model"]
            except DeviceError:
                model = "(unreachable)"
            devices.append(Device(name=name, vendor="eSCL", model=model, kind="network scanner",
                                  backend="escl"))
        return devices

    def capabilities(self, device: str, cancel: CancelToken | None = None) -> Capabilities:
        with self._client() as client:
            return self._get_caps(client, device)[0]

    def _status_error(self, client: httpx.Client, device: str, http_status: int) -> DeviceError:
        """Why did the scanner refuse? ``ScannerStatus`` says (jam, empty feeder, cover)."""
        state = adf = ""
        try:
            response = client.get(f"{base_url(device)}/ScannerStatus", timeout=5.0)
            root = ET.fromstring(response.content)
            state, adf = _text(root, "State"), _text(root, "AdfState")
        except Exception:
            pass
        if "Jam" in adf:
            return PaperJamError()
        if "Empty" in adf:
            return FeederEmptyError()
        if "Open" in adf or "CoverOpen" in state:
            return CoverOpenError()
        if http_status == 503 or state == "Processing":
            return DeviceBusyError()
        return DeviceError(reason=f"eSCL HTTP {http_status}")

    def scan(
        self, options: ScanOptions, cancel: CancelToken | None = None,
        events: ScanEvents | None = None,
    ) -> Iterator[CapturedPage]:
        import httpx

        events = events or NullEvents()
        device = options.device
        client = self._client()
        job: str | None = None
        exhausted = False
        pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
        try:
            caps, facts = self._get_caps(client, device)
            if options.source not in caps.sources:
                raise unsupported(device, "source", options.source, caps.sources)
            if caps.modes and options.mode not in caps.modes:
                raise unsupported(device, "mode", options.mode, caps.modes)
            if caps.resolutions and options.resolution not in caps.resolutions:
                raise unsupported(device, "resolution", options.resolution, caps.resolutions)
            fmt = next((f for f in FORMAT_PREFERENCE if f in facts["formats"]), "image/jpeg")
            if fmt == "application/pdf":
                raise DeviceError(reason="eSCL scanner offers only PDF")
            body = scan_settings_xml(options, caps, fmt)
            deadline = time.monotonic() + self.timeout
            while True:
                self._check(cancel)
                response = client.post(f"{base_url(device)}/ScanJobs", content=body,
                                       headers={"Content-Type": "text/xml"})
                if response.status_code == 503 and time.monotonic() < deadline:
                    time.sleep(self.busy_retry)  # busy warming up: eSCL says retry
                    continue
                break
            if response.status_code != 201 or "location" not in response.headers:
                raise self._status_error(client, device, response.status_code)
            job = str(httpx.URL(f"{base_url(device)}/ScanJobs").join(response.headers["location"]))
            # eSCL jobs end with a 404 even on the platen: read until then unless a page
            # count was asked for, so the scanner closes the job itself.
            wanted = options.pages or None
            index = 0
            while wanted is None or index < wanted:
                events.page_start(index)
                future = pool.submit(client.get, f"{job}/NextDocument")
                started = time.monotonic()
                while True:
                    try:
                        result = future.result(timeout=0.05)
                        break
                    except concurrent.futures.TimeoutError:
                        if cancel is not None and cancel.is_set():
                            raise Cancelled() from None
                        if time.monotonic() - started > self.timeout:
                            raise DeviceTimeoutError(seconds=self.timeout) from None
                    except httpx.TimeoutException as exc:
                        raise DeviceTimeoutError(seconds=self.timeout) from exc
                    except httpx.HTTPError as exc:
                        raise DeviceError(reason="eSCL connection lost") from exc
                if result.status_code == 404:
                    exhausted = True
                    if index == 0 and options.source != "flatbed":
                        raise FeederEmptyError()
                    if index == 0:
                        raise DeviceError(reason="eSCL job ended without a page")
                    events.notice("feeder empty")
                    exhausted = True
                    break
                if result.status_code == 503:
                    time.sleep(self.busy_retry)
                    continue
                if result.status_code != 200:
                    raise self._status_error(client, device, result.status_code)
                events.page_progress(index, 1.0)
                data = result.content
                name = f"escl-{index + 1:04d}"
                media, frames = imaging.probe(data, name)  # refuses a truncated or odd page
                if media == imaging.MEDIA_PDF:
                    raise DeviceError(reason="eSCL scanner sent a PDF page")
                yield CapturedPage(index=index, data=data, media_type=media,
                                   width=frames[0].width, height=frames[0].height,
                                   dpi=float(options.resolution),
                                   name=f"{name}{_suffix(media)}",
                                   info={"device": device, "job": job})
                index += 1
        except httpx.HTTPError as exc:
            raise DeviceError(reason="eSCL connection failed", detail=type(exc).__name__) from exc
        finally:
            if job is not None and not exhausted:
                # Cancelled, failed, enough pages, or the caller stopped reading: free the
                # scanner (a job left open keeps some scanners busy for minutes).
                with contextlib.suppress(httpx.HTTPError):
                    client.delete(job, timeout=2.0)
            client.close()
            pool.shutdown(wait=False, cancel_futures=True)

    @staticmethod
    def _check(cancel: CancelToken | None) -> None:
        if cancel is not None and cancel.is_set():
            raise Cancelled()


def _suffix(media_type: str) -> str:
    return {"image/png": ".png", "image/jpeg": ".jpg", "image/tiff": ".tif"}.get(media_type,
                                                                                 ".bin")
