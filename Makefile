# Two commands for a teacher on a fresh machine:
#   make run    create the environment (first time) and open the window on the Mazur example
#   make test   create the environment (first time) and run the whole test suite
# Packaging: make dist (the wheel), make bundle (a one-folder app for this OS), make test-dist
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test bench lint translations mutants mutants-sample icons dist bundle test-wheel test-dist

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
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -n 2

translations: $(STAMP)
	$(PY) tools/translations.py

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) tests/benchmarks/ratios.py

# After editing bpviewer/resources/icons/bpviewer.svg: the PNG, .ico and .icns files again
icons: $(STAMP)
	$(PY) -m pip install -q 'pillow>=10'
	QT_QPA_PLATFORM=offscreen $(PY) tools/icons.py

# dist/bpviewer-<version>-py3-none-any.whl: the app, resources included, for pip or pipx
dist: $(STAMP)
	rm -f dist/bpviewer-*.whl
	$(PY) -m pip wheel -q --no-deps --no-build-isolation -w dist .

# dist/bpviewer/ (dist/bpviewer.app on macOS): bpviewer with its own Python, torch and Qt
bundle: $(STAMP)
	$(PY) -m pip install -q 'pyinstaller>=6.10'
	$(PY) -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
		packaging/bpviewer.spec

# the wheel installed in a new venv offline, then run (about a minute)
test-wheel: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -m dist tests/dist/test_wheel.py

# the wheel and the bundle (building the bundle takes minutes)
test-dist: bundle
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -m dist tests/dist

# Mutation testing (pyproject [tool.mutmut]): bpviewer/core and the CLI against the tests without Qt,
# each mutant against only the tests that reach its function (about 1 s a mutant). All of core is
# about 14,000 mutants, hours on 2 cores: `make mutants-sample` runs the seeded sample of N a module
# that docs/MUTANTS.md reports, `make mutants MODULE='bpviewer.core.losses*'` one module in full.
# `python tools/mutants.py` prints the score per module; surviving mutants: docs/MUTANTS.md.
MODULE ?=
JOBS ?= 1
N ?= 25
# One thread for torch: mutmut forks per mutant, and a fork of a process whose OpenMP pool has run
# deadlocks (a hang that mutmut would count as a "timeout", not as a test that caught the mutant).
MUTMUT = OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 QT_QPA_PLATFORM=offscreen nice -n 19 $(VENV)/bin/mutmut
# mutmut copies the non-Python files into mutants/ once: refresh them (lessons, translations)
REFRESH = test ! -d mutants || cp -r bpviewer/resources mutants/bpviewer/
mutants: $(STAMP)
	$(REFRESH)
	$(MUTMUT) run --max-children $(JOBS) $(MODULE)
	$(PY) tools/mutants.py table

mutants-sample: $(STAMP)
	test -d mutants || $(MUTMUT) run --max-children $(JOBS) 'bpviewer.core.events*'
	$(REFRESH)
	$(MUTMUT) run --max-children $(JOBS) $$($(PY) tools/mutants.py sample $(N))
	$(PY) tools/mutants.py table
