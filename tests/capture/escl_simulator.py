"""An eSCL (AirScan) scanner simulator: a real HTTP server on 127.0.0.1 for the tests.

It serves ``ScannerCapabilities`` (platen + ADF with duplex), accepts ``POST /eSCL/ScanJobs``
(201 + Location), hands out generated pages on ``GET …/NextDocument`` (404 when the job is done),
honours ``DELETE`` (cancel) and reports ``ScannerStatus``. Faults on request: busy, a jam after N
pages, an empty feeder, slow pages. Each page shows its number as a count of black bars, so a
test can check which page it got.
"""

from __future__ import annotations

import io
import threading
import time
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from PIL import Image, ImageDraw

CAPS = """<?xml version="1.0" encoding="UTF-8"?>
<scan:ScannerCapabilities xmlns:scan="http://schemas.hp.com/imaging/escl/2011/05/03"
    xmlns:pwg="http://www.pwg.org/schemas/2010/12/sm">
  <pwg:Version>2.63</pwg:Version>
  <pwg:MakeAndModel>ScanStation eSCL Simulator</pwg:MakeAndModel>
  <pwg:SerialNumber>SIM-0001</pwg:SerialNumber>
  <scan:Platen><scan:PlatenInputCaps>
    <scan:MinWidth>16</scan:MinWidth><scan:MaxWidth>2550</scan:MaxWidth>
    <scan:MinHeight>16</scan:MinHeight><scan:MaxHeight>3508</scan:MaxHeight>
    <scan:SettingProfiles><scan:SettingProfile>
      <scan:ColorModes><scan:ColorMode>BlackAndWhite1</scan:ColorMode>
        <scan:ColorMode>Grayscale8</scan:ColorMode><scan:ColorMode>RGB24</scan:ColorMode>
      </scan:ColorModes>
      <scan:DocumentFormats><pwg:DocumentFormat>image/jpeg</pwg:DocumentFormat>
        <pwg:DocumentFormat>image/png</pwg:DocumentFormat>
        <pwg:DocumentFormat>application/pdf</pwg:DocumentFormat></scan:DocumentFormats>
      <scan:SupportedResolutions><scan:DiscreteResolutions>
        <scan:DiscreteResolution><scan:XResolution>75</scan:XResolution>
          <scan:YResolution>75</scan:YResolution></scan:DiscreteResolution>
        <scan:DiscreteResolution><scan:XResolution>150</scan:XResolution>
          <scan:YResolution>150</scan:YResolution></scan:DiscreteResolution>
        <scan:DiscreteResolution><scan:XResolution>300</scan:XResolution>
          <scan:YResolution>300</scan:YResolution></scan:DiscreteResolution>
      </scan:DiscreteResolutions></scan:SupportedResolutions>
    </scan:SettingProfile></scan:SettingProfiles>
  </scan:PlatenInputCaps></scan:Platen>
  <scan:Adf>
    <scan:AdfSimplexInputCaps>
      <scan:MaxWidth>2550</scan:MaxWidth><scan:MaxHeight>3508</scan:MaxHeight>
      <scan:SettingProfiles><scan:SettingProfile>
        <scan:ColorModes><scan:ColorMode>Grayscale8</scan:ColorMode>
          <scan:ColorMode>RGB24</scan:ColorMode></scan:ColorModes>
        <scan:DocumentFormats><pwg:DocumentFormat>image/png</pwg:DocumentFormat>
        </scan:DocumentFormats>
      </scan:SettingProfile></scan:SettingProfiles>
    </scan:AdfSimplexInputCaps>
    <scan:AdfDuplexInputCaps>
      <scan:MaxWidth>2550</scan:MaxWidth><scan:MaxHeight>3508</scan:MaxHeight>
    </scan:AdfDuplexInputCaps>
  </scan:Adf>
</scan:ScannerCapabilities>
"""


@dataclass
class Job:
    id: str
    settings: dict[str, str]
    pages_total: int
    served: int = 0
    cancelled: bool = False


@dataclass
class SimulatorState:
    feeder_sheets: int = 3           # sheets in the ADF
    busy_posts: int = 0              # answer this many POSTs with 503 first
    jam_after: int | None = None     # jam when this many pages were served
    page_delay: float = 0.0          # seconds before NextDocument answers
    jobs: dict[str, Job] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)
    adf_state: str = "ScannerAdfLoaded"
    images: list[bytes] = field(default_factory=list)  # served in turn instead of bar pages
    lock: threading.Lock = field(default_factory=threading.Lock)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def parse_settings(body: bytes) -> dict[str, str]:
    root = ET.fromstring(body)
    return {_local(el.tag): (el.text or "").strip() for el in root.iter() if len(el) == 0}


