#!/bin/sh
# Regenerate vie_tesseract_words.txt: the word list inside Debian's tesseract-ocr-vie model
# (tessdata "fast" 4.1, Apache-2.0), unpacked with Tesseract's own tools.
set -e
tmp=$(mktemp -d)
combine_tessdata -u /usr/share/tesseract-ocr/5/tessdata/vie.traineddata "$tmp/vie." >/dev/null
dawg2wordlist "$tmp/vie.lstm-unicharset" "$tmp/vie.lstm-word-dawg" "$(dirname "$0")/vie_tesseract_words.txt"
rm -rf "$tmp"
