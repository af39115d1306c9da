"""The handout page and the lesson file: formats the README promises.

The handout's numbers are checked against torch (reference.TorchTraining), not against the
formatter that printed them: every forward value of the shown sample, the loss, every gradient
and every updated parameter must appear, rounded to the page's precision.
"""

from __future__ import annotations

import html
import json
import re

import pytest

from bpviewer.core import lesson, presets
from bpviewer.core import spec as spec_mod
from bpviewer.core.errors import SpecError
from bpviewer.core.handout import iteration_html
from bpviewer.core.session import Session

from .networks import NETWORKS
from .reference import TorchTraining

NUMBER = re.compile(r"[−-]?\d+\.\d+(?:e[−-]?\d+)?|[−-]?\d+(?:e[−-]?\d+)?")


def printed_numbers(page: str) -> list[float]:
    formulas = re.findall(r'<div class="formula">(.*?)</div>', page)
    return [float(m.replace("−", "-")) for line in formulas for m in NUMBER.findall(line)]


def shown(value: float, numbers: list[float], digits: int) -> bool:
    tolerance = 0.6 * 10.0**-digits * max(1.0, abs(value))
    return any(abs(n - value) <= tolerance for n in numbers)


@pytest.mark.parametrize("name", ["mixed", "softmax_frozen", "logits_identity"])
def test_handout_shows_torchs_numbers(name: str) -> None:
    net, _ = NETWORKS[name]
    iteration = 3
    session = Session(spec_mod.from_dict(net))
    session.goto(iteration)
    page = html.unescape(iteration_html(session, iteration, precision=9))
    step = TorchTraining(net).run(iteration)[-1]
    numbers = printed_numbers(page)
    missing = []
    for l in range(len(step.z)):
        for j in range(step.z[l].shape[1]):
            for what, block in (("z", step.z), ("a", step.a)):
                if not shown(float(block[l][0, j]), numbers, 8):
                    missing.append(f"{what}{l + 1}_{j + 1}")
    if not shown(step.loss, numbers, 8):
        missing.append("loss")
    for key, grad in step.grad.items():
        trainable = next(p for p in TorchTraining(net).params if p.key == key).trainable
        if trainable:
            if not shown(grad, numbers, 8):
                missing.append(f"grad {key}")
            if not shown(step.after[key], numbers, 8):
                missing.append(f"new {key}")
    assert not missing, missing


def test_handout_is_one_self_contained_page() -> None:
    session = Session(presets.load("mazur"))
    session.goto(1)
    page = iteration_html(session, 1)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert '<meta charset="utf-8">' in page
    assert not re.search(r'(src|href)\s*=\s*["\'](?!#)', page), "loads something from outside"
    assert re.findall(r"<h2>(.*?)</h2>", page) == ["1. Forward pass", "2. Loss",
                                                   "3. Backward pass (chain rule)", "4. Update"]
    assert "<title>Mazur" in page and "iteration 1</title>" in page
    with pytest.raises(ValueError):
        iteration_html(session, 2)


def test_a_lesson_file_drives_the_session(tmp_path) -> None:
    """README: slides with notes and optionally title, preset, granularity, goto, run and lab;
    a slide without a preset keeps the one before."""
    raw = {"format": "bpviewer-lesson/1", "title": "Mine", "slides": [
        {"preset": "xor", "granularity": "layer", "goto": [2, 1], "title": "one", "notes": "first"},
        {"run": 4, "notes": "second", "lab": "Optimizer race"},
        {"preset": "mazur", "goto": [0, 0], "notes": "third"},
    ]}
    path = tmp_path / "lesson.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    course = lesson.load(path)
    assert course.title == "Mine" and len(course.slides) == 3
    session = Session(presets.load("mazur"))
    slide = course.next(session)
    assert (slide.title, slide.notes) == ("one", "first")
    assert session.spec.name == presets.load("xor").name
    assert (session.granularity, session.iteration, session.step_index) == ("layer", 2, 1)
    slide = course.next(session)
    assert slide.lab == "Optimizer race" and slide.title == ""
    assert session.spec.name == presets.load("xor").name and session.iteration == 4
    course.next(session)
    assert session.spec.name == presets.load("mazur").name and session.iteration == 0
    assert course.next(session).notes == "third"  # the last slide stays


@pytest.mark.parametrize(("slide", "field"), [
    ({"preset": "mazur", "granularity": "word"}, "slides[0].granularity"),
    ({"preset": "mazur", "goto": [1, -1]}, "slides[0].goto"),
    ({"preset": "mazur", "goto": [1, 2.0]}, "slides[0].goto"),
    ({"preset": "mazur", "run": 0}, "slides[0].run"),
    ({"preset": "mazur", "notes": 3}, "slides[0].notes"),
])
def test_bad_slides_name_the_field(slide: dict, field: str) -> None:
    with pytest.raises(SpecError) as err:
        lesson.parse({"format": "bpviewer-lesson/1", "slides": [slide]})
    assert err.value.field == field


def test_the_shipped_lesson_is_valid_and_names_real_presets() -> None:
    course = lesson.shipped()
    assert course.slides[0].preset in presets.names()
    assert all(s.notes for s in course.slides)
