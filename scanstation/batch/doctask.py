"""The document task: a closed document's page results in, its checked PDF/A-2b out, as bytes.

It runs where the page tasks run (a pool worker or a Dask worker), so assembling and checking
each document's PDF scales with the workers instead of queueing on the coordinator. Like the
page task it writes nothing the job can see: the coordinator writes the returned bytes into
OUTDIR (temp, fsync, rename) and only then records the document's row, so a task run twice
(a worker lost, a resumed job) gives the same file once.
"""

from __future__ import annotations

import pickle
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class DocJob:
    seq: int
    file: str  # the file name in OUTDIR: only for the check's messages
    title: str
    file_code: str
    content_key: str
    # pickled page results in page order: they live on the coordinator's disk (the job state),
    # not on the share the workers read, so they travel with the task (~30–300 kB a page)
    results: tuple[bytes, ...]


@dataclass(frozen=True)
class DocOutcome:
    seq: int
    content_key: str
    pdf: bytes
    cpu: float = 0.0  # CPU seconds in the task (the job's cost, wherever it ran)


def assemble_document(job: DocJob) -> DocOutcome:
    """Build the document's PDF/A and check it (text layer included) before anyone sees it.
    A failed check raises ``PdfInvalidError`` (it survives the trip back from a worker)."""
    from ..pdf.check import check_pdfa
    from ..pdf.pdfa import PdfaOptions, PdfPage, build_pdfa, save_to

    cpu = time.process_time()
    results = [pickle.loads(data) for data in job.results]
    pdf = build_pdfa([PdfPage(r.image, r.dpi, r.ocr) for r in results],
                     PdfaOptions(title=job.title, dossier_id=job.file_code))
    # a private folder (0700): the pages are personal data
    with tempfile.TemporaryDirectory(prefix="scanstation-doc-") as tmp:
        path = Path(tmp) / job.file
        save_to(pdf, path)
        report = check_pdfa(path, expected_text=[r.ocr.text for r in results], qpdf="library")
        report.raise_if_invalid()
        data = path.read_bytes()
    return DocOutcome(job.seq, job.content_key, data, time.process_time() - cpu)
