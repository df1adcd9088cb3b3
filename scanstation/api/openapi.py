"""The OpenAPI 3.1 document served at ``/v1/openapi.json`` (no token needed)."""

from __future__ import annotations

from typing import Any

ERROR = {"$ref": "#/components/schemas/Error"}


def _op(summary: str, ok: int = 200, body: str | None = None, ok_type: str = "application/json",
        errors: tuple[int, ...] = (401, 403), auth: bool = True) -> dict[str, Any]:
    op: dict[str, Any] = {"summary": summary, "responses": {
        str(ok): {"description": "OK", "content": {ok_type: {}}},
        **{str(code): {"description": "Error", "content": {"application/json": {"schema": ERROR}}}
           for code in errors}}}
    if not auth:
        op["security"] = []
    if body == "json":
        op["requestBody"] = {"content": {"application/json": {"schema": {"type": "object"}}}}
    elif body == "upload":
        op["requestBody"] = {"content": {t: {"schema": {"type": "string", "format": "binary"}}
                                         for t in ("image/png", "image/jpeg", "image/tiff",
                                                   "application/pdf", "application/json")}}
    return op


def document(url: str) -> dict[str, Any]:
    job = [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]
    return {
        "openapi": "3.1.0",
        "info": {"title": "ScanStation local API", "version": "1",
                 "description": "Loopback API of a ScanStation for the provincial one-stop web "
                                "system. Pair first (POST /v1/pair); every other call carries "
                                "'Authorization: Bearer TOKEN' from the approved origin. "
                                "See docs/local-api.md."},
        "servers": [{"url": url}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Error": {"type": "object", "required": ["code", "message_vi",
                                                                  "message_en"],
                                  "properties": {"code": {"type": "string"},
                                                 "message_vi": {"type": "string"},
                                                 "message_en": {"type": "string"}}}},
        },
        "security": [{"bearer": []}],
        "paths": {
            "/v1/openapi.json": {"get": _op("This document", errors=(), auth=False)},
            "/v1/pair": {"post": _op("Ask to pair this page's Origin → {pairing_id, code}", 202,
                                     "json", errors=(403, 415), auth=False)},
            "/v1/pair/{id}": {"get": {**_op("Poll: 202 pending, 200 {token}, 403 refused",
                                            errors=(403, 404), auth=False), "parameters": job}},
            "/v1/status": {"get": _op("Station status")},
            "/v1/devices": {"get": _op("Scanners, each with its remembered profile")},
            "/v1/idcard": {"post": _op("Read the citizen-ID QR from an uploaded image, or "
                                       "{device} to scan the card now → the idcard --json record",
                                       body="upload", errors=(401, 403, 413, 415))},
            "/v1/scans": {"post": _op("Start a scan {device, source, mode, resolution, pages, "
                                      "pdf, dossier_id, component} → job", 202, "json")},
            "/v1/jobs/{id}": {"get": {**_op("Job state, pages and files"), "parameters": job}},
            "/v1/jobs/{id}/events": {"get": {**_op("Progress as Server-Sent Events",
                                                   ok_type="text/event-stream"),
                                             "parameters": job}},
            "/v1/jobs/{id}/pages/{n}": {"get": _op("A cleaned page as PNG", ok_type="image/png")},
            "/v1/jobs/{id}/files/{name}": {"get": _op("A file the job made (scan.pdf, the "
                                                      "dossier's PDF/A files, manifest.json)",
                                                      ok_type="application/pdf")},
            "/v1/jobs/{id}/cancel": {"post": {**_op("Cancel", 202, "json"), "parameters": job}},
            "/v1/dossiers": {"post": _op("Create a dossier {procedure, applicant}", 201, "json")},
            "/v1/dossiers/{id}": {"get": {**_op("Dossier and checklist"), "parameters": job}},
            "/v1/dossiers/{id}/components/{code}/pages": {
                "post": _op("Add pages: {job_id} | {page_ids} | an image/PDF body",
                            body="upload")},
            "/v1/dossiers/{id}/build": {
                "post": {**_op("Build (and sign with the PIN typed at the station) → job", 202,
                               "json", errors=(401, 403, 409)), "parameters": job}},
        },
    }
