"""The one Tesseract loader, and the engine that reads words with boxes and confidences.

Loading the ``vie`` model costs about as much as reading a short page, so one
``PyTessBaseAPI`` per thread and per language is kept loaded and reused by the OCR page task,
its second looks (a line, a block, a word: the page-segmentation mode is set per read, not a
model each) and the cleanup stages' quick reads (orientation). tesserocr's
API is not thread-safe, hence per thread; a worker process has one thread, so one API each.
OpenMP is limited to one thread before tesserocr loads: one Tesseract per core wins on this box
(DESIGN §4).
"""

from __future__ import annotations

import os
import threading
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from .results import Word

if TYPE_CHECKING:  # NumPy and Pillow load later: a one-page call starts Tesseract first
    import numpy as np
    from PIL import Image

TESSDATA_CANDIDATES = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
)

_local = threading.local()


def tessdata_dir(lang: str = "vie") -> str:
    """The tessdata folder that holds ``lang``: ``TESSDATA_PREFIX`` when it has the model, else
    Debian's folders (the tesserocr wheel's built-in default, ``./``, finds nothing)."""
    env = os.environ.get("TESSDATA_PREFIX")
    for candidate in ([env] if env else []) + list(TESSDATA_CANDIDATES):
        if (Path(candidate) / f"{lang}.traineddata").is_file():
            return candidate
    from ..errors import MissingToolError

    raise MissingToolError(tool=f"tesseract {lang}", package=f"tesseract-ocr-{lang}")


def _thread_apis() -> dict[str, Any]:
    cache: dict[str, Any] | None = getattr(_local, "apis", None)
    if cache is None:
        cache = _local.apis = {}
    return cache


def _load_api(lang: str, psm: int) -> Any:
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    import tesserocr

    return tesserocr.PyTessBaseAPI(path=tessdata_dir(lang), lang=lang, psm=psm)


class _Preload(threading.Thread):
    """A Tesseract being loaded for the thread that started it (the result, or the error to
    raise there)."""

    def __init__(self, lang: str, psm: int) -> None:
        # not a daemon: a call that fails on its input exits while the model may still be
        # loading, and C++ must not be torn down under a thread still inside it
        super().__init__(name="tesseract-preload", daemon=False)
        self.lang, self.psm = lang, psm
        self.api: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.api = _load_api(self.lang, self.psm)
        except BaseException as exc:  # handed to the thread that asked, raised there
            self.error = exc


def preload_api(lang: str = "vie", psm: int = 3) -> None:
    """Start loading this thread's Tesseract for ``lang`` in the background (``psm``: the
    mode it starts in; every read sets its own).

    Loading the model is 0.1 s of C++ that releases the GIL: a one-page CLI call overlaps it with
    decoding and cleaning the page instead of waiting for it (issue 14). ``tesseract_api`` in
    this thread adopts the loaded API; nothing happens when it is loaded or loading already.
    """
    key = lang
    if key in _thread_apis():
        return
    pending: dict[str, _Preload] = getattr(_local, "preloads", None) or {}
    _local.preloads = pending
    if key not in pending:
        pending[key] = _Preload(lang, psm)
        pending[key].start()


def tesseract_api(lang: str = "vie", psm: int = 3) -> Any:
    """The loaded Tesseract of this thread for ``lang``, loading it on first use, set to
    page-segmentation mode ``psm``. One model per language: a second model for another mode
    cost 0.1–0.2 CPU s of a one-page call that reads a doubtful line again (issue 14)."""
    cache = _thread_apis()
    key = lang
    if key not in cache:
        pending: dict[str, _Preload] = getattr(_local, "preloads", None) or {}
        preload = pending.pop(key, None)
        if preload is not None:
            preload.join()
            if preload.error is not None:
                raise preload.error
            cache[key] = preload.api
        else:
            cache[key] = _load_api(lang, psm)
    api = cache[key]
    if api.GetPageSegMode() != psm:
        api.SetPageSegMode(psm)
    return api


_BESIDE: list[ThreadPoolExecutor] = []
_BESIDE_LOCK = threading.Lock()


def beside_executor() -> ThreadPoolExecutor:
    """The one thread that reads beside the page task's own (``ocr.bands``: the lower band of a
    page while the page task reads the upper one). It keeps a Tesseract of its own, as every
    thread does; one thread, so its model is never used by two reads at once."""
    with _BESIDE_LOCK:
        if not _BESIDE:
            _BESIDE.append(ThreadPoolExecutor(max_workers=1,
                                              thread_name_prefix="tesseract-beside"))
        return _BESIDE[0]


