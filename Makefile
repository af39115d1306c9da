# Two commands for a teacher on a fresh machine:
#   make run    create the environment (first time) and open the window on the Mazur example
#   make test   create the environment (first time) and run the whole test suite
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test bench lint translations icons

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/bpviewer

test: $(STAMP)
	$(VENV)/bin/ruff check bpviewer tests
	$(VENV)/bin/lint-imports
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

translations: $(STAMP)
	$(PY) tools/translations.py

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) tests/benchmarks/ratios.py

# After editing bpviewer/resources/icons/bpviewer.svg: the PNG, .ico and .icns files again
icons: $(STAMP)
	$(PY) -m pip install -q 'pillow>=10'
	QT_QPA_PLATFORM=offscreen $(PY) tools/icons.py
