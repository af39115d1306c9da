"""The import rules of pyproject.toml's [tool.importlinter], in the suite every helper runs, so a
broken rule shows before CI's `lint-imports` does; and what the window must not load before it shows."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_contracts_are_kept():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


def test_the_window_modules_load_neither_torch_nor_pyqtgraph():
    """The window shows before torch (seconds) and pyqtgraph (~0.15 s) are imported: the
    labs, docks and neuron maps import them when first needed (View ▸ Neuron Maps did at
    start-up, launch 1.0x → 1.2x a bare window)."""
    code = ("import sys, bpviewer.app, bpviewer.qt.main_window, bpviewer.qt.network_view; "
            "print(sorted(m for m in ('torch', 'pyqtgraph') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[-2] == "[]"
