"""`bpviewer shot`: a PNG of the requested size, the panel's text equal to the Session's,
and nothing on stderr."""

from __future__ import annotations

import struct
import subprocess
import sys

import pytest

from bpviewer.core import presets
from bpviewer.core.session import Session


def png_size(path) -> tuple[int, int]:
    """Width and height from the PNG's IHDR chunk."""
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR"
    return struct.unpack(">II", head[16:24])


@pytest.mark.parametrize(("preset", "iterations", "steps", "size"), [
    ("mazur", 0, 9, (1024, 768)),
    ("xor", 3, 17, (1280, 800)),
])
def test_shot_writes_the_png_and_the_panel_text(tmp_path, preset, iterations, steps,
                                                size) -> None:
    png, txt = tmp_path / "w.png", tmp_path / "w.txt"
    done = subprocess.run(
        [sys.executable, "-m", "bpviewer", "shot", "--preset", preset,
         "--iterations", str(iterations), "--steps", str(steps),
         "--size", f"{size[0]}x{size[1]}", "--out", str(png), "--text", str(txt)],
        capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert png_size(png) == size
    session = Session(presets.load(preset))
    session.goto(iterations)
    for _ in range(steps):
        session.next_step()
    expected = [session.status(), *(f.text(6) for f in session.step.formulas)]
    assert txt.read_text(encoding="utf-8").splitlines() == expected
