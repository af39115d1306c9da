"""`bpviewer shot`: a PNG of the requested size, the panel's text equal to the Session's,
the graph's labels as JSON, and nothing on stderr."""

from __future__ import annotations

import json
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


def test_shot_writes_every_label_of_the_graph_in_chinese_too(tmp_path) -> None:
    png, out = tmp_path / "w.png", tmp_path / "labels.json"
    done = subprocess.run(
        [sys.executable, "-m", "bpviewer", "shot", "--preset", "mazur", "--iterations", "1",
         "--size", "1024x768", "--out", str(png), "--labels", str(out), "--lang", "zh_CN",
         "--granularity", "layer"],
        capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["window"] == [1024, 768] and len(report["view"]) == 4
    assert isinstance(report["chain_scroll"], int)
    labels = report["labels"]
    assert {"text", "kind", "param", "focus", "rect", "visible"} <= set(labels[0])
    params = {x["param"]: x for x in labels if x["kind"] in ("weight", "bias")}
    assert set(params) == {f"w{k}" for k in range(1, 9)} | {"b1_1", "b1_2", "b2_1", "b2_2"}
    w5 = params["w5"]
    assert w5["visible"] and w5["text"].splitlines() == ["w5 0.4", "→ 0.358916"]
    # the last layer step updates layer 2: its weights and biases, not layer 1's
    assert all(params[p]["focus"] for p in ("w5", "w8", "b2_1", "b2_2"))
    assert not any(params[p]["focus"] for p in ("w1", "w4", "b1_1"))
    x, y, w, h = report["view"]
    for label in (x for x in labels if x["visible"]):
        lx, ly, lw, lh = label["rect"]
        assert x <= lx and y <= ly and lx + lw <= x + w + 1 and ly + lh <= y + h + 1
