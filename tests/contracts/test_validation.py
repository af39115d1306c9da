"""Every check of the network file, one bad value each: SpecError names the field (DESIGN.md: "one
line that names the file, the field and what is wrong"). tests/core/test_spec.py covers the first
two dozen; these are the rest, so removing any check fails a test."""

from __future__ import annotations

import pytest

from bpviewer.core import spec as spec_mod
from bpviewer.core.errors import SpecError

BASE = {
    "format": "bpviewer-network/1", "layers": [2, 2, 2], "activations": ["sigmoid", "sigmoid"],
    "loss": "sse_half", "weights": [[[0.15, 0.2], [0.25, 0.3]], [[0.4, 0.45], [0.5, 0.55]]],
    "biases": [[0.35, 0.35], [0.6, 0.6]], "optimizer": {"name": "sgd", "lr": 0.5},
    "data": {"inputs": [[0.05, 0.1]], "targets": [[0.01, 0.99]]},
}
GENERATED = {"generator": "xor", "n": 20}
DROP = object()


def case(change: dict, field: str, words: str):
    return pytest.param(change, field, words, id=f"{field}:{words}")


CASES = [
    case({"layers": DROP}, "layers", "missing"),
    case({"activations": DROP}, "activations", "missing"),
    case({"loss": DROP}, "loss", "missing"),
    case({"data": DROP}, "data", "missing"),
    case({"layers": "2,2,2"}, "layers", "at least two"),
    case({"layers": [2, 2.5, 2]}, "layers[1]", "integer"),
    case({"layers": [2, True, 2]}, "layers[1]", "integer"),
    case({"layers": [2, 0, 2]}, "layers[1]", "at least 1"),
    case({"activations": ["sigmoid"]}, "activations", "one per weight layer"),
    case({"activations": ["softmax", "sigmoid"]}, "activations[0]", "only allowed on the output"),
    case({"loss": "bce", "activations": ["sigmoid", "tanh"]}, "loss", "sigmoid output"),
    case({"leaky_relu_slope": float("nan")}, "leaky_relu_slope", "finite"),
    case({"weights": [[[0.1, 0.2], [0.3, 0.4]]]}, "weights", "expected 2 matrices"),
    case({"weights": [[[0.1, 0.2], [0.3]], [[0.4, 0.45], [0.5, 0.55]]]}, "weights[0]", "row 2"),
    case({"weights": [[[0.1, 0.2], [0.3, float("inf")]], [[0.4, 0.45], [0.5, 0.55]]]},
         "weights[0][1][1]", "finite"),
    case({"weights": DROP, "init": {"scheme": "zeros"}}, "biases", "without weights"),
    case({"biases": [[0.35, 0.35]]}, "biases", "expected 2 vectors"),
    case({"init": "xavier"}, "init", "expected an object"),
    case({"init": {"scheme": "zeros", "sead": 1}}, "init.sead", "unknown key"),
    case({"init": {"scheme": "zeros", "seed": -1}}, "init.seed", "at least 0"),
    case({"init": {"scheme": "normal", "std": "wide"}}, "init.std", "finite"),
    case({"init": {"scheme": "kaiming_normal", "mode": "fan_avg"}}, "init.mode", "fan_in or fan_out"),
    case({"init": {"scheme": "kaiming_normal", "nonlinearity": "gelu"}}, "init.nonlinearity",
         "expected relu"),
    case({"frozen_layers": 1}, "frozen_layers", "expected a list"),
    case({"frozen_layers": [0]}, "frozen_layers", "at least 1"),
    case({"optimizer": "sgd"}, "optimizer", "expected an object"),
    case({"optimizer": {"lr": 0.5}}, "optimizer", "expected an object"),
    case({"optimizer": {"name": "sgd", "lr": 0.5, "nesterov": 1}}, "optimizer.nesterov", "true or false"),
    case({"optimizer": {"name": "adam", "betas": [0.9]}}, "optimizer.betas", "two numbers"),
    case({"optimizer": {"name": "adam", "betas": [0.9, "x"]}}, "optimizer.betas[1]", "finite"),
    case({"optimizer": {"name": "adam", "betas": [0.9, 1.0]}}, "optimizer.betas[1]", "[0, 1)"),
    case({"optimizer": {"name": "adam", "betas": [-0.1, 0.9]}}, "optimizer.betas[0]", "[0, 1)"),
    case({"optimizer": {"name": "sgd", "lr": 0.5, "momentum": -0.9}}, "optimizer.momentum", "≥ 0"),
    case({"optimizer": {"name": "rmsprop", "alpha": 1.5}}, "optimizer.alpha", "≤ 1"),
    case({"optimizer": {"name": "sgd", "lr": 0.5, "momentum": 0.9, "dampening": 0.1, "nesterov": True}},
         "optimizer.nesterov", "dampening 0"),
    case({"scheduler": {"name": "step", "step_size": 2, "gama": 0.5}}, "scheduler.gama", "unknown key"),
    case({"scheduler": "step"}, "scheduler.name", "expected null"),
    case({"scheduler": {"name": "step", "step_size": 0}}, "scheduler.step_size", "at least 1"),
    case({"scheduler": {"name": "multistep", "milestones": []}}, "scheduler.milestones", "list of epoch"),
    case({"scheduler": {"name": "multistep", "milestones": [3, 2]}}, "scheduler.milestones", "increasing"),
    case({"scheduler": {"name": "multistep", "milestones": [2, 2]}}, "scheduler.milestones", "increasing"),
    case({"scheduler": {"name": "exponential", "gamma": 0}}, "scheduler.gamma", "positive"),
    case({"scheduler": {"name": "exponential"}}, "scheduler.gamma", "missing"),
    case({"shuffle": "no"}, "shuffle", "true or false"),
    case({"batch_size": 1.5}, "batch_size", "integer"),
    case({"l1": -0.01}, "l1", "≥ 0"),
    case({"l1": float("inf")}, "l1", "finite"),
    case({"dropout": [0.1, 0.2]}, "dropout", "one per hidden layer"),
    case({"dropout": [-0.1]}, "dropout[0]", "[0, 1)"),
    case({"seed": -3}, "seed", "at least 0"),
    case({"dtype": "float16"}, "dtype", "float64 or float32"),
    case({"name": 7}, "name", "string"),
    case({"description": ["x"]}, "description", "string"),
    case({"features": [], "data": GENERATED}, "features", "expected a list"),
    case({"features": ["x1", "x3"], "data": GENERATED}, "features[1]", "unknown feature"),
    case({"features": ["x1", "x1"], "data": GENERATED}, "features", "listed twice"),
    case({"features": ["x1", "x2", "x1*x2"], "data": GENERATED}, "layers[0]", "3 features need 3 inputs"),
    case({"data": [[0.05, 0.1]]}, "data", "expected an object"),
    case({"data": {**GENERATED, "test_fraction": 1.0}}, "data.test_fraction", "[0, 1)"),
    case({"data": {**GENERATED, "test_fraction": -0.1}}, "data.test_fraction", "[0, 1)"),
    case({"data": {**GENERATED, "noize": 0.1}}, "data.noize", "unknown key"),
    case({"data": GENERATED, "layers": [3, 2, 2], "weights": DROP, "biases": DROP,
          "init": {"scheme": "zeros"}}, "layers[0]", "2 inputs"),
    case({"data": {**GENERATED, "n": 0}}, "data.n", "at least 1"),
    case({"data": {**GENERATED, "noise": -0.1}}, "data.noise", "≥ 0"),
    case({"data": {**GENERATED, "seed": -1}}, "data.seed", "at least 0"),
    case({"data": {**GENERATED, "classes": 1}}, "data.classes", "at least 2"),
    case({"data": {"csv": 3, "targets": ["y"]}}, "data.csv", "file path"),
    case({"data": {"csv": "d.csv", "targets": "y"}}, "data.targets", "column names"),
    case({"data": {"csv": "d.csv", "targets": ["y"], "inputs": [1]}}, "data.inputs", "column names"),
    case({"data": {"csv": "d.csv"}}, "data.targets", "name the target columns"),
    case({"data": {"csv": "d.csv", "targets": ["y"], "sep": ";"}}, "data.sep", "unknown key"),
    case({"data": {"inputs": [[0.05, 0.1]], "targets": [[0.01, 0.99]], "seed": 1}}, "data.seed",
         "unknown key"),
    case({"data": {"targets": [[0.01, 0.99]]}}, "data.inputs", "missing"),
    case({"data": {"inputs": [[0.05, 0.1]]}}, "data.targets", "missing"),
    case({"data": {"inputs": [[0.05, 0.1], [0.2, 0.3]], "targets": [[0.01, 0.99]]}},
         "data.targets", "expected 2 rows"),
]


