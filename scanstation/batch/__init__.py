"""Archive back-scanning: long unattended batches split into documents, reviewed, exported.

    sources (folders, files) → page task on an executor (local pool or Dask) → job state (SQLite)
    → splitter (separator sheets, blank pages, every N) → staged PDF/A per document + index.json
    → review (flags) → export to two or more archive targets, verified by re-reading the hashes

The job's state lives in one SQLite file next to the staging output (``OUTDIR/.job/``); a page
result is a file named by its render key, written before the row that says it exists, so a kill
-9 at any point loses nothing and a resumed job never puts a page into the output twice.
"""