def preload_beside(lang: str = "vie", psm: int = 3) -> None:
    """Start loading the model of ``beside_executor``'s thread: it loads while the page is
    decoded and cleaned, as this thread's own does (``preload_api``)."""
    beside_executor().submit(tesseract_api, lang, psm)


def spare_core(pages: int, jobs: int | None) -> bool:
    """Whether a call of ``pages`` pages in this process has a core to spare for the lower band
    of its page (``ocr.bands``): one page, not limited to one job, on a machine of two cores or
    more. More pages go to worker processes, one per core."""
    return pages == 1 and (jobs is None or jobs > 1) and (os.cpu_count() or 1) > 1


def warm_start(pages: int, jobs: int | None, lang: str = "vie", psm: int = 3) -> None:
    """Start loading the models that a call of ``pages`` pages (0: not known yet) will read
    with in this thread, before the rest of the call is imported.

    A one-page CLI call spends 0.2 s importing NumPy, OpenCV and the pipeline on one core: the
    two Tesseracts (this thread's and the lower band's, 0.08 s each of C++ that releases the GIL)
    load on the other meanwhile, instead of beside the page's cleanup (issue 14). Nothing
    loads for more pages on several cores: those are read in worker processes."""
    if pages == 1 or jobs == 1:
        preload_api(lang, psm)
    if spare_core(pages, jobs):
        preload_beside(lang, psm)


def set_image(api: Any, img: Image.Image) -> None:
    """Hand ``img`` to Tesseract. A greyscale image goes in as raw bytes: tesserocr's
    ``SetImage`` writes any PIL image to an in-memory BMP for Leptonica to parse again, which
    cost 0.02–0.045 s on a 300-dpi page against 0.012 s (issue 14: per-call cost)."""
    if img.mode == "L":
        api.SetImageBytes(img.tobytes(), img.width, img.height, 1, img.width)
    else:
        api.SetImage(img)


class OcrEngine(Protocol):
    """A recognizer: words with boxes (in the pixels of ``gray``) and confidences."""

    name: str

    def words(self, gray: Image.Image, dpi: float, psm: int | None = None,
              choices: bool = False) -> list[Word]:
        """Words on the page; ``psm=7`` reads ``gray`` as one line (the recovery pass);
        ``choices``: each word's readings that differ in diacritics (``Word.readings``)."""
        ...


@dataclass
class TesseractEngine:
    lang: str = "vie"
    psm: int = 3
    name: str = "tesseract"

    def words(self, gray: Image.Image, dpi: float, psm: int | None = None,
              choices: bool = False) -> list[Word]:
        api = tesseract_api(self.lang, self.psm if psm is None else psm)
        set_image(api, gray)
        api.SetSourceResolution(max(70, round(dpi)))
        if not choices:
            return _read(api, choices=False)
        # the alternatives of every letter are kept only when asked: it costs ~10 % of the
        # recognition time, so only the lines that need it are read this way (``ocr.lattice``);
        # the shared model's other readers (orientation, the next page) go without them
        api.SetVariable("lstm_choice_mode", "2")
        try:
            return _read(api, choices=True)
        finally:
            api.SetVariable("lstm_choice_mode", "0")


def _read(api: Any, *, choices: bool) -> list[Word]:
    """Recognise the image set on ``api``: its words, with their readings if ``choices``."""
    import tesserocr

    api.Recognize()
    out: list[Word] = []
    iterator = api.GetIterator()
    if iterator is None:
        api.Clear()
        return out
    level = tesserocr.RIL.SYMBOL if choices else tesserocr.RIL.WORD
    symbols: list[tuple[str, list[tuple[str, float]]]] = []
    # A block Tesseract turned to read as vertical text is believed only when it reads sure
    # (a real line of text up the margin reads at 90 and more). Stacked short words were
    # taken for one vertical line and read "ƠI", "+", "\\" at 18-74: a table's numbering
    # column, whose words are kept where each number stands but with no confidence, so that
    # ``numbering`` reads them again; and the field numbers "1. 2. 4. 5." down a form's margin,
    # each just before its line, which are left out (``_unturned``): their ink is read
    # again the right way up (``recognize._recover_missed``).
    turned: list[Word] | None = None
    doubted: list[Word] = []
    while True:
        if iterator.IsAtBeginningOf(tesserocr.RIL.BLOCK):
            doubted += _doubted(turned)
            upright = iterator.Orientation()[0] == tesserocr.Orientation.PAGE_UP
            turned = None if upright else []
        if choices:
            symbols.append(_symbol_choices(iterator, level))
        if not choices or iterator.IsAtFinalElement(tesserocr.RIL.WORD, level):
            word = _word(iterator, tesserocr.RIL.WORD)
            if word is not None:
                if symbols:
                    word = Word(word.text, word.box, word.conf, _readings(word.text, symbols))
                (out if turned is None else turned).append(word)
            symbols = []
        if not iterator.Next(level):
            break
    api.Clear()
    doubted += _doubted(turned)
    return out + _unturned(doubted, out) if doubted else out


