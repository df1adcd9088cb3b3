"""Opening the officer's signing credential: a PKCS#12 file or a key on a PKCS#11 token.

The PIN lives only in memory (``SessionPin``). On a token, the flags are read before any login so
a locked token or one at its final try spends no PIN, and a wrong PIN is tried exactly once: a USB
token (Ban Cơ yếu, VNPT-CA, Viettel-CA) locks itself after a few wrong PINs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import FileNotFoundInputError, SigningError, TokenNotFoundError, WrongPinError
from .token import SigningModuleError

if TYPE_CHECKING:
    from pyhanko.sign.signers import Signer


class PinLockedError(SigningError):
    vi = (
        "Thiết bị ký đã bị khóa do nhập sai PIN nhiều lần. "
        "Hãy liên hệ đơn vị cấp chứng thư để mở khóa."
    )
    en = (
        "The signing token is locked after too many wrong PINs. "
        "Ask the certificate issuer to unlock it."
    )


# --- credentials and PIN ---------------------------------------------------------------------


@dataclass(frozen=True)
class Pkcs12Credential:
    """A ``.p12``/``.pfx`` file holding the officer's key and certificate."""

    path: Path

    def describe(self) -> str:
        return f"PKCS#12 {self.path.name}"


@dataclass(frozen=True)
class Pkcs11Credential:
    """A key on a PKCS#11 token (USB token, smart card, SoftHSM2)."""

    module: Path
    token_label: str
    key_label: str | None = None

    def describe(self) -> str:
        return f"PKCS#11 {self.token_label}"


Credential = Pkcs12Credential | Pkcs11Credential


class SessionPin:
    """Holds a PIN in memory for a signing session; never persisted, never shown in ``repr``.

    The UI asks once and reuses it for every document of a batch; ``forget()`` drops it (after a
    wrong PIN, at the end of the session).
    """

    __slots__ = ("_value",)

    def __init__(self, value: str | None = None) -> None:
        self._value = value

    def __repr__(self) -> str:
        return "SessionPin(***)" if self._value is not None else "SessionPin(None)"

    __str__ = __repr__

    def __reduce__(self) -> Any:  # pickling would write it somewhere
        raise TypeError("SessionPin cannot be pickled")

    @property
    def is_set(self) -> bool:
        return self._value is not None

    def get(self) -> str | None:
        return self._value

    def set(self, value: str) -> None:
        self._value = value

    def forget(self) -> None:
        self._value = None


# --- signer loading --------------------------------------------------------------------------


def _pkcs11_errors() -> tuple[type[BaseException], ...]:
    import pkcs11.exceptions as p11e

    return (p11e.PKCS11Error,)


def _load_pkcs12(cred: Pkcs12Credential, pin: str | None) -> Signer:
    from pyhanko.sign import signers

    if not cred.path.is_file():
        raise FileNotFoundInputError(name=cred.path.name)
    data = cred.path.read_bytes()
    try:
        return signers.SimpleSigner.load_pkcs12_data(
            data, other_certs=(), passphrase=pin.encode("utf-8") if pin else None
        )
    except ValueError as exc:
        # cryptography says "Invalid password or PKCS12 data"; tell the two apart by trying to
        # parse the container without a password only when none was given.
        cause = str(exc.__cause__ or exc).lower()
        if "password" in cause or pin:
            raise WrongPinError() from None
        raise SigningError(reason=f"tệp PKCS#12 hỏng / damaged PKCS#12 {cred.path.name}") from None


@contextmanager
def open_signer(
    credential: Credential, pin: SessionPin | str | None, *, allow_final_try: bool = False
) -> Iterator[Signer]:
    """Open the credential with ``pin``; on a token, the session closes when the block ends.

    A wrong PIN raises ``WrongPinError`` after exactly one login attempt (on a token, the
    subclass ``token.TokenWrongPinError`` carrying the flags read right after). Before logging
    in, the token's flags are read: a locked token raises ``PinLockedError`` and a token at its
    final try ``token.PinFinalTryError`` unless ``allow_final_try`` (the officer confirmed), so
    no PIN is spent on either.
    """
    pin_value = pin.get() if isinstance(pin, SessionPin) else pin
    if isinstance(credential, Pkcs12Credential):
        yield _load_pkcs12(credential, pin_value)
        return

    from pkcs11 import exceptions as p11e
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign import pkcs11 as ph11

    from .token import PinFinalTryError, TokenWrongPinError, read_token_state

    state = read_token_state(credential)
    if not state.can_try:
        raise PinLockedError()
    if state.must_confirm and not allow_final_try:
        raise PinFinalTryError()
    try:
        session = ph11.open_pkcs11_session(
            str(credential.module),
            token_criteria=TokenCriteria(label=credential.token_label),
            user_pin=pin_value,
        )
    except (p11e.PinIncorrect, p11e.PinLenRange, p11e.PinInvalid):
        raise TokenWrongPinError(_state_after_failure(credential, state)) from None
    except p11e.PinLocked:
        raise PinLockedError() from None
    except p11e.PKCS11Error as exc:
        if "No token" in str(exc) or isinstance(exc, p11e.NoSuchToken):
            raise TokenNotFoundError(label=credential.token_label) from None
        raise SigningError(reason=type(exc).__name__) from None
    except RuntimeError as exc:  # module cannot be loaded / initialised
        raise SigningModuleError(module=str(credential.module), detail=str(exc)) from None
    except OSError as exc:
        raise SigningModuleError(module=str(credential.module), detail=exc.strerror) from None
    try:
        key_label, key_id = _pick_key(session, credential.key_label)
        signer = ph11.PKCS11Signer(session, key_label=key_label, key_id=key_id)
        yield signer
    finally:
        with suppress(p11e.PKCS11Error):
            session.close()


def _state_after_failure(credential: Pkcs11Credential, before: Any) -> Any:
    """The flags right after a failed login (the previous ones if they cannot be read)."""
    from .token import read_token_state

    try:
        return read_token_state(credential)
    except SigningError:
        return before


def _pick_key(session: Any, key_label: str | None) -> tuple[str | None, bytes | None]:
    """The signing key to use: the labelled one, or the token's only private key."""
    from pkcs11 import Attribute, ObjectClass

    keys = list(session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY}))
    if key_label is not None:
        if not any(_attr(k, Attribute.LABEL) == key_label for k in keys):
            raise SigningError(
                reason=f"không có khóa '{key_label}' / no key labelled '{key_label}'"
            )
        return key_label, None
    if not keys:
        raise SigningError(reason="thiết bị không có khóa ký / the token holds no signing key")
    if len(keys) > 1:
        raise SigningError(
            reason="thiết bị có nhiều khóa, hãy chọn --key-label / several keys, pass --key-label"
        )
    key_id = _attr(keys[0], Attribute.ID)
    if key_id:
        return None, bytes(key_id)
    return _attr(keys[0], Attribute.LABEL), None


def _attr(obj: Any, attribute: Any) -> Any:
    try:
        return obj[attribute]
    except Exception:  # attribute absent or not readable on this token
        return None
