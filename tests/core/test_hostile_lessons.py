"""Hostile lesson files and Playground links: one SpecError line each, with the limit that
was crossed; a lesson that parses can be started without failing halfway."""

from __future__ import annotations

import json

import pytest

from bpviewer.core import lesson
from bpviewer.core.errors import SpecError
from bpviewer.core.playground import import_link


def course(**slide) -> dict:
    return {"format": lesson.FORMAT, "title": "T", "slides": [{"preset": "mazur", **slide}]}


def refusal(path) -> SpecError:
    with pytest.raises(SpecError) as err:
        lesson.load(path)
    assert "\n" not in err.value.line() and err.value.source == str(path)
    return err.value


@pytest.mark.parametrize(("raw", "field", "words"), [
    ({**course(), "title": 5}, "title", "expected text, got 5"),
    (course(title=["a"]), "slides[0].title", "expected text, got a list of 1"),
    (course(notes={"a": 1}), "slides[0].notes", "expected text, got an object"),
    (course(lab=3), "slides[0].lab", "expected text"),
    (course(lab="Quantum lab"), "slides[0].lab", "no lab called \"Quantum lab\"; choose one of"),
    (course(preset="mazurr"), "slides[0].preset", "unknown preset \"mazurr\""),
    (course(preset=None), "slides[0].preset", "expected text"),
    (course(granularity=1), "slides[0].granularity", "expected text"),
    (course(goto=[3_000_000, 0]), "slides[0].goto", "the iteration 3,000,000 is outside 0..100,000"),
    (course(goto=[True, 0]), "slides[0].goto", "the iteration must be a whole number, got true"),
    (course(goto=[1, 2.0]), "slides[0].goto", "the step must be a whole number, got 2.0"),
    (course(goto=[1, -1]), "slides[0].goto", "the step -1 is outside 0.."),
    (course(goto=[1]), "slides[0].goto", "expected [iteration, step], got a list of 1"),
    (course(run=True), "slides[0].run", "must be a whole number, got true"),
    (course(run=10**30), "slides[0].run", "is outside 1..100,000"),
    ({**course(), "slide": []}, "slide", "unknown key"),
])
def test_bad_lesson_values_are_named(tmp_path, raw, field, words) -> None:
    path = tmp_path / "lesson.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    err = refusal(path)
    assert err.field == field and words in err.problem


@pytest.mark.parametrize(("content", "words"), [
    (json.dumps(course(notes="caf\u00e9"), ensure_ascii=False).encode("latin-1"),
     "not UTF-8 text (byte 0xe9"),
    (b'{"format": "bpviewer-lesson/1", "slides": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
     "nested deeper than 32 levels"),
    (json.dumps(course(run=1)).replace('"run": 1', '"run": 1' + "0" * 5000).encode(),
     "must be a whole number, got a 5,001-digit number"),
    (json.dumps(course()).replace('"title"', '"title": "A", "title"', 1).encode(), "appears twice"),
])
def test_bad_lesson_bytes_are_named(tmp_path, content, words) -> None:
    path = tmp_path / "lesson.json"
    path.write_bytes(content)
    assert words in refusal(path).problem


def test_a_folder_is_not_a_lesson(tmp_path) -> None:
    assert refusal(tmp_path).problem == "is a folder"


def test_a_bom_and_the_limits_themselves_are_accepted(tmp_path) -> None:
    path = tmp_path / "lesson.json"
    text = json.dumps(course(goto=[lesson.MAX_ITERATIONS, 0], lab="Optimizer race"))
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    slide = lesson.load(path).slides[0]
    assert slide.goto == (100_000, 0) and slide.lab == "Optimizer race"


PLAYGROUND = "https://playground.tensorflow.org/#activation=tanh&dataset=circle&x=true&y=true"


@pytest.mark.parametrize(("setting", "words"), [
    ("networkShape=1000", "each hidden layer has 1 to 8 neurons"),
    ("networkShape=100000,100000", "each hidden layer has 1 to 8 neurons"),
    ("networkShape=9", "each hidden layer has 1 to 8 neurons"),
    ("networkShape=0", "each hidden layer has 1 to 8 neurons"),
    ("networkShape=\u00b2", "each hidden layer has 1 to 8 neurons"),
    ("networkShape=1,1,1,1,1,1,1", "7 hidden layers; Playground allows at most 6"),
    ("batchSize=nan", "batchSize='nan' is not a finite number"),
    ("batchSize=2.5", "batchSize='2.5': expected a whole number"),
    ("batchSize=31", "batchSize='31': Playground allows 1 to 30"),
    ("learningRate=inf", "learningRate='inf' is not a finite number"),
    ("noise=1e308", "noise='1e308': Playground allows 0 to 50"),
    ("percTrainData=0", "percTrainData='0': Playground allows 10 to 90"),
])
def test_bad_playground_links_are_refused(setting, words) -> None:
    with pytest.raises(SpecError) as err:
        import_link(f"{PLAYGROUND}&{setting}")
    assert err.value.field == "playground link" and words in err.value.problem


def test_playground_s_largest_network_is_accepted() -> None:
    spec = import_link(f"{PLAYGROUND}&networkShape=8,8,8,8,8,8&batchSize=30")
    assert spec.layers == (2, 8, 8, 8, 8, 8, 8, 1) and spec.batch_size == 30