def render_page(number: int, settings: dict[str, str]) -> tuple[bytes, str]:
    """A page of the requested size and mode showing ``number`` black bars."""
    res = int(settings.get("XResolution", "300"))
    width = max(16, round(int(settings.get("Width", "2480")) * res / 300))
    height = max(16, round(int(settings.get("Height", "3508")) * res / 300))
    mode = {"RGB24": "RGB", "Grayscale8": "L", "BlackAndWhite1": "1"}[
        settings.get("ColorMode", "Grayscale8")]
    img = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(img)
    bar = max(4, width // 40)
    for i in range(number):
        x = bar + i * 3 * bar
        draw.rectangle([x, height // 4, x + bar, height // 2], fill=0)
    img = img.convert(mode)
    fmt = settings.get("DocumentFormatExt") or settings.get("DocumentFormat") or "image/png"
    buf = io.BytesIO()
    if fmt == "image/jpeg":
        img.convert("RGB" if mode == "RGB" else "L").save(buf, "JPEG", quality=90,
                                                           dpi=(res, res))
    else:
        fmt = "image/png"
        img.save(buf, "PNG", dpi=(res, res))
    return buf.getvalue(), fmt


class _Handler(BaseHTTPRequestHandler):
    server: EsclSimulator  # type: ignore[assignment]

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def _send(self, code: int, body: bytes = b"", ctype: str = "text/xml",
              headers: dict[str, str] | None = None) -> None:
        try:
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client cancelled and hung up (a stopped feeder), as a scanner sees it

    def do_GET(self) -> None:
        state = self.server.state
        state.requests.append(("GET", self.path))
        if self.path == "/eSCL/ScannerCapabilities":
            return self._send(200, CAPS.encode())
        if self.path == "/eSCL/ScannerStatus":
            busy = any(not j.cancelled and j.served < j.pages_total for j in state.jobs.values())
            body = (f'<?xml version="1.0"?><scan:ScannerStatus '
                    f'xmlns:scan="http://schemas.hp.com/imaging/escl/2011/05/03" '
                    f'xmlns:pwg="http://www.pwg.org/schemas/2010/12/sm">'
                    f'<pwg:State>{"Processing" if busy else "Idle"}</pwg:State>'
                    f'<scan:AdfState>{state.adf_state}</scan:AdfState></scan:ScannerStatus>')
            return self._send(200, body.encode())
        parts = self.path.strip("/").split("/")
        if len(parts) == 4 and parts[:2] == ["eSCL", "ScanJobs"] and parts[3] == "NextDocument":
            job = state.jobs.get(parts[2])
            if job is None or job.cancelled:
                return self._send(404)
            if state.jam_after is not None and job.served >= state.jam_after:
                state.adf_state = "ScannerAdfJam"
                return self._send(409)
            if job.served >= job.pages_total:
                return self._send(404)
            deadline = time.monotonic() + state.page_delay
            while time.monotonic() < deadline:
                if job.cancelled:
                    return self._send(404)
                time.sleep(0.01)
            with state.lock:
                job.served += 1
                number = job.served
            if state.images:  # e.g. an ID card on the glass
                data, fmt = state.images[(number - 1) % len(state.images)], "image/png"
            else:
                data, fmt = render_page(number, job.settings)
            return self._send(200, data, fmt)
        return self._send(404)

    def do_POST(self) -> None:
        state = self.server.state
        state.requests.append(("POST", self.path))
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.path != "/eSCL/ScanJobs":
            return self._send(404)
        if state.busy_posts > 0:
            state.busy_posts -= 1
            return self._send(503)
        settings = parse_settings(body)
        feeder = settings.get("InputSource") == "Feeder"
        if feeder and state.feeder_sheets == 0:
            state.adf_state = "ScannerAdfEmpty"
            return self._send(409)
        duplex = settings.get("Duplex") == "true"
        total = (state.feeder_sheets * (2 if duplex else 1)) if feeder else 1
        job = Job(uuid.uuid4().hex, settings, total)
        state.jobs[job.id] = job
        # A relative Location, as several real scanners send it.
        self._send(201, b"", headers={"Location": f"/eSCL/ScanJobs/{job.id}"})

    def do_DELETE(self) -> None:
        state = self.server.state
        state.requests.append(("DELETE", self.path))
        parts = self.path.strip("/").split("/")
        job = state.jobs.get(parts[-1]) if len(parts) == 3 else None
        if job is None:
            return self._send(404)
        job.cancelled = True
        self._send(200)


class EsclSimulator(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, state: SimulatorState | None = None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.state = state or SimulatorState()
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def device(self) -> str:
        return f"escl:http://127.0.0.1:{self.server_address[1]}/eSCL"

    def __enter__(self) -> EsclSimulator:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()
