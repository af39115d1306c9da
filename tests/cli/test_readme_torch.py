"""The README's "From and to PyTorch" example runs as written and prints what it says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bpviewer.cli import main

README = Path(__file__).resolve().parents[2] / "README.md"


pytestmark = pytest.mark.usefixtures("restore_torch_defaults")


def test_the_readme_example(tmp_path, monkeypatch, capsys) -> None:
    section = README.read_text(encoding="utf-8").split("## From and to PyTorch", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "README.md", "exec"), {"__name__": "readme"})  # noqa: S102
    printed = capsys.readouterr().out.strip()
    promised = re.search(r"# (\[2, 2, 2\].*)", code).group(1)
    assert printed == promised
    assert main(["export", "--preset", "mazur", "--weights", "mine.pth", "--iterations", "1",
                 "--out", "out"]) == 0
    rows = (tmp_path / "out" / "loss.csv").read_text().splitlines()[1:]
    assert sum(float(r.split(",")[-1]) for r in rows) == pytest.approx(0.298371109, abs=1e-9)
