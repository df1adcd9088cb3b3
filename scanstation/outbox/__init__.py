"""Offline-first outbox: freeze a dossier version, deliver it exactly once, keep its receipt.

``Outbox(home).add_path(folder_or_pdf)`` enqueues (the dossier builder and the app call this);
``SenderThread`` / ``run_workers`` deliver; ``receipts.write_receipt_pdf`` prints the receipt.
See docs/outbox.md and docs/portal-protocol.md.
"""

from __future__ import annotations

from .queue import AddResult, Outbox, OutboxItem, Parcel

__all__ = ["AddResult", "Outbox", "OutboxItem", "Parcel"]