@pytest.mark.parametrize(("change", "field", "words"), CASES)
def test_each_check_names_its_field(change: dict, field: str, words: str) -> None:
    raw = {k: v for k, v in {**BASE, **change}.items() if v is not DROP}
    with pytest.raises(SpecError) as err:
        spec_mod.from_dict(raw)
    assert (err.value.field, words in err.value.problem) == (field, True), err.value.line()


def test_the_base_file_is_valid() -> None:
    """So each case above fails for its own change only."""
    spec = spec_mod.from_dict(BASE)
    assert spec.layers == (2, 2, 2) and spec.optimizer == {"name": "sgd", "lr": 0.5}


def test_top_level_must_be_an_object() -> None:
    with pytest.raises(SpecError) as err:
        spec_mod.from_dict([BASE])
    assert err.value.field == "" and "JSON object" in err.value.problem


@pytest.mark.parametrize("change", [
    {"optimizer": {"name": "sgd", "lr": 0.5, "momentum": 0.9, "nesterov": True}},
    {"optimizer": {"name": "rmsprop", "alpha": 1.0}},
    {"optimizer": {"name": "adam", "betas": [0.0, 0.0]}},
    {"scheduler": {"name": "multistep", "milestones": [1, 3]}},
    {"dropout": [0.0]}, {"l1": 0.0}, {"seed": 0}, {"frozen_layers": [1, 2, 2]},
    {"data": {**GENERATED, "test_fraction": 0.0, "classes": 2, "noise": 0.0, "seed": 0}},
    {"features": ["x1", "x2"], "data": GENERATED},
    {"loss": "bce", "activations": ["sigmoid", "softmax"]},
])
def test_boundary_values_are_accepted(change: dict) -> None:
    """The checks' edges: each value here is allowed, so a check made stricter fails too."""
    spec_mod.from_dict({**BASE, **change})
