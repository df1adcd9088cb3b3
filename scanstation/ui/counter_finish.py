"""The counter's end of a dossier: the signing credential and PIN (asked once, forgotten after
any failure), the check for missing documents before the build (build anyway with a reason),
the build, the queue (after which the dossier is locked), receipts and the next applicant.
Mixed into ``CounterPanel``."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from .focus import keep_focus
from .workers import CoreOp, ProgressFn

if TYPE_CHECKING:  # the mixin lives inside CounterPanel, a QWidget with every widget below
    _Panel = QWidget
else:
    _Panel = object

# the mixin's strings belong to the panel's context, where its self.tr() would look them up
translate = QCoreApplication.translate


class FinishMixin(_Panel):
    """Build, sign, queue and receipts for ``CounterPanel``."""

    if TYPE_CHECKING:
        def __getattr__(self, name: str) -> Any: ...

    session: Any
    settings: Any
    checklist: Any
    checklist_view: Any
    credential_factory: Any
    pin_prompt: Any
    result_label: Any
    run: Any
    say: Any
    refresh: Any
    tr: Any

    # --- 5. build, sign, queue, receipt ------------------------------------------------------

    def refresh_token_state(self) -> None:
        """Read the signing token's PIN flags in the background, so the PIN dialog can say how
        close the token is to locking (read again after every failure)."""
        credential = self.credential()
        if credential is None:
            return

        def keep(state: Any) -> None:
            self.token_state = state

        CoreOp(lambda progress, cancel: self.session.token_state(credential)) \
            .on_success(keep).on_failure(lambda _e: None).start(self.pool)

    def _ask_pin(self) -> str | None:
        """The PIN dialog, saying how close the token is to locking; a locked token gets no
        PIN at all, a token at its final try only after the officer confirms."""
        state = getattr(self, "token_state", None)
        self.allow_final_try = False
        if state is not None and not state.can_try:
            with keep_focus(self):
                QMessageBox.warning(self, translate("CounterPanel", "Signing token locked"), state.sentence)
            return None
        if state is not None and state.must_confirm:
            with keep_focus(self):
                answer = QMessageBox.question(
                    self, translate("CounterPanel", "Last try before the token locks"),
                    translate("CounterPanel", "{0}\n\nTry a PIN anyway?").format(state.sentence),
                    QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                    QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return None
            self.allow_final_try = True
        note = f"\n\n{state.sentence}" if state is not None and state.level != "ok" else ""
        with keep_focus(self):
            pin, ok = QInputDialog.getText(
                self, translate("CounterPanel", "Signing PIN"),
                translate("CounterPanel", "PIN of the signing token (kept in memory for this session only):")
                + note, QLineEdit.EchoMode.Password)
        return pin if ok and pin else None

    def credential(self) -> Any:
        """The signing credential from the settings (or a factory the station sets)."""
        if self.credential_factory is not None:
            return self.credential_factory()
        from ..pdf.sign import Pkcs11Credential, Pkcs12Credential

        if self.settings.get("signing/kind") == "pkcs12" and self.settings.get("signing/pkcs12"):
            return Pkcs12Credential(Path(str(self.settings.get("signing/pkcs12"))))
        label = str(self.settings.get("signing/token_label") or "")
        if not label:
            return None
        return Pkcs11Credential(Path(str(self.settings.get("signing/module"))), label,
                                str(self.settings.get("signing/key_label") or "") or None)

    def missing_documents(self) -> list[str]:
        """Required component documents still missing, by their plain names (from the
        checklist on screen: no store read on the Qt thread)."""
        rows = (self.checklist.row_object(r) for r in range(self.checklist.rowCount()))
        return [item.name for item in rows if item.status == "missing"]

    def ask_incomplete_reason(self, missing: list[str]) -> str | None:
        """Before any work: name what is missing and ask whether to build anyway, with a
        reason that goes into the manifest. None: the officer goes back to scan."""
        listed = "\n".join(f"• {name}" for name in missing)
        with keep_focus(self):
            reason, ok = QInputDialog.getText(
                self, translate("CounterPanel", "Required documents missing"),
                translate("CounterPanel", "These required documents are missing:\n{0}\n\nTo build the dossier "
                        "anyway, type the reason (it is written into the dossier); Esc goes back "
                        "to scanning.").format(listed))
        return reason.strip() if ok and reason.strip() else None

    def build_and_sign(self, incomplete_reason: str | None = None) -> CoreOp | None:
        if self.session.dossier is None or self.session.locked:
            return None
        missing = self.missing_documents()
        if missing and incomplete_reason is None:
            incomplete_reason = self.ask_incomplete_reason(missing)
            if incomplete_reason is None:
                self.say(translate("CounterPanel", "Not built: {0} missing").format(", ".join(missing)))
                self.checklist_view.setFocus()
                return None
        credential = self.credential()
        if credential is not None and not self.session.pin.is_set:
            pin = self.pin_prompt()
            if pin is None:
                return None
            self.session.pin.set(pin)
        out = self.session.home / "built" / self.session.dossier.id
        reason = incomplete_reason if missing else None
        allow_final_try = bool(getattr(self, "allow_final_try", False))

        def work(progress: ProgressFn, cancel: threading.Event) -> Any:
            # a failure (a wrong PIN above all) makes the session forget the PIN: the next
            # attempt asks again instead of replaying it against the token's retry counter
            return self.session.build_and_sign(out, credential, cancel=cancel,
                                               progress=progress, incomplete_reason=reason,
                                               allow_final_try=allow_final_try)

        return self.run(work, translate("CounterPanel", "Building and signing the dossier…"), self._built)

    def _built(self, result: Any) -> None:
        # the folder's name (the dossier code): a whole path does not wrap, at large text it
        # ran past the window; the path is in the tooltip
        self.result_label.setText(translate("CounterPanel", "Built and signed: {0}").format(
            Path(result.folder).name))
        self.result_label.setToolTip(str(result.folder))
        self.refresh()
        self.dossier_changed.emit()

    def queue(self) -> CoreOp | None:
        if self.session.last_build is None:
            return None
        return self.run(lambda progress, cancel: self.session.enqueue(),
                        translate("CounterPanel", "Queueing for upload…"), self._queued)

    def _queued(self, item_id: str) -> None:
        self.result_label.setText(translate(
            "CounterPanel",
            "Queued for upload: {0}. The dossier is now locked. Print the receipt (Ctrl+P), "
            "then press Ctrl+Shift+N for the next applicant.").format(item_id))
        self.say(translate("CounterPanel", "Queued for upload; the dossier is locked"))
        self._update_enabled()
        self.dossier_changed.emit()

    def next_applicant(self) -> None:
        """Clear the screen for the next applicant (the dossier stays in the store)."""
        if self.busy():
            self.say(translate("CounterPanel", "Wait for the current work to finish"))
            return
        self.session.next_applicant()
        self.prefill.set_record({}, [])
        self.card_warnings: list[str] = []
        self.ward_button.setVisible(False)
        self.checklist.set_checklist(None)
        self.pages.set_pages([])
        self.page_codes: dict[str, str] = {}
        self.text_view.clear()
        self.preview.setText(translate("CounterPanel", "Select a page to see it here"))
        self.result_label.setText("")
        self.dossier_label.setText(translate("CounterPanel", "No dossier yet: press Ctrl+N or pick a procedure"))
        self._update_enabled()
        self.new_dossier()
        self.dossier_changed.emit()

    def print_receipt(self) -> CoreOp | None:
        """The intake receipt for the citizen, at once and offline (portal up or down); once
        the portal has answered it carries the portal's receipt number too."""
        if self.session.dossier is None:
            return None
        target = self.session.home / "receipts" / f"{self.session.dossier.id}-tiep-nhan.pdf"
        officer = str(self.settings.get("station/officer") or "")
        return self.run(lambda progress, cancel: self.session.intake_receipt(target, officer),
                        translate("CounterPanel", "Making the receipt…"), self._receipt_made)

    def _receipt_made(self, path: Path | None) -> None:
        if path is None:
            self.result_label.setText(translate("CounterPanel", "The portal has not confirmed this dossier yet; "
                                              "print the receipt once it is sent."))
            return
        self.result_label.setText(translate("CounterPanel", "Receipt ready: {0}").format(path.name))
        self.result_label.setToolTip(str(path))
        self.last_receipt = path
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        if self.isVisible() and not self.property("no_open"):
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
