"""Property tests: whatever JSON, CSV bytes, lesson or Playground settings arrive, the loaders
give a usable result or one SpecError line — never another exception, never a silent NaN."""

from __future__ import annotations

import contextlib
import json
import math
import tempfile
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bpviewer.core import data, lesson, presets
from bpviewer.core import spec as spec_mod
from bpviewer.core.errors import DivergedError, SpecError
from bpviewer.core.playground import import_link
from bpviewer.core.session import Session

FUZZ = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SCALARS = (st.none() | st.booleans()
           | st.integers(min_value=-(10**30), max_value=10**30)
           | st.sampled_from([0, 1, 2, -1, 10**400, 2**64, 10**8, 10**12, 100_000, 10_000])
           | st.floats(allow_nan=True, allow_infinity=True)
           | st.sampled_from([0.0, 1e-300, 1e308, -0.5, 0.5, 1.0])
           | st.text(max_size=12)
           | st.sampled_from(["sgd", "adam", "softmax", "sigmoid", "bce", "cross_entropy", "spiral",
                              "xor", "normal", "uniform", "x1^2", "\ud800", "\ufeff", ""]))
JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)

#: places a value can go: top-level keys and the nested ones users edit by hand
PLACES = ["layers", "activations", "loss", "weights", "biases", "init", "optimizer", "scheduler",
          "data", "batch_size", "shuffle", "l1", "dropout", "seed", "dtype", "features", "name",
          "train_biases", "frozen_layers", "leaky_relu_slope", "format", "bogus",
          "init.scheme", "init.std", "init.a", "init.b", "init.gain", "init.seed", "init.mode",
          "optimizer.lr", "optimizer.momentum", "optimizer.betas", "optimizer.eps",
          "data.n", "data.noise", "data.seed", "data.classes", "data.generator",
          "data.test_fraction", "data.inputs", "data.targets", "layers.1", "weights.0"]
BASES = ["mazur", "spiral", "xor", "softmax-3class"]


def mutated(base: str, changes: list[tuple[str, object]]) -> dict:
    raw = presets.load(base).to_dict()
    if base == "spiral" or any(p.startswith("init.") for p, _ in changes):
        raw.pop("weights", None), raw.pop("biases", None)
        raw.setdefault("init", {"scheme": "xavier_uniform", "seed": 0})
    for place, value in changes:
        head, _, tail = place.partition(".")
        if not tail:
            raw[head] = value
        elif isinstance(raw.get(head), dict):
            raw[head] = {**raw[head], tail: value}
        elif isinstance(raw.get(head), list) and tail.isdigit() and int(tail) < len(raw[head]):
            raw[head] = [value if i == int(tail) else v for i, v in enumerate(raw[head])]
    return raw


def usable(spec: spec_mod.NetworkSpec) -> None:
    """An accepted network trains (or stops with DivergedError) and its data are finite."""
    try:
        session = Session(spec)
    except SpecError as err:  # the data it names (a CSV, a generator's overflow, its size)
        assert "\n" not in err.line()
        return
    assert np.isfinite(session.dataset.inputs).all() and np.isfinite(session.dataset.targets).all()
    assert session.dataset.targets.shape[1] in (1, spec.layers[-1])
    with contextlib.suppress(DivergedError):
        session.trainer.run(2)
    assert spec_mod.from_dict(json.loads(spec_mod.dumps(spec))) == spec  # and it saves


def one_line_or(call, *args):
    try:
        return call(*args)
    except SpecError as err:
        line = err.line()
        assert "\n" not in line and len(line) < 400, line
        return None


@FUZZ
@given(raw=JSON)
def test_random_json_is_a_network_or_one_line(raw) -> None:
    spec = one_line_or(spec_mod.from_dict, raw)
    if spec is not None:
        usable(spec)


@FUZZ
@given(base=st.sampled_from(BASES),
       changes=st.lists(st.tuples(st.sampled_from(PLACES), JSON), min_size=1, max_size=3))
def test_random_option_values_are_a_network_or_one_line(base, changes) -> None:
    spec = one_line_or(spec_mod.from_dict, mutated(base, changes))
    if spec is not None:
        usable(spec)


def _text_of(base: str) -> str:
    return spec_mod.dumps(presets.load(base))


