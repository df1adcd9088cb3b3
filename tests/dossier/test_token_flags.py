"""A token's PIN flags read before any PIN is tried (real SoftHSM2): after wrong PINs the state
says how close the token is to locking; a wrong PIN is its own error type so the caller forgets
the PIN; a token at its final try or locked is never given a PIN unless the officer confirmed.

What SoftHSM2 really does (checked here): it sets ``CKF_USER_PIN_COUNT_LOW`` after a wrong PIN and
clears it on the next good login; it never sets FINAL_TRY or LOCKED (it has no retry limit). Those
two states are therefore given by a ``Fake…`` state reader, and the real token proves no PIN was
tried: its COUNT_LOW flag stays clear.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from scanstation.errors import WrongPinError
from scanstation.pdf import token as token_mod
from scanstation.pdf.sign import PinLockedError, Pkcs11Credential, SessionPin, sign_file
from scanstation.pdf.token import (
    PinFinalTryError,
    TokenPinState,
    TokenWrongPinError,
    read_token_state,
)


def _p11(token) -> Pkcs11Credential:
    return Pkcs11Credential(token.module, token.label, token.key_label)


def _wrong(token) -> str:
    return "999999" if token.pin != "999999" else "111111"


def test_two_wrong_pins_report_count_low_then_a_good_login_clears_it(
    token, plain_pdf, tmp_path
) -> None:
    cred = _p11(token)
    sign_file(plain_pdf, tmp_path / "warm.pdf", cred, token.pin)  # start from a clean state
    before = read_token_state(cred)
    assert (before.count_low, before.final_try, before.locked) == (False, False, False)
    assert before.level == "ok" and before.can_try and not before.must_confirm

    for attempt in (1, 2):
        pin = SessionPin(_wrong(token))
        with pytest.raises(WrongPinError) as info:  # the type the caller catches to forget it
            sign_file(plain_pdf, tmp_path / f"bad{attempt}.pdf", cred, pin)
        assert isinstance(info.value, TokenWrongPinError)
        pin.forget()
        state = info.value.state
        assert (state.count_low, state.final_try, state.locked) == (True, False, False)
        assert state.level == "count_low" and not state.must_confirm
        assert "ít lần thử" in info.value.message_vi and "few tries" in info.value.message_en
        assert _wrong(token) not in str(info.value)
        assert read_token_state(cred) == state  # read again without logging in: the same

    assert "ít lần thử" in state.sentence_vi and "locks" in state.sentence_en
    sign_file(plain_pdf, tmp_path / "good.pdf", cred, token.pin)
    assert read_token_state(cred).level == "ok"


def test_wrong_pin_error_survives_the_helper_process_boundary() -> None:
    error = TokenWrongPinError(TokenPinState("T", count_low=True))
    back = pickle.loads(pickle.dumps(error))
    assert isinstance(back, TokenWrongPinError) and back.state == error.state
    assert back.message_vi == error.message_vi


class FakeStateReader:
    """Stands in for the flags SoftHSM2 cannot produce (FINAL_TRY, LOCKED)."""

    def __init__(self, state: TokenPinState) -> None:
        self.state = state
        self.calls = 0

    def __call__(self, credential) -> TokenPinState:
        self.calls += 1
        return self.state


@pytest.mark.parametrize(("state", "error"), [
    (TokenPinState("T", count_low=True, final_try=True), PinFinalTryError),
    (TokenPinState("T", count_low=True, final_try=True, locked=True), PinLockedError),
])
def test_final_try_and_locked_tokens_get_no_pin(token, plain_pdf, tmp_path, monkeypatch,
                                                state, error) -> None:
    cred = _p11(token)
    sign_file(plain_pdf, tmp_path / "warm.pdf", cred, token.pin)
    fake = FakeStateReader(state)
    monkeypatch.setattr(token_mod, "read_token_state", fake)
    with pytest.raises(error) as info:
        sign_file(plain_pdf, tmp_path / "x.pdf", cred, _wrong(token))
    assert fake.calls == 1 and info.value.message_vi and info.value.message_en
    monkeypatch.undo()
    # the real token saw no login: a wrong PIN would have set COUNT_LOW
    assert read_token_state(cred).level == "ok"
    assert not (tmp_path / "x.pdf").exists()


def test_final_try_is_tried_once_the_officer_confirmed(token, plain_pdf, tmp_path,
                                                       monkeypatch) -> None:
    cred = _p11(token)
    monkeypatch.setattr(token_mod, "read_token_state",
                        FakeStateReader(TokenPinState("T", count_low=True, final_try=True)))
    out = sign_file(plain_pdf, tmp_path / "ok.pdf", cred, token.pin, allow_final_try=True)
    assert out.output.is_file()


def test_states_have_bilingual_sentences() -> None:
    levels = {}
    for state in (TokenPinState("T"), TokenPinState("T", count_low=True),
                  TokenPinState("T", final_try=True), TokenPinState("T", locked=True)):
        assert state.sentence_vi and state.sentence_en and " — " in state.sentence
        levels[state.level] = state.sentence_vi
    assert list(levels) == ["ok", "count_low", "final_try", "locked"]
    assert len(set(levels.values())) == 4
    assert TokenPinState("T", final_try=True).must_confirm
    assert not TokenPinState("T", locked=True, final_try=True).can_try


def test_cli_warns_before_the_next_pin(token, plain_pdf, tmp_path) -> None:
    env = dict(os.environ, **token.env(), WRONG_PIN=_wrong(token), GOOD_PIN=token.pin,
               SCANSTATION_HOME=str(tmp_path / "home"))
    args = [sys.executable, "-m", "scanstation", "sign", str(plain_pdf), "--pkcs11-module",
            str(token.module), "--token-label", token.label]

    def sign(out: Path, var: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*args, "-o", str(out), "--pin-env", var], capture_output=True,
                              text=True, env=env, timeout=120, stdin=subprocess.DEVNULL)

    first = sign(tmp_path / "a.pdf", "WRONG_PIN")
    assert first.returncode == 7 and "Traceback" not in first.stderr
    assert "Mã PIN không đúng" in first.stderr and "ít lần thử" in first.stderr
    second = sign(tmp_path / "b.pdf", "GOOD_PIN")
    assert second.returncode == 0, second.stderr
    # the warning came before the PIN was used, then the good login cleared the flag
    assert "! Đã có lần nhập sai PIN" in second.stderr and "! A wrong PIN" in second.stderr
    third = sign(tmp_path / "c.pdf", "GOOD_PIN")
    assert third.returncode == 0 and "sai PIN" not in third.stderr