TURNED_SURE = 85.0  # the mean confidence a block read as vertical text must reach to be kept


def _doubted(turned: list[Word] | None) -> list[Word]:
    """A turned block's words: as read when sure, else with no confidence."""
    if not turned or sum(w.conf for w in turned) / len(turned) >= TURNED_SURE:
        return turned or []
    return [Word(w.text, w.box, 0.0) for w in turned]


def _unturned(doubted: list[Word], upright: list[Word]) -> list[Word]:
    """Of an unsure turned block's words (no confidence), those that do not stand within a
    line's height before an upright word of their row (a line's number and its period): a
    cell of their own, as a table's numbering column's, two heights and more from its row."""
    def leads(word: Word) -> bool:
        return word.conf == 0 and any(
            0 <= other.box[0] - word.box[2] <= 1.2 * word.height
            and word.rows_shared(other) > 0.5 * min(word.height, other.height)
            for other in upright)

    return [w for w in doubted if not leads(w)]


def _word(iterator: Any, level: int) -> Word | None:
    try:
        text = iterator.GetUTF8Text(level)
        box = iterator.BoundingBox(level)
    except RuntimeError:  # tesserocr raises on an empty word instead of returning ""
        return None
    if not text or not box:
        return None
    text = unicodedata.normalize("NFC", text.strip())
    if not text:
        return None
    x0, y0, x1, y1 = (int(v) for v in box)
    return Word(text, (x0, y0, x1, y1), float(iterator.Confidence(level)))


def _symbol_choices(iterator: Any, level: int) -> tuple[str, list[tuple[str, float]]]:
    try:
        top = iterator.GetUTF8Text(level) or ""
    except RuntimeError:  # an empty symbol: no text, no choices
        return "", []
    return top, [(c.GetUTF8Text() or "", float(c.Confidence()))
                 for c in iterator.GetChoiceIterator()]


def _letter_base(ch: str) -> str:
    """A letter without its marks: tone, breve, circumflex, horn, and the stroke of đ."""
    decomposed = unicodedata.normalize("NFD", ch.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _readings(text: str, symbols: list[tuple[str, list[tuple[str, float]]]]
              ) -> tuple[tuple[str, float], ...]:
    """The word's other readings that change one letter's marks to a choice Tesseract weighed
    for it, best first (another letter altogether is a different problem)."""
    tops = [unicodedata.normalize("NFC", top) for top, _ in symbols]
    if unicodedata.normalize("NFC", "".join(tops)).strip() != text:
        return ()  # symbols that do not spell the word: no safe way to place a choice
    found: dict[str, float] = {}
    for index, (top, (_, alternatives)) in enumerate(zip(tops, symbols, strict=True)):
        for alt, conf in alternatives:
            alt = unicodedata.normalize("NFC", alt)
            if len(alt) != 1 or len(top) != 1 or alt == top or _letter_base(alt) != _letter_base(top):
                continue
            reading = "".join(tops[:index]) + alt + "".join(tops[index + 1:])
            found[reading] = max(conf, found.get(reading, 0.0))
    return tuple(sorted(found.items(), key=lambda item: -item[1]))


ENGINES: dict[str, type] = {"tesseract": TesseractEngine}


def word_confidences(gray: np.ndarray, lang: str = "vie", psm: int = 6,
                     timeout_ms: int = 0) -> list[float]:
    """Confidence (0–100) of each word Tesseract reads in ``gray`` (uint8, text upright);
    none when ``timeout_ms`` (0: no limit) passes before Tesseract is done."""
    import numpy as np
    from PIL import Image

    api = tesseract_api(lang, psm)
    set_image(api, Image.fromarray(np.ascontiguousarray(gray)))
    if not api.Recognize(timeout=timeout_ms):
        api.Clear()
        return []
    confidences = [float(c) for c in api.AllWordConfidences()]
    api.Clear()
    return confidences
