"""How close a signing token is to locking, read before any PIN is tried.

A USB token (Ban Cơ yếu, VNPT-CA, Viettel-CA) locks the officer's key after a few wrong PINs — a
day's work lost. PKCS#11 tokens report it in their flags, readable without logging in:
``CKF_USER_PIN_COUNT_LOW`` (a wrong PIN was entered since the last good login),
``CKF_USER_PIN_FINAL_TRY`` (one more wrong PIN locks the token) and ``CKF_USER_PIN_LOCKED``. The
dialog shows ``TokenPinState.sentence_vi``/``sentence_en`` before asking, and a PIN is not tried on
a final-try token unless the officer confirmed (``open_signer(..., allow_final_try=True)``).

Tokens differ in what they set: SoftHSM2 sets COUNT_LOW after the first wrong PIN and clears it on
the next good login, and never sets FINAL_TRY or LOCKED (it has no retry limit).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import SigningError, TokenNotFoundError, WrongPinError

OK = "ok"
COUNT_LOW = "count_low"
FINAL_TRY = "final_try"
LOCKED = "locked"

_SENTENCES = {
    OK: ("Thiết bị ký sẵn sàng.", "The signing token is ready."),
    COUNT_LOW: (
        "Đã có lần nhập sai PIN: thiết bị ký còn ít lần thử trước khi bị khóa. "
        "Hãy nhập thật cẩn thận.",
        "A wrong PIN was entered before: few tries are left before the token locks. "
        "Enter it carefully.",
    ),
    FINAL_TRY: (
        "CHỈ CÒN MỘT LẦN THỬ: nhập sai lần nữa thiết bị ký sẽ bị khóa. "
        "Chỉ thử khi chắc chắn PIN đúng.",
        "LAST TRY: one more wrong PIN locks the token. Try only if you are sure of the PIN.",
    ),
    LOCKED: (
        "Thiết bị ký đã bị khóa do nhập sai PIN nhiều lần: không thể ký. "
        "Hãy liên hệ đơn vị cấp chứng thư để mở khóa.",
        "The signing token is locked after too many wrong PINs: it cannot sign. "
        "Ask the certificate issuer to unlock it.",
    ),
}


@dataclass(frozen=True)
class TokenPinState:
    """The user-PIN flags of one token, with the sentence the PIN dialog shows."""

    label: str
    count_low: bool = False
    final_try: bool = False
    locked: bool = False

    @property
    def level(self) -> str:
        """The worst flag set: ``ok`` < ``count_low`` < ``final_try`` < ``locked``."""
        if self.locked:
            return LOCKED
        if self.final_try:
            return FINAL_TRY
        if self.count_low:
            return COUNT_LOW
        return OK

    @property
    def sentence_vi(self) -> str:
        return _SENTENCES[self.level][0]

    @property
    def sentence_en(self) -> str:
        return _SENTENCES[self.level][1]

    @property
    def sentence(self) -> str:
        return f"{self.sentence_vi} — {self.sentence_en}"

    @property
    def must_confirm(self) -> bool:
        """A PIN may be tried only after the officer confirmed."""
        return self.level == FINAL_TRY

    @property
    def can_try(self) -> bool:
        return self.level != LOCKED


class SigningModuleError(SigningError):
    vi = "Không nạp được thư viện PKCS#11 {module}. Hãy cài trình điều khiển của USB token."
    en = "Cannot load the PKCS#11 library {module}. Install the USB token's driver."


class PinFinalTryError(SigningError):
    """Not tried: the token is at its final try and the officer has not confirmed."""

    vi = (
        "Chưa thử PIN: thiết bị ký chỉ còn MỘT lần thử, nhập sai sẽ bị khóa. "
        "Hãy xác nhận trước khi thử (trên cửa sổ ký) hoặc liên hệ đơn vị cấp chứng thư."
    )
    en = (
        "PIN not tried: the token has ONE try left and a wrong PIN locks it. Confirm before "
        "trying (in the signing dialog) or contact the certificate issuer."
    )


class TokenWrongPinError(WrongPinError):
    """A wrong PIN, with the token's state read right after: forget the PIN, then ask again
    showing ``state.sentence_*``."""

    vi = "Mã PIN không đúng. {state_vi}"
    en = "Wrong PIN. {state_en}"

    def __init__(self, state: TokenPinState) -> None:
        self.state = state
        super().__init__(state_vi=state.sentence_vi if state.level != OK else
                         "Hãy nhập lại cẩn thận.",
                         state_en=state.sentence_en if state.level != OK else
                         "Enter it again carefully.")

    def __reduce__(self) -> Any:  # crosses from the build's helper process to the window
        return (type(self), (self.state,))


def token_state_from_flags(label: str, flags: int) -> TokenPinState:
    from pkcs11 import TokenFlag

    return TokenPinState(
        label=label,
        count_low=bool(flags & TokenFlag.USER_PIN_COUNT_LOW),
        final_try=bool(flags & TokenFlag.USER_PIN_FINAL_TRY),
        locked=bool(flags & TokenFlag.USER_PIN_LOCKED),
    )


def find_token(module: str, label: str) -> Any:
    """The ``pkcs11.Token`` labelled ``label`` (token info read afresh on each call)."""
    import pkcs11
    from pkcs11 import exceptions as p11e

    try:
        lib = pkcs11.lib(module)
        return lib.get_token(token_label=label)
    except (p11e.NoSuchToken, p11e.MultipleTokensReturned):
        raise TokenNotFoundError(label=label) from None
    except p11e.PKCS11Error as exc:
        raise SigningError(reason=type(exc).__name__) from None
    except (RuntimeError, OSError) as exc:  # the module cannot be loaded / initialised
        raise SigningModuleError(module=module, detail=str(exc)[:200]) from None


def read_token_state(credential: Any) -> TokenPinState:
    """The PIN flags of a ``Pkcs11Credential``'s token, without logging in."""
    if not credential.module.is_file():
        raise SigningModuleError(module=str(credential.module))
    token = find_token(str(credential.module), credential.token_label)
    return token_state_from_flags(credential.token_label, int(token.flags))