@FUZZ
@given(base=st.sampled_from(BASES), cut=st.integers(0, 2000), insert=st.binary(max_size=12),
       prefix=st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe"]))
def test_damaged_files_are_a_network_or_one_line(base, cut, insert, prefix) -> None:
    text = _text_of(base).encode()
    cut = min(cut, len(text))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "net.json"
        path.write_bytes(prefix + text[:cut] + insert + text[cut + len(insert) // 2:])
        spec = one_line_or(spec_mod.load, path)
    if spec is not None:
        usable(spec)


CSV_ALPHABET = st.sampled_from(list("0123456789.,-+e\"\n\r ;x\t") + ["nan", "inf", "1e999", "\x00",
                                                                     "\ufeff", "é", "t1", "t2"])


@FUZZ
@given(body=st.lists(CSV_ALPHABET, max_size=60).map("".join), raw_bytes=st.binary(max_size=40),
       header=st.sampled_from(["x1,x2,t1,t2\n", "\ufeffx1,x2,t1,t2\r\n", "x1,x1,t1,t2\n", "t1,t2\n",
                               ""]))
def test_random_csv_bytes_are_data_or_one_line(body, raw_bytes, header) -> None:
    raw = presets.load("mazur").to_dict()
    raw["data"] = {"csv": "d.csv", "targets": ["t1", "t2"]}
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "d.csv").write_bytes((header + body).encode("utf-8", "surrogatepass")
                                             + raw_bytes)
        spec = spec_mod.from_dict(raw, base_dir=folder)
        dataset = one_line_or(data.resolve, spec)
    if dataset is not None:
        assert np.isfinite(dataset.inputs).all() and np.isfinite(dataset.targets).all()
        assert dataset.inputs.shape == (dataset.n, 2) and dataset.targets.shape == (dataset.n, 2)


SLIDE_KEYS = sorted(lesson.SLIDE_KEYS) + ["bogus"]
SLIDE_VALUES = JSON | st.sampled_from(["mazur", "xor", "neuron", "layer", "Optimizer race",
                                       [1, 2], [0, 0], [3_000_000, 0], [True, 0], 5, 100_001])


@FUZZ
@given(slides=st.lists(st.dictionaries(st.sampled_from(SLIDE_KEYS), SLIDE_VALUES, max_size=4),
                       max_size=3),
       title=JSON)
def test_random_lessons_are_typed_and_bounded_or_one_line(slides, title) -> None:
    raw = {"format": lesson.FORMAT, "title": title,
           "slides": [{"preset": "mazur"}, *slides]}
    parsed = one_line_or(lesson.parse, raw)
    if parsed is None:
        return
    assert isinstance(parsed.title, str)
    for s in parsed.slides:
        assert all(isinstance(v, str) for v in (s.notes, s.title))
        assert s.lab is None or s.lab in lesson.LAB_TITLES
        assert s.preset is None or s.preset in presets.names()
        if s.goto is not None:
            assert all(type(v) is int for v in s.goto) and 0 <= s.goto[0] <= lesson.MAX_ITERATIONS
        if s.run is not None:
            assert type(s.run) is int and 1 <= s.run <= lesson.MAX_ITERATIONS


PLAYGROUND_KEYS = ["activation", "batchSize", "dataset", "regDataset", "learningRate",
                   "regularizationRate", "noise", "networkShape", "percTrainData", "problem",
                   "regularization", "x", "y", "xSquared", "sinX", "seed", "bogus"]
PLAYGROUND_VALUES = st.text(max_size=10) | st.sampled_from(
    ["nan", "inf", "-1", "0", "1e308", "30", "8,8", "1000", "100000,100000", "4,2", "true", "false",
     "relu", "circle", "spiral", "regression", "L1", "0.03", "2.5", ",,", "1,1,1,1,1,1,1"])


@FUZZ
@given(settings_=st.dictionaries(st.sampled_from(PLAYGROUND_KEYS), PLAYGROUND_VALUES, max_size=6))
def test_random_playground_links_are_a_network_or_one_line(settings_) -> None:
    link = "https://playground.tensorflow.org/#" + "&".join(f"{k}={v}" for k, v in settings_.items())
    spec = one_line_or(import_link, link)
    if spec is not None:
        assert len(spec.layers) <= 8 and max(spec.layers[1:-1], default=1) <= 8
        assert all(math.isfinite(v) for v in (spec.optimizer["lr"], spec.l1))
        usable(spec)
