# ScanStation — the two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
JOBS ?= 2

.PHONY: run test sysdeps venv lint unit samples benchmarks bench-augraphy-venv screenshots translations clean wheel deb

sysdeps:
	@sh packaging/install-system-deps.sh

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip setuptools wheel
	$(PY) -m pip install -q -e '.[test]'
	@# bytecode up front, as a wheel install does: the CLI is started once per page, and with
	@# PYTHONDONTWRITEBYTECODE set every call would compile the package again (~0.1 s)
	$(PY) -m compileall -q scanstation > /dev/null
	@touch $(STAMP)

venv: sysdeps $(STAMP)

lint: venv
	$(VENV)/bin/ruff check scanstation tests benchmarks
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy scanstation

test: venv lint
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest -n $(JOBS) -p no:cacheprovider

run: venv
	$(PY) -m scanstation.app

samples: venv
	$(PY) resources/make_samples.py

benchmarks: venv
	$(PY) benchmarks/cleanup.py

# Augraphy (benchmarks/augraphy_pages.py) in a venv of its own: it pulls opencv-python, whose
# Qt plugins must not enter the product's venv beside PySide6
bench-augraphy-venv:
	@test -x .venv-augraphy/bin/python || $(PYTHON) -m venv .venv-augraphy
	.venv-augraphy/bin/python -m pip install -q augraphy==8.2.6 pillow

screenshots: venv
	xvfb-run -a -s "-screen 0 1400x900x24" $(PY) packaging/screenshots.py

translations: venv
	$(VENV)/bin/pyside6-lupdate $$(find scanstation/ui -name "*.py") -ts scanstation/resources/i18n/scanstation_vi.ts -source-language en -target-language vi
	$(PY) packaging/fill_translations.py scanstation/resources/i18n/scanstation_vi.ts scanstation/resources/i18n/glossary_vi.json
	$(VENV)/bin/pyside6-lrelease scanstation/resources/i18n/scanstation_vi.ts -qm scanstation/resources/i18n/scanstation_vi.qm

# dist/scanstation-VERSION-py3-none-any.whl, built from a clean copy of the sources
wheel: venv
	$(PY) packaging/build_wheel.py dist

# dist/scanstation_VERSION_ARCH.deb: /opt/scanstation/venv built from that wheel with Debian's
# python3.11, `scanstation` on PATH, a desktop entry; Depends from packaging/system-packages.txt
deb: wheel
	$(PY) packaging/build_deb.py dist --wheel $$(ls dist/scanstation-*.whl)

clean:
	rm -rf $(VENV) .venv-augraphy build dist *.egg-info
