"""Vietnamese OCR: a cleaned page in, words in reading order out; pages in, a PDF/A out.

    results    what OCR found (``Word``, ``Line``, ``PageOcr``) and its settings (``OcrParams``)
    engine     the one Tesseract loader and the engine reading words, boxes, confidences
    prepare    the page as Tesseract should see it (paper, specks, ruling lines, dpi, margin)
    layout     reading order rebuilt from word boxes (header columns, tables, noise dropped)
    recognize  prepare → engine → second look at missed ink → reading order
    textfix    NFC and repair of Tesseract's Vietnamese confusions
    pipeline   images or PDFs → clean → recognize → textfix → PDF/A-2b (pages in parallel)

Only the light result types are imported here: ``pdf/`` and the application read them without
loading OpenCV or Tesseract; import the heavy modules where they run.
"""

from .results import Line, OcrParams, PageOcr, Word

__all__ = ["Line", "OcrParams", "PageOcr", "Word"]
